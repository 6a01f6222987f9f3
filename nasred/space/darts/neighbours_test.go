package darts

import (
	"math"
	"math/rand/v2"
	"sort"
	"testing"
)

func TestNeighbourCounts(t *testing.T) {
	want := []int{6, 6, 7, 7, 8, 8, 9, 9}
	total := 0
	for i := 0; i < NumEdges; i++ {
		if got := NeighbourCount(i); got != want[i%8] {
			t.Errorf("NeighbourCount(%d) = %d, want %d", i, got, want[i%8])
		}
		if got := len(DARTSV2.Neighbours(i)); got != want[i%8] {
			t.Errorf("len(Neighbours(%d)) = %d, want %d", i, got, want[i%8])
		}
		total += NeighbourCount(i)
	}
	if total != 120 {
		t.Errorf("total %d, want 120", total)
	}
}

// TestNeighboursBruteForce compares Neighbours with a filter over every
// (op, input) replacement of the edge: op swaps keep the input, rewirings
// keep the op, and the result must be a valid genotype.
func TestNeighboursBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	s, _ := NewSampler("random")
	for trial := 0; trial < 200; trial++ {
		g := s.Sample(r)
		for i := 0; i < NumEdges; i++ {
			cur := g.Edge(i)
			var want []string
			for op := Op(0); op < NumOps; op++ {
				for in := 0; in < 6; in++ {
					x := Edge{op, in}
					h := g.WithEdge(i, x)
					if x == cur || h.Validate(false) != nil {
						continue
					}
					if (op != cur.Op && in == cur.Input) || (op == cur.Op && in != cur.Input) {
						want = append(want, h.CompactString())
					}
				}
			}
			var got []string
			for _, h := range g.Neighbours(i) {
				got = append(got, h.CompactString())
			}
			sort.Strings(want)
			sort.Strings(got)
			if len(got) != len(want) {
				t.Fatalf("%v edge %d: %d neighbours, want %d", g, i, len(got), len(want))
			}
			for k := range got {
				if got[k] != want[k] {
					t.Fatalf("%v edge %d: neighbour %s, want %s", g, i, got[k], want[k])
				}
			}
		}
	}
}

func TestNeighboursOfNone(t *testing.T) {
	g := DARTSV2.WithEdge(3, Edge{None, 1})
	n := g.Neighbours(3)
	if len(n) != 8 { // 7 ops + 1 rewiring
		t.Fatalf("%d neighbours of a none edge into node 3, want 8", len(n))
	}
	for _, h := range n {
		if h.Edge(3).Op == None && h.Edge(3).Input == 1 {
			t.Errorf("neighbour equals g")
		}
	}
}

// signature evaluates a cell numerically: each op is a distinct random
// function f_op(x) = sin(a x) + b x (f(0) = 0), None is 0, a node sums its
// edges; the signature is the sorted multiset of the four node values for
// a few random input pairs. Equivalent cells (in the sense of
// Cell.Canonical) have equal signatures (the converse does not hold: the
// signature ties the weights of equal ops on equal inputs and expands
// skip connections algebraically).
func signature(c Cell) [3][4]float64 {
	coef := [NumOps][2]float64{{1.3, 0.2}, {-0.7, 1.1}, {0, 1}, {2.1, -0.4}, {0.45, 0.9}, {-1.7, 0.35}, {3.3, -1.2}}
	ins := [3][2]float64{{0.37, -1.21}, {1.9, 0.61}, {-0.83, 2.2}}
	var sig [3][4]float64
	for t, in := range ins {
		var v [6]float64
		v[0], v[1] = in[0], in[1]
		for k, e := range c {
			if e.Op == None {
				continue
			}
			x := v[e.Input]
			v[NodeOf(k)] += math.Sin(coef[e.Op][0]*x) + coef[e.Op][1]*x
		}
		s := v[2:]
		sort.Float64s(s)
		copy(sig[t][:], s)
	}
	return sig
}

func sigEqual(a, b [3][4]float64) bool {
	for i := range a {
		for j := range a[i] {
			if math.Abs(a[i][j]-b[i][j]) > 1e-9 {
				return false
			}
		}
	}
	return true
}

// randomCell draws a cell with ops from a small set (so that equivalent
// cells are frequent), optionally with None edges.
func randomCell(r *rand.Rand, ops []Op, noneProb float64) Cell {
	var c Cell
	for k := 0; k < CellEdges; k += 2 {
		j := NodeOf(k)
		a := r.IntN(j)
		b := r.IntN(j - 1)
		if b >= a {
			b++
		}
		c[k] = Edge{ops[r.IntN(len(ops))], a}
		c[k+1] = Edge{ops[r.IntN(len(ops))], b}
		for t := k; t <= k+1; t++ {
			if r.Float64() < noneProb {
				c[t].Op = None
			}
		}
	}
	return c
}

// isomorphic is the oracle for Cell.Canonical: the live edges (dead ones
// removed, see Cell.Dead) of a and b, as a multiset of (from, to, op)
// triples, are equal under some permutation of nodes 2..5 (0 and 1
// fixed).
func isomorphic(a, b Cell) bool {
	type triple struct {
		from, to int
		op       Op
	}
	live := func(c Cell) []triple {
		dead, _ := c.Dead()
		var out []triple
		for k, e := range c {
			if !dead[k] {
				out = append(out, triple{e.Input, NodeOf(k), e.Op})
			}
		}
		return out
	}
	ea, eb := live(a), live(b)
	if len(ea) != len(eb) {
		return false
	}
	count := map[triple]int{}
	for _, e := range eb {
		count[e]++
	}
	p := []int{2, 3, 4, 5}
	var try func(k int) bool
	try = func(k int) bool {
		if k == len(p) {
			m := func(v int) int {
				if v < 2 {
					return v
				}
				return p[v-2]
			}
			c := map[triple]int{}
			for _, e := range ea {
				c[triple{m(e.from), m(e.to), e.op}]++
			}
			for t, n := range count {
				if c[t] != n {
					return false
				}
			}
			return true
		}
		for i := k; i < len(p); i++ {
			p[k], p[i] = p[i], p[k]
			if try(k + 1) {
				return true
			}
			p[k], p[i] = p[i], p[k]
		}
		return false
	}
	return try(0)
}

func TestCanonicalAgainstIsomorphism(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, noneProb := range []float64{0, 0.3} {
		// Few ops, so that equivalent cells are frequent; half of them
		// with a single op (pure wiring).
		cells := make([]Cell, 400)
		for i := range cells {
			ops := []Op{SkipConnect, SepConv3x3}
			if i%2 == 0 {
				ops = ops[1:]
			}
			cells[i] = randomCell(r, ops, noneProb)
		}
		keys := make([]Cell, len(cells))
		for i, c := range cells {
			keys[i] = c.Canonical()
			// The representative computes the same thing...
			if !sigEqual(signature(keys[i]), signature(c)) {
				t.Fatalf("representative %v of %v computes something else", keys[i], c)
			}
			if !isomorphic(keys[i], c) {
				t.Fatalf("representative %v of %v is not isomorphic to it", keys[i], c)
			}
			// ...is a fixed point and a valid cell.
			if keys[i].Canonical() != keys[i] {
				t.Fatalf("Canonical not idempotent on %v", c)
			}
			if err := (Genotype{keys[i], keys[i]}).Validate(true); err != nil {
				t.Fatalf("representative of %v invalid: %v", c, err)
			}
		}
		equalPairs := 0
		for i := range cells {
			for j := i + 1; j < len(cells); j++ {
				ke, iso := keys[i] == keys[j], isomorphic(cells[i], cells[j])
				if ke != iso {
					t.Fatalf("none=%v: %v and %v: equal keys %v, isomorphic %v", noneProb, cells[i], cells[j], ke, iso)
				}
				if ke && cells[i] != cells[j] {
					equalPairs++
				}
			}
		}
		if equalPairs < 10 {
			t.Errorf("none=%v: only %d equivalent distinct pairs; the test lacks power", noneProb, equalPairs)
		}
		t.Logf("none=%v: %d equivalent pairs of distinct cells", noneProb, equalPairs)
	}
}

// scramble returns a random cell equivalent to c: a random relabelling of
// the intermediate nodes that keeps live edges pointing forward, random
// edge order within nodes, and random inputs on dead edges.
func scramble(r *rand.Rand, c Cell) Cell {
	dead, _ := c.Dead()
	for {
		p := r.Perm(4)
		m := func(v int) int {
			if v < 2 {
				return v
			}
			return p[v-2] + 2
		}
		ok := true
		for k, e := range c {
			if !dead[k] && m(e.Input) >= m(NodeOf(k)) {
				ok = false
			}
		}
		if !ok {
			continue
		}
		var out Cell
		var outDead [CellEdges]bool
		for k := 0; k < CellEdges; k += 2 {
			a, b := c[k], c[k+1]
			da, db := dead[k], dead[k+1]
			a.Input, b.Input = m(a.Input), m(b.Input)
			t := 2 * (m(NodeOf(k)) - 2)
			if r.IntN(2) == 0 {
				a, b, da, db = b, a, db, da
			}
			out[t], out[t+1] = a, b
			outDead[t], outDead[t+1] = da, db
		}
		// Dead edges become none with a random input.
		for k := range out {
			if outDead[k] {
				out[k].Op = None
				for j := NodeOf(k); ; {
					if in := r.IntN(j); in != out[k^1].Input {
						out[k].Input = in
						break
					}
				}
			}
		}
		return out
	}
}

func TestCanonicalScrambled(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, noneProb := range []float64{0, 0.3} {
		changed := 0
		for i := 0; i < 2000; i++ {
			c := randomCell(r, Ops(), noneProb)
			d := scramble(r, c)
			if err := (Genotype{d, d}).Validate(true); err != nil {
				t.Fatalf("scramble produced invalid cell: %v", err)
			}
			if !isomorphic(c, d) {
				t.Fatalf("oracle: %v and its scramble %v not isomorphic", c, d)
			}
			if c.Canonical() != d.Canonical() {
				t.Fatalf("%v and equivalent %v: keys %v, %v", c, d, c.Canonical(), d.Canonical())
			}
			if c != d {
				changed++
			}
		}
		if changed < 1000 {
			t.Errorf("scramble changed only %d cells", changed)
		}
	}
}

func TestCanonicalKeyExamples(t *testing.T) {
	// Swapping the two edges of a node.
	g := DARTSV2
	g.Normal[0], g.Normal[1] = g.Normal[1], g.Normal[0]
	if g.CanonicalKey() != DARTSV2.CanonicalKey() {
		t.Error("edge order within a node changes the key")
	}
	// Relabelling nodes 2 and 3 when neither reads the other.
	a := Genotype{
		Normal: Cell{{SepConv3x3, 0}, {SepConv5x5, 1}, {SkipConnect, 0}, {MaxPool3x3, 1}, {SepConv3x3, 2}, {SkipConnect, 3}, {DilConv3x3, 4}, {SkipConnect, 0}},
		Reduce: DARTSV2.Reduce,
	}
	b := a
	b.Normal[0], b.Normal[1], b.Normal[2], b.Normal[3] = a.Normal[2], a.Normal[3], a.Normal[0], a.Normal[1]
	b.Normal[4], b.Normal[5] = Edge{SepConv3x3, 3}, Edge{SkipConnect, 2}
	if a.CanonicalKey() != b.CanonicalKey() {
		t.Errorf("relabelled nodes: %s != %s", a.CanonicalKey(), b.CanonicalKey())
	}
	// A different op is a different cell; normal and reduce are not swapped.
	if a.WithEdge(7, Edge{SepConv3x3, 0}).CanonicalKey() == a.CanonicalKey() {
		t.Error("op change kept the key")
	}
	if (Genotype{a.Reduce, a.Normal}).CanonicalKey() == a.CanonicalKey() {
		t.Error("normal and reduce cells swapped keep the key")
	}
	// Inputs 0 and 1 are not interchangeable.
	c := DARTSV2
	c.Normal[0], c.Normal[1] = Edge{SepConv3x3, 0}, Edge{SkipConnect, 1}
	d := DARTSV2
	d.Normal[0], d.Normal[1] = Edge{SepConv3x3, 1}, Edge{SkipConnect, 0}
	if c.CanonicalKey() == d.CanonicalKey() {
		t.Error("inputs 0 and 1 treated as interchangeable")
	}
	// Dead edges: the input of a none edge does not matter, nor do edges
	// out of a node whose two edges are none.
	e := DARTSV2.WithEdge(2, Edge{None, 0})
	f := DARTSV2.WithEdge(2, Edge{None, 2})
	if e.CanonicalKey() != f.CanonicalKey() {
		t.Error("input of a none edge matters")
	}
	dead := DARTSV2.WithEdge(0, Edge{None, 0}).WithEdge(1, Edge{None, 1}) // node 2 dead
	alsoDead := dead.WithEdge(7, Edge{None, 2})                           // edge 7 reads node 2
	if dead.CanonicalKey() != alsoDead.CanonicalKey() {
		t.Error("edge out of a dead node is not dead")
	}
}

func TestCanonicalNASLibArchs(t *testing.T) {
	m := loadArchs(t)
	keys := map[string]bool{}
	for _, s := range m {
		g, err := ParseCompact(s)
		if err != nil {
			t.Fatal(err)
		}
		keys[g.CanonicalKey()] = true
	}
	t.Logf("%d genotypes, %d canonical keys", len(m), len(keys))
}
