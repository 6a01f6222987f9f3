package darts

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

func TestWiringNumInputs(t *testing.T) {
	// By hand from the reference code: node 2 is fixed to (0, 1); the
	// k-th later node (k = 2, 3, 4 for nodes 3, 4, 5) draws from
	// np.arange(k), that is nodes 0..k-1 = 0..j-2.
	for _, tc := range []struct {
		w    Wiring
		want [4]int // nodes 2..5
	}{
		{WiringAll, [4]int{2, 3, 4, 5}},
		{WiringOriginal, [4]int{2, 2, 3, 4}},
	} {
		for j := 2; j <= 5; j++ {
			if got := tc.w.NumInputs(j); got != tc.want[j-2] {
				t.Errorf("%v: node %d reads %d nodes, want %d", tc.w, j, got, tc.want[j-2])
			}
		}
	}
}

func TestParseWiring(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Wiring
	}{{"all", WiringAll}, {"", WiringAll}, {" Original ", WiringOriginal}} {
		got, err := ParseWiring(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseWiring(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	if _, err := ParseWiring("orig"); err == nil || !strings.Contains(err.Error(), `unknown wiring "orig": want all or original`) {
		t.Errorf("ParseWiring(orig): error %v", err)
	}
	for _, name := range WiringNames() {
		w, err := ParseWiring(name)
		if err != nil || w.String() != name {
			t.Errorf("name %q round-trips to %v, %v", name, w, err)
		}
	}
	if s := Wiring(7).String(); s != "Wiring(7)" {
		t.Errorf("String of an unknown wiring: %q", s)
	}
}

// originalConstraint returns a built-in constraint with the reference
// code's wiring.
func originalConstraint(t *testing.T, name string) Constraint {
	t.Helper()
	c, err := BuiltinConstraint(name)
	if err != nil {
		t.Fatal(err)
	}
	c.Wiring = WiringOriginal
	return c
}

// TestOriginalWiringStatistics checks the original wiring's distribution:
// every input pair the reference code can draw is drawn equally often
// (np.random.choice(np.arange(k), 2, replace=False) is a uniform ordered
// pair), and no other pair is ever drawn.
func TestOriginalWiringStatistics(t *testing.T) {
	for _, name := range []string{"skip", "primskip", "random"} {
		c := originalConstraint(t, name)
		s, err := c.Sampler()
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range checkSampler(name+"/original", s, c) {
			t.Error(f)
		}
	}
}

// TestOriginalWiringStructure checks the structural facts of the
// reference code's Skip / PrimSkip samplers, and that the corrected
// wiring breaks each of them.
func TestOriginalWiringStructure(t *testing.T) {
	for _, name := range []string{"skip", "primskip"} {
		for _, w := range []Wiring{WiringOriginal, WiringAll} {
			gs, err := SampleN(context.Background(), SampleOptions{Constraint: name, N: 2000, Seed: 3, Wiring: w})
			if err != nil {
				t.Fatal(err)
			}
			var node3NotInputs, node4Reads3, node5Reads4 int
			pairs4, pairs5 := map[[2]int]bool{}, map[[2]int]bool{}
			for _, g := range gs {
				for _, cell := range []Cell{g.Normal, g.Reduce} {
					if cell[0] != (Edge{SkipConnect, 0}) || cell[1] != (Edge{SkipConnect, 1}) {
						t.Fatalf("%s/%v: node 2 of %v is not skip from 0 and skip from 1", name, w, g)
					}
					if in := [2]int{cell[2].Input, cell[3].Input}; in != [2]int{0, 1} && in != [2]int{1, 0} {
						node3NotInputs++
					}
					if cell[4].Input == 3 || cell[5].Input == 3 {
						node4Reads3++
					}
					if cell[6].Input == 4 || cell[7].Input == 4 {
						node5Reads4++
					}
					pairs4[[2]int{cell[4].Input, cell[5].Input}] = true
					pairs5[[2]int{cell[6].Input, cell[7].Input}] = true
				}
			}
			if w == WiringOriginal {
				if node3NotInputs+node4Reads3+node5Reads4 != 0 {
					t.Errorf("%s/original: node 3 off the inputs %d times, node 4 reads 3 %d times, node 5 reads 4 %d times; want 0",
						name, node3NotInputs, node4Reads3, node5Reads4)
				}
				// All ordered pairs of {0,1,2} and of {0,1,2,3} occur.
				if len(pairs4) != 6 || len(pairs5) != 12 {
					t.Errorf("%s/original: %d node-4 and %d node-5 input pairs, want 6 and 12", name, len(pairs4), len(pairs5))
				}
			} else if node3NotInputs == 0 || node4Reads3 == 0 || node5Reads4 == 0 {
				t.Errorf("%s/all: node 3 off the inputs %d times, node 4 reads 3 %d times, node 5 reads 4 %d times; want all > 0",
					name, node3NotInputs, node4Reads3, node5Reads4)
			}
		}
	}
}

// TestWiringDefaultUnchanged pins the default sampler's output: the
// wiring option must not change what the corrected samplers draw.
func TestWiringDefaultUnchanged(t *testing.T) {
	for _, name := range BuiltinNames() {
		a, err := SampleN(context.Background(), SampleOptions{Constraint: name, N: 200, Seed: 11})
		if err != nil {
			t.Fatal(err)
		}
		b, err := SampleN(context.Background(), SampleOptions{Constraint: name, N: 200, Seed: 11, Wiring: WiringAll})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(a, b) {
			t.Errorf("%s: explicit WiringAll samples differently", name)
		}
	}
	// The first PrimSkip sample for seed 1, drawn before the option
	// existed.
	gs, err := SampleN(context.Background(), SampleOptions{Constraint: "primskip", N: 1, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := gs[0].CompactString(), primskipSeed1; got != want {
		t.Errorf("primskip seed 1: %s, want %s", got, want)
	}
}

func TestWiringConstraintJSON(t *testing.T) {
	c := originalConstraint(t, "primskip")
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"wiring":"original"`) {
		t.Errorf("wiring not written by name: %s", b)
	}
	d, err := ParseConstraint(b)
	if err != nil {
		t.Fatal(err)
	}
	if d.Wiring != WiringOriginal {
		t.Errorf("wiring after a JSON round trip: %v", d.Wiring)
	}
	all, _ := BuiltinConstraint("primskip")
	if b, _ := json.Marshal(all); strings.Contains(string(b), "wiring") {
		t.Errorf("default wiring written: %s", b)
	}
	for _, tc := range []struct{ json, want string }{
		{`{"wiring": "bogus"}`, `unknown wiring "bogus"`},
		// Under the original wiring node 5 reads only 0..3.
		{`{"wiring": "original", "rules": [{"edges": [6], "input": 4}]}`, "edge 6 feeds node 5, so its input must be in 0..3, got 4"},
		{`{"wiring": "original", "rules": [{"edges": [2], "input": 2}]}`, "edge 2 feeds node 3, so its input must be in 0..1, got 2"},
	} {
		if _, err := ParseConstraint([]byte(tc.json)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.json, err, tc.want)
		}
	}
	if _, err := (Constraint{Wiring: Wiring(5)}).Sampler(); err == nil || !strings.Contains(err.Error(), "unknown wiring 5") {
		t.Errorf("unknown wiring value: error %v", err)
	}
}

func TestWiringCheck(t *testing.T) {
	c := originalConstraint(t, "skip")
	gs, err := SampleN(context.Background(), SampleOptions{Constraint: "skip", N: 200, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	rejected := 0
	for _, g := range gs {
		err := c.Check(g)
		breaks := false
		for _, cell := range []Cell{g.Normal, g.Reduce} {
			breaks = breaks || cell[2].Input > 1 || cell[3].Input > 1 || cell[4].Input > 2 || cell[5].Input > 2 || cell[6].Input > 3 || cell[7].Input > 3
		}
		if breaks != (err != nil) {
			t.Fatalf("%v: original-wiring Check error %v, but it breaks the wiring: %v", g, err, breaks)
		}
		if err != nil {
			rejected++
			if !strings.Contains(err.Error(), "wiring original lets node") {
				t.Errorf("Check error %q does not name the wiring", err)
			}
		}
	}
	if rejected == 0 {
		t.Error("no corrected Skip sample breaks the original wiring")
	}
}

// primskipSeed1 is the first PrimSkip genotype for seed 1, as drawn by
// the sampler before the wiring option was added.
const primskipSeed1 = "[[(0, 2), (1, 2), (2, 3), (0, 3), (2, 4), (1, 3), (2, 3), (3, 4)], [(0, 2), (1, 2), (2, 3), (0, 3), (1, 4), (2, 4), (1, 3), (3, 4)]]"

// FuzzParseWiring: whatever parses names a known wiring whose name parses
// back to it; everything else is an error.
func FuzzParseWiring(f *testing.F) {
	for _, s := range []string{"all", "original", "", " ORIGINAL", "orig", "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		w, err := ParseWiring(s)
		if err != nil {
			return
		}
		if w != WiringAll && w != WiringOriginal {
			t.Fatalf("ParseWiring(%q) = %d", s, int(w))
		}
		if back, err := ParseWiring(w.String()); err != nil || back != w {
			t.Fatalf("%q: %v does not round-trip: %v, %v", s, w, back, err)
		}
	})
}
