package darts

import (
	"errors"
	"strings"
	"testing"
)

func TestValidate(t *testing.T) {
	tests := []struct {
		name      string
		edge      int
		e         Edge
		allowNone bool
		rule      string // "" = valid
		msg       string
	}{
		{"valid", 7, Edge{DilConv5x5, 4}, false, "", ""},
		{"none rejected", 3, Edge{None, 1}, false, RuleNone, "normal edge 3 (genotype edge 3, into node 3): " + RuleNone},
		{"none allowed", 3, Edge{None, 1}, true, "", ""},
		{"op out of range", 12, Edge{Op(9), 0}, true, RuleOp, "reduce edge 4 (genotype edge 12, into node 4): " + RuleOp + ": got op index 9"},
		{"input = node", 4, Edge{SepConv3x3, 4}, false, RuleInput, "got input 4, want 0..3"},
		{"input later", 0, Edge{SepConv3x3, 3}, false, RuleInput, "got input 3, want 0..1"},
		{"input negative", 9, Edge{SepConv3x3, -1}, false, RuleInput, "reduce edge 1 (genotype edge 9, into node 2)"},
		{"same inputs", 5, Edge{SepConv3x3, 1}, false, RuleDistinct, "both edges into node 4 read node 1"},
		{"same inputs first edge", 14, Edge{SepConv3x3, 2}, false, RuleDistinct, "reduce edge 7 (genotype edge 15, into node 5)"},
	}
	for _, tc := range tests {
		g := DARTSV2.WithEdge(tc.edge, tc.e)
		// DARTSV2 edge 4 reads node 1, edge 5 node 0; edge 15 reads node 1.
		if tc.name == "same inputs first edge" {
			g = DARTSV2.WithEdge(14, Edge{SepConv3x3, 1})
		}
		err := g.Validate(tc.allowNone)
		if tc.rule == "" {
			if err != nil {
				t.Errorf("%s: unexpected error %v", tc.name, err)
			}
			continue
		}
		var ve *ValidationError
		if !errors.As(err, &ve) || ve.Rule != tc.rule {
			t.Errorf("%s: error %v, want rule %q", tc.name, err, tc.rule)
			continue
		}
		if !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%s: error %q does not contain %q", tc.name, err, tc.msg)
		}
	}
	// Several errors are all reported.
	g := DARTSV2.WithEdge(0, Edge{None, 0}).WithEdge(15, Edge{SkipConnect, 7})
	err := g.Validate(false)
	if err == nil || !strings.Contains(err.Error(), "genotype edge 0") || !strings.Contains(err.Error(), "genotype edge 15") {
		t.Errorf("two broken edges: %v", err)
	}
	var zero Genotype
	if err := zero.Validate(false); err == nil {
		t.Error("zero Genotype validates")
	}
}

func TestEdgeAccessors(t *testing.T) {
	for i := 0; i < NumEdges; i++ {
		e := Edge{Op(i % NumOps), i % 2}
		g := DARTSV2.WithEdge(i, e)
		if g.Edge(i) != e {
			t.Errorf("edge %d not set", i)
		}
		for k := 0; k < NumEdges; k++ {
			if k != i && g.Edge(k) != DARTSV2.Edge(k) {
				t.Errorf("WithEdge(%d) changed edge %d", i, k)
			}
		}
	}
	if DARTSV2.Edge(8) != DARTSV2.Reduce[0] || DARTSV2.Edge(7) != DARTSV2.Normal[7] {
		t.Error("edge numbering")
	}
	defer func() {
		if recover() == nil {
			t.Error("Edge(16) did not panic")
		}
	}()
	DARTSV2.Edge(16)
}

func TestOps(t *testing.T) {
	names := []string{"max_pool_3x3", "avg_pool_3x3", "skip_connect", "sep_conv_3x3", "sep_conv_5x5", "dil_conv_3x3", "dil_conv_5x5", "none"}
	for i, n := range names {
		if Op(i).String() != n {
			t.Errorf("Op(%d) = %s, want %s", i, Op(i), n)
		}
		o, err := ParseOp(n)
		if err != nil || o != Op(i) {
			t.Errorf("ParseOp(%s) = %v, %v", n, o, err)
		}
	}
	if len(Ops()) != NumOps || Op(8).String() != "Op(8)" {
		t.Error("Ops / out of range String")
	}
	if _, err := ParseOp("Skip_Connect"); err == nil {
		t.Error("ParseOp is case-insensitive")
	}
}
