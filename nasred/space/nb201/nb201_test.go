package nb201

import (
	"strings"
	"testing"
)

func TestParseFormatRoundTrip(t *testing.T) {
	for code := 0; code < NumCells; code += 7 {
		c, err := FromCode(code)
		if err != nil {
			t.Fatal(err)
		}
		s := c.String()
		got, err := Parse(s)
		if err != nil {
			t.Fatalf("Parse(%q): %v", s, err)
		}
		if got != c || got.Code() != code {
			t.Fatalf("round trip of %q: got %v (code %d), want %v (code %d)", s, got, got.Code(), c, code)
		}
	}
}

func TestParseKnown(t *testing.T) {
	c, err := Parse("|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|none~2|")
	if err != nil {
		t.Fatal(err)
	}
	want := Cell{AvgPool3x3, NorConv1x1, SkipConnect, NorConv1x1, SkipConnect, None}
	if c != want {
		t.Fatalf("got %v, want %v", c, want)
	}
	if c.Op(1, 2) != SkipConnect || c.Op(2, 3) != None || c.Op(0, 1) != AvgPool3x3 {
		t.Fatalf("edge view wrong: %v %v %v", c.Op(1, 2), c.Op(2, 3), c.Op(0, 1))
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		in, wantSub string
	}{
		{"", "node groups"},
		{"|none~0|+|none~0|none~1|", "node groups"},
		{"|none~0|+|none~0|none~1|+|none~0|none~1|conv~2|", `"conv"`},
		{"|none~0|+|none~0|none~1|+|none~0|none~1|none~3|", `"none~3"`},
		{"|none~0|+|none~0|none~1|+|none~0|none~1|", "3 edges"},
		{"|none0|+|none~0|none~1|+|none~0|none~1|none~2|", `"none0"`},
		{"none~0|+|none~0|none~1|+|none~0|none~1|none~2|", "start and end"},
		{"|none~0|+|none~0|none~1|+|none~0|none~1|none~2|+|", "node groups"},
		{"|none~0|+|none~1|none~0|+|none~0|none~1|none~2|", `"none~1"`},
	}
	for _, tt := range tests {
		_, err := Parse(tt.in)
		if err == nil {
			t.Errorf("Parse(%q) succeeded, want error", tt.in)
			continue
		}
		if !strings.Contains(err.Error(), tt.wantSub) {
			t.Errorf("Parse(%q) error %q does not mention %q", tt.in, err, tt.wantSub)
		}
	}
}

func TestEdgesOrder(t *testing.T) {
	want := [NumEdges]Edge{{0, 1}, {0, 2}, {1, 2}, {0, 3}, {1, 3}, {2, 3}}
	if Edges() != want {
		t.Fatalf("Edges() = %v", Edges())
	}
	for k, e := range want {
		if EdgeIndex(e.From, e.To) != k {
			t.Fatalf("EdgeIndex(%d,%d) = %d, want %d", e.From, e.To, EdgeIndex(e.From, e.To), k)
		}
	}
	if EdgeIndex(1, 0) != -1 || EdgeIndex(3, 3) != -1 {
		t.Fatal("EdgeIndex of a missing edge must be -1")
	}
}

func TestNeighbours(t *testing.T) {
	c := MustParse("|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|")
	ns := c.Neighbours()
	if len(ns) != 24 {
		t.Fatalf("%d neighbours, want 24", len(ns))
	}
	seen := map[Cell]bool{}
	for _, n := range ns {
		diff := 0
		for k := range n {
			if n[k] != c[k] {
				diff++
			}
		}
		if diff != 1 {
			t.Fatalf("neighbour %v differs from %v at %d edges", n, c, diff)
		}
		if seen[n] {
			t.Fatalf("neighbour %v repeated", n)
		}
		seen[n] = true
	}
	// Edge-wise: the k-th group of four changes only edge k.
	for k := range NumEdges {
		for _, n := range c.AppendEdgeNeighbours(nil, k) {
			if n[k] == c[k] {
				t.Fatalf("edge %d neighbour keeps the op", k)
			}
		}
	}
}

func TestFromCodeRange(t *testing.T) {
	for _, code := range []int{-1, NumCells, 1 << 40} {
		if _, err := FromCode(code); err == nil {
			t.Errorf("FromCode(%d) succeeded", code)
		}
	}
	if len(All()) != NumCells {
		t.Fatal("All() size")
	}
}

func TestIsomorphismKeyCounts(t *testing.T) {
	iso := map[string]bool{}
	red := map[string]bool{}
	for _, c := range All() {
		iso[c.IsomorphismKey()] = true
		red[c.ReducedKey()] = true
	}
	if len(iso) != 6466 {
		t.Errorf("IsomorphismKey: %d classes, want 6466", len(iso))
	}
	if len(red) != 5390 {
		t.Errorf("ReducedKey: %d classes, want 5390", len(red))
	}
}

func TestIsomorphismKeyCases(t *testing.T) {
	tests := []struct {
		a, b         string
		iso, reduced bool // whether the keys agree
	}{
		// Swapping the intermediate nodes: NB201's convention keeps the
		// zero term of the dead edge 1→2 on node 2 only, so it tells the two
		// apart; the reduced key does not.
		{"|nor_conv_3x3~0|+|avg_pool_3x3~0|none~1|+|skip_connect~0|nor_conv_1x1~1|skip_connect~2|",
			"|avg_pool_3x3~0|+|nor_conv_3x3~0|none~1|+|skip_connect~0|skip_connect~1|nor_conv_1x1~2|", false, true},
		// A dead node: node 1 feeds nothing live, its op does not matter.
		{"|nor_conv_3x3~0|+|skip_connect~0|none~1|+|none~0|none~1|nor_conv_1x1~2|",
			"|avg_pool_3x3~0|+|skip_connect~0|none~1|+|none~0|none~1|nor_conv_1x1~2|", true, true},
		// Different operations on a live edge.
		{"|nor_conv_3x3~0|+|none~0|none~1|+|none~0|skip_connect~1|none~2|",
			"|nor_conv_1x1~0|+|none~0|none~1|+|none~0|skip_connect~1|none~2|", false, false},
		// All-zero cells are all alike.
		{"|none~0|+|none~0|none~1|+|none~0|none~1|none~2|",
			"|nor_conv_3x3~0|+|skip_connect~0|avg_pool_3x3~1|+|none~0|none~1|none~2|", true, true},
		// Order of summands does not matter: conv3(x)+x into node 2 either way.
		{"|skip_connect~0|+|nor_conv_3x3~0|skip_connect~1|+|none~0|none~1|skip_connect~2|",
			"|nor_conv_3x3~0|+|skip_connect~0|skip_connect~1|+|none~0|none~1|skip_connect~2|", true, true},
		// x and x+0 differ under NB201's convention only.
		{"|none~0|+|none~0|none~1|+|skip_connect~0|none~1|none~2|",
			"|nor_conv_3x3~0|+|none~0|none~1|+|skip_connect~0|none~1|skip_connect~2|", false, true},
	}
	for _, tt := range tests {
		a, b := MustParse(tt.a), MustParse(tt.b)
		if got := a.IsomorphismKey() == b.IsomorphismKey(); got != tt.iso {
			t.Errorf("IsomorphismKey of\n %s (%s)\n %s (%s)\nequal = %v, want %v", tt.a, a.IsomorphismKey(), tt.b, b.IsomorphismKey(), got, tt.iso)
		}
		if got := a.ReducedKey() == b.ReducedKey(); got != tt.reduced {
			t.Errorf("ReducedKey of\n %s (%s)\n %s (%s)\nequal = %v, want %v", tt.a, a.ReducedKey(), tt.b, b.ReducedKey(), got, tt.reduced)
		}
	}
}

func TestParseOp(t *testing.T) {
	for _, o := range Ops() {
		got, err := ParseOp(o.String())
		if err != nil || got != o {
			t.Fatalf("ParseOp(%q) = %v, %v", o, got, err)
		}
	}
	if _, err := ParseOp("sep_conv_3x3"); err == nil {
		t.Fatal("ParseOp accepted a DARTS op")
	}
	if Op(9).String() != "Op(9)" || Op(9).Valid() {
		t.Fatal("invalid op")
	}
	if err := (Cell{0, 0, 9}).Validate(); err == nil || !strings.Contains(err.Error(), "edge 2") {
		t.Fatalf("Validate: %v", err)
	}
}
