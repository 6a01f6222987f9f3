package darts

import (
	"encoding/json"
	"testing"
)

func addSeeds(f *testing.F) {
	f.Add(dartsV2Text)
	f.Add(pcdartsText)
	f.Add(DARTSV1.CompactString())
	f.Add(DARTSV2.CompactTupleString())
	f.Add("[[[0,3],[1,3],[0,3],[1,3],[1,3],[0,2],[0,2],[2,5]],[[0,0],[1,0],[2,2],[1,0],[0,0],[2,2],[2,2],[1,0]]]")
	f.Add("Genotype(normal=[('none', 0)], reduce=range(6))")
	f.Add("((")
	f.Add("")
}

// checkParsed is the property every parser must have: success implies a
// valid genotype whose text forms parse back to it.
func checkParsed(t *testing.T, in string, g Genotype, err error) {
	if err != nil {
		return
	}
	if verr := g.Validate(true); verr != nil {
		t.Fatalf("parsed %q into an invalid genotype: %v", in, verr)
	}
	for _, s := range []string{g.DARTSString(), g.CompactString(), g.CompactTupleString()} {
		h, err := ParseGenotype(s)
		if err != nil || h != g {
			t.Fatalf("%q: re-parsing %q gives %v, %v", in, s, h, err)
		}
	}
	h, err := FromConfig(g.Config())
	if err != nil || h != g.Sorted() {
		t.Fatalf("%q: config round trip gives %v, %v", in, h, err)
	}
}

func FuzzParseDARTS(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		g, err := ParseDARTS(s)
		checkParsed(t, s, g, err)
	})
}

func FuzzParseCompact(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		g, err := ParseCompact(s)
		checkParsed(t, s, g, err)
	})
}

func FuzzParseGenotype(f *testing.F) {
	addSeeds(f)
	b, _ := json.Marshal(DARTSV2.Config())
	f.Add(string(b))
	f.Fuzz(func(t *testing.T, s string) {
		g, err := ParseGenotype(s)
		checkParsed(t, s, g, err)
	})
}

func FuzzParseConfigJSON(f *testing.F) {
	b, _ := json.Marshal(DARTSV2.Config())
	f.Add(b)
	b, _ = json.Marshal(exampleGenotype.WithEdge(3, Edge{None, 1}).Config())
	f.Add(b)
	f.Add([]byte(`{"NetworkSelectorDatasetInfo:darts:inputs_node_normal_3": "0_2"}`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		g, err := ParseConfigJSON(data)
		checkParsed(t, string(data), g, err)
	})
}

func FuzzParseConstraint(f *testing.F) {
	f.Add([]byte(`{"ops": ["sep_conv_3x3", "sep_conv_5x5"], "rules": [{"edges": [0, 8], "ops": ["skip_connect"], "input": 0}]}`))
	f.Add([]byte(`{"rules": [{"edges": [15], "input": 4}]}`))
	f.Add([]byte(`{"wiring": "original", "rules": [{"edges": [0, 8], "ops": ["skip_connect"], "input": 0}, {"edges": [7], "input": 3}]}`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseConstraint(data)
		if err != nil {
			return
		}
		s, err := c.Sampler()
		if err != nil {
			t.Fatalf("valid constraint %s does not compile: %v", data, err)
		}
		r := NewRand(1)
		for i := 0; i < 20; i++ {
			if err := c.Check(s.Sample(r)); err != nil {
				t.Fatalf("constraint %s: sample breaks it: %v", data, err)
			}
		}
	})
}

// FuzzFastCompact checks the fast path of ParseCompact against the general
// parser: whenever the fast path accepts, the general one agrees.
func FuzzFastCompact(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		g, ok := fastCompact(s)
		if !ok {
			return
		}
		v, err := parsePy(s)
		if err != nil {
			t.Fatalf("fast path accepts %q, general parser: %v", s, err)
		}
		if v.kind != pySeq || len(v.items) != 2 {
			t.Fatalf("fast path accepts %q, not two cells", s)
		}
		for c, cv := range v.items {
			for k, pv := range cv.items {
				e := Edge{Op: Op(pv.items[1].n), Input: pv.items[0].n}
				if g.Cell(c)[k] != e {
					t.Fatalf("%q: fast %v, general %v", s, g.Cell(c)[k], e)
				}
			}
		}
	})
}
