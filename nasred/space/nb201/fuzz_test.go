package nb201

import "testing"

func FuzzParse(f *testing.F) {
	f.Add("|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|")
	f.Add("|none~0|+|none~0|none~1|+|none~0|none~1|none~2|")
	f.Add("|none~0|+|none~0|none~1|")
	f.Add("||+||+||")
	f.Add("|~|+|~|~|+|~|~|~|")
	f.Add("+++")
	f.Fuzz(func(t *testing.T, s string) {
		c, err := Parse(s)
		if err != nil {
			return
		}
		if err := c.Validate(); err != nil {
			t.Fatalf("Parse(%q) returned an invalid cell: %v", s, err)
		}
		back, err := Parse(c.String())
		if err != nil || back != c {
			t.Fatalf("re-parse of %q: %v, %v", c.String(), back, err)
		}
		if c.String() != s {
			t.Fatalf("Parse accepted a non-canonical form %q (canonical %q)", s, c.String())
		}
	})
}
