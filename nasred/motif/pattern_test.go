package motif

import (
	"slices"
	"strings"
	"testing"

	"github.com/nasred/nasred/nasred/gspan"
)

func TestFormatParsePattern(t *testing.T) {
	v := []string{"input", "op", "output"}
	e := []gspan.Edge{ed(0, 2, "skip_connect"), ed(1, 2, "nor_conv_3x3"), ed(0, 1, "nor_conv_3x3")}
	s := FormatPattern(v, e)
	const want = "v 0 input ; v 1 op ; v 2 output ; e 0 2 skip_connect ; e 1 2 nor_conv_3x3 ; e 0 1 nor_conv_3x3"
	if s != want {
		t.Fatalf("FormatPattern = %q, want %q", s, want)
	}
	v2, e2, err := ParsePattern(s)
	if err != nil || !slices.Equal(v, v2) || !slices.Equal(e, e2) {
		t.Fatalf("ParsePattern(%q) = %v, %v, %v", s, v2, e2, err)
	}
	if MaxInDegree(len(v), e) != 2 {
		t.Errorf("MaxInDegree = %d, want 2", MaxInDegree(len(v), e))
	}
}

func TestParsePatternErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"v 0 a ; ; e 0 0 x", "item 2 is empty"},
		{"v 1 a", "vertex id \"1\", want 0"},
		{"v 0 a ; e 0 1 x", "not a vertex id"},
		{"v 0 a ; e 0 0", "want \"e from to label\""},
		{"v 0 a ; e 0 0 x ; v 1 b", "vertex after an edge"},
		{"w 0 a", "want v or e"},
		{"v 0", "want \"v id label\""},
	}
	for _, tc := range tests {
		_, _, err := ParsePattern(tc.in)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParsePattern(%q) error %v, want one containing %q", tc.in, err, tc.want)
		}
	}
}

func FuzzParsePattern(f *testing.F) {
	f.Add("v 0 input ; v 1 op ; e 0 1 skip_connect")
	f.Add("v 0 a ; e 0 0 x")
	f.Add("")
	f.Add("v 0 a;;e")
	f.Add("e 0 0 x")
	f.Fuzz(func(t *testing.T, s string) {
		v, e, err := ParsePattern(s)
		if err != nil {
			return
		}
		// Whatever parses must round-trip and be a valid matcher input.
		v2, e2, err := ParsePattern(FormatPattern(v, e))
		if err != nil || !slices.Equal(v, v2) || !slices.Equal(e, e2) {
			t.Fatalf("round trip of %q: %v %v %v", s, v2, e2, err)
		}
		if _, err := NewMatcher(v, e); err != nil {
			t.Fatalf("parsed pattern %q rejected by NewMatcher: %v", s, err)
		}
	})
}
