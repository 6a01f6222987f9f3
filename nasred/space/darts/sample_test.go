package darts

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// pUniform returns the chi-square goodness-of-fit p-value of counts
// against the uniform distribution over len(counts) categories.
func pUniform(counts []int) float64 {
	n := 0
	for _, c := range counts {
		n += c
	}
	e := float64(n) / float64(len(counts))
	x := 0.0
	for _, c := range counts {
		d := float64(c) - e
		x += d * d / e
	}
	return distuv.ChiSquared{K: float64(len(counts) - 1)}.Survival(x)
}

// pIndependent returns the chi-square test p-value of independence of the
// rows and columns of a contingency table.
func pIndependent(tab [][]int) float64 {
	rows, cols := make([]float64, len(tab)), make([]float64, len(tab[0]))
	n := 0.0
	for i, r := range tab {
		for j, c := range r {
			rows[i] += float64(c)
			cols[j] += float64(c)
			n += float64(c)
		}
	}
	x := 0.0
	for i, r := range tab {
		for j, c := range r {
			e := rows[i] * cols[j] / n
			d := float64(c) - e
			x += d * d / e
		}
	}
	return distuv.ChiSquared{K: float64((len(tab) - 1) * (len(tab[0]) - 1))}.Survival(x)
}

// dropEmpty returns tab without its all-zero rows and columns (pairs of
// inputs a wiring never draws), whose expected counts would be 0.
func dropEmpty(tab [][]int) [][]int {
	var keepCol []int
	for j := range tab[0] {
		for _, r := range tab {
			if r[j] != 0 {
				keepCol = append(keepCol, j)
				break
			}
		}
	}
	var out [][]int
	for _, r := range tab {
		var row []int
		sum := 0
		for _, j := range keepCol {
			row = append(row, r[j])
			sum += r[j]
		}
		if sum > 0 {
			out = append(out, row)
		}
	}
	return out
}

// alpha is the level of each test; with a fixed seed the test is
// deterministic, and a level this small keeps a correct sampler passing
// whatever the seed while a real bias (see TestChiSquarePower) fails.
const alpha = 1e-5

const nSamples = 20000

// pairIndex numbers the ordered pair (a, b), a != b, of inputs of node j.
func pairIndex(a, b, j int) int {
	if b > a {
		b--
	}
	return a*(j-1) + b
}

// checkSampler tests a sampler's op and wiring frequencies against the
// distribution the constraint declares and returns the failures.
func checkSampler(name string, s Sampler, c Constraint) (fails []string) {
	failf := func(format string, args ...any) { fails = append(fails, fmt.Sprintf(format, args...)) }
	cs, err := c.compile()
	if err != nil {
		failf("%v", err)
		return fails
	}
	r := NewRand(42)
	var opCount [NumEdges][NumOps]int
	var wire [NumEdges / 2][]int // ordered pairs per node
	for k := range wire {
		j := NodeOf(2 * k)
		wire[k] = make([]int, j*(j-1))
	}
	joint := make([][]int, NumOps) // normal edge 6 op x reduce edge 6 op
	for i := range joint {
		joint[i] = make([]int, NumOps)
	}
	jointWire := make([][]int, 20) // node 5 ordered pair, normal x reduce
	for i := range jointWire {
		jointWire[i] = make([]int, 20)
	}
	for n := 0; n < nSamples; n++ {
		g := s.Sample(r)
		if err := c.Check(g); err != nil {
			failf("%s: sample %d %v breaks its constraint: %v", name, n, g, err)
			return fails
		}
		for i := 0; i < NumEdges; i++ {
			opCount[i][g.Edge(i).Op]++
		}
		for k := range wire {
			a, b := g.Edge(2*k).Input, g.Edge(2*k+1).Input
			wire[k][pairIndex(a, b, NodeOf(2*k))]++
		}
		joint[g.Normal[6].Op][g.Reduce[6].Op]++
		jointWire[pairIndex(g.Normal[6].Input, g.Normal[7].Input, 5)][pairIndex(g.Reduce[6].Input, g.Reduce[7].Input, 5)]++
	}
	for i := 0; i < NumEdges; i++ {
		allowed := cs.ops[i]
		var counts []int
		for o := Op(0); o < NumOps; o++ {
			if slices.Contains(allowed, o) {
				counts = append(counts, opCount[i][o])
			} else if opCount[i][o] != 0 {
				failf("%s: edge %d: op %v drawn %d times, not allowed", name, i, o, opCount[i][o])
			}
		}
		if len(counts) > 1 {
			if p := pUniform(counts); p < alpha {
				failf("%s: edge %d op counts %v not uniform (p = %.3g)", name, i, counts, p)
			}
		}
	}
	for k := range wire {
		e := 2 * k
		j := NodeOf(e)
		n := cs.wiring.NumInputs(j) // allowed inputs 0..n-1
		fa, fb := cs.input[e], cs.input[e+1]
		var counts []int
		for a := 0; a < j; a++ {
			for b := 0; b < j; b++ {
				if a == b {
					continue
				}
				cnt := wire[k][pairIndex(a, b, j)]
				if a >= n || b >= n {
					if cnt != 0 {
						failf("%s: node %d (edges %d, %d): inputs (%d, %d) drawn %d times, wiring %v allows only 0..%d", name, j, e, e+1, a, b, cnt, cs.wiring, n-1)
					}
					continue
				}
				if (fa >= 0 && a != fa) || (fb >= 0 && b != fb) {
					if cnt != 0 {
						failf("%s: node %d (edges %d, %d): inputs (%d, %d) drawn against fixed inputs", name, j, e, e+1, a, b)
					}
					continue
				}
				counts = append(counts, cnt)
			}
		}
		if len(counts) > 1 {
			if p := pUniform(counts); p < alpha {
				failf("%s: node %d (edges %d, %d): ordered input pair counts %v not uniform (p = %.3g)", name, j, e, e+1, counts, p)
			}
		}
	}
	if len(cs.ops[6]) > 1 && len(cs.ops[14]) > 1 {
		var tab [][]int
		for _, row := range joint {
			var r []int
			for _, c := range row {
				if c > 0 {
					r = append(r, c)
				}
			}
			if len(r) > 0 {
				tab = append(tab, r)
			}
		}
		if p := pIndependent(tab); p < alpha {
			failf("%s: ops of normal edge 6 and reduce edge 14 not independent (p = %.3g)", name, p)
		}
	}
	if p := pIndependent(dropEmpty(jointWire)); p < alpha {
		failf("%s: wiring of normal and reduce node 5 not independent (p = %.3g)", name, p)
	}
	return fails
}

func TestSamplerStatistics(t *testing.T) {
	for _, name := range BuiltinNames() {
		s, err := NewSampler(name)
		if err != nil {
			t.Fatal(err)
		}
		c, _ := BuiltinConstraint(name)
		for _, f := range checkSampler(name, s, c) {
			t.Error(f)
		}
	}
	// A user constraint with a fixed op and a single fixed input.
	three := 3
	c := Constraint{Name: "user", Ops: []Op{SepConv3x3, DilConv5x5, MaxPool3x3}, Rules: []EdgeRule{
		{Edges: []int{7}, Ops: []Op{SkipConnect}, Input: &three},
		{Edges: []int{10, 11}, Ops: []Op{AvgPool3x3, SkipConnect}},
	}}
	s, err := c.Sampler()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range checkSampler("user", s, c) {
		t.Error(f)
	}
}

// biased is a sampler that is wrong in a small way: 4 % of the time edge 3
// becomes max_pool_3x3, or node 4 of the reduction cell reads (0, 1).
type biased struct {
	s    Sampler
	wire bool
}

func (b biased) Sample(r *rand.Rand) Genotype {
	g := b.s.Sample(r)
	if r.Float64() < 0.04 {
		if b.wire {
			g.Reduce[4].Input, g.Reduce[5].Input = 0, 1
		} else {
			g.Normal[3].Op = MaxPool3x3
		}
	}
	return g
}

// TestChiSquarePower checks that checkSampler fails on samplers that are
// slightly wrong, so that its passing means something.
func TestChiSquarePower(t *testing.T) {
	c, _ := BuiltinConstraint("random")
	s, _ := c.Sampler()
	for _, wire := range []bool{false, true} {
		if len(checkSampler("biased", biased{s, wire}, c)) == 0 {
			t.Errorf("checkSampler accepts a biased sampler (wire=%v)", wire)
		}
	}
}

func TestSkipHardConstraint(t *testing.T) {
	for _, name := range []string{"skip", "primskip"} {
		s, _ := NewSampler(name)
		r := NewRand(7)
		for i := 0; i < 1000; i++ {
			g := s.Sample(r)
			for _, cell := range []Cell{g.Normal, g.Reduce} {
				if cell[0] != (Edge{SkipConnect, 0}) || cell[1] != (Edge{SkipConnect, 1}) {
					t.Fatalf("%s: node 2 of %v is not skip from 0 and skip from 1", name, g)
				}
				for k := 2; k < CellEdges && name == "primskip"; k++ {
					if cell[k].Op != SepConv3x3 && cell[k].Op != SepConv5x5 {
						t.Fatalf("primskip: edge %d op %v", k, cell[k].Op)
					}
				}
			}
		}
	}
}

func TestSampleReproducible(t *testing.T) {
	opt := SampleOptions{Constraint: "prim", N: 50, Seed: 9}
	a, err := SampleN(context.Background(), opt)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := SampleN(context.Background(), opt)
	if !slices.Equal(a, b) {
		t.Error("same seed, different samples")
	}
	opt.Seed = 10
	c, _ := SampleN(context.Background(), opt)
	if slices.Equal(a, c) {
		t.Error("different seeds, same samples")
	}
}

func TestConstraintErrors(t *testing.T) {
	tests := []struct{ name, json, want string }{
		{"unknown field", `{"opz": []}`, `unknown field "opz"`},
		{"bad op", `{"ops": ["conv"]}`, `unknown operation "conv"`},
		{"none op", `{"ops": ["none"]}`, "none is not a searchable operation"},
		{"dup op", `{"ops": ["skip_connect", "skip_connect"]}`, "listed twice"},
		{"edge range", `{"rules": [{"edges": [16]}]}`, "edge 16 out of range 0..15"},
		{"no edges", `{"rules": [{"ops": ["skip_connect"]}]}`, "rule 0 lists no edges"},
		{"twice", `{"rules": [{"edges": [3]}, {"edges": [3]}]}`, "edge 3 is already covered"},
		{"input late", `{"rules": [{"edges": [2], "input": 3}]}`, "edge 2 feeds node 3, so its input must be in 0..2, got 3"},
		{"same inputs", `{"rules": [{"edges": [4, 5], "input": 1}]}`, "edges 4 and 5 both feed node 4 and are fixed to the same input 1"},
		{"trailing", `{} {}`, "data after the JSON object"},
		{"not json", `[`, "parse constraint"},
	}
	for _, tc := range tests {
		_, err := ParseConstraint([]byte(tc.json))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.name, err, tc.want)
		}
	}
	if _, err := NewSampler("bogus"); err == nil {
		t.Error("NewSampler(bogus) succeeded")
	}
}

func TestLoadConstraint(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.json")
	spec := `{"name": "ps", "ops": ["sep_conv_3x3", "sep_conv_5x5"],
	  "rules": [{"edges": [0, 8], "ops": ["skip_connect"], "input": 0},
	            {"edges": [1, 9], "ops": ["skip_connect"], "input": 1}]}`
	if err := os.WriteFile(path, []byte(spec), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := LoadConstraint(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	// It is PrimSkip: same samples for the same seed.
	a, _ := SampleN(context.Background(), SampleOptions{ConstraintFile: path, N: 100, Seed: 1})
	b, _ := SampleN(context.Background(), SampleOptions{Constraint: "primskip", N: 100, Seed: 1})
	if !slices.Equal(a, b) {
		t.Errorf("constraint file %+v samples differ from primskip", c)
	}
	if _, err := LoadConstraint(context.Background(), filepath.Join(t.TempDir(), "missing.json")); err == nil {
		t.Error("missing file loads")
	}
}

func TestConstraintJSONRoundTrip(t *testing.T) {
	for _, name := range BuiltinNames() {
		c, _ := BuiltinConstraint(name)
		b, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		d, err := ParseConstraint(b)
		if err != nil {
			t.Fatalf("%s: %s: %v", name, b, err)
		}
		s1, _ := c.Sampler()
		s2, _ := d.Sampler()
		r1, r2 := NewRand(5), NewRand(5)
		for i := 0; i < 100; i++ {
			if s1.Sample(r1) != s2.Sample(r2) {
				t.Fatalf("%s: JSON %s samples differently", name, b)
			}
		}
		if name == "primskip" && !strings.Contains(string(b), `"ops":["sep_conv_3x3","sep_conv_5x5"]`) {
			t.Errorf("ops not written by name: %s", b)
		}
	}
}
