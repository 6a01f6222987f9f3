package darts

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"

	"github.com/nasred/nasred/internal/input"
)

// Sampler draws genotypes. Implementations are safe for concurrent use;
// all randomness comes from r, so a seeded r gives reproducible samples.
type Sampler interface {
	Sample(r *rand.Rand) Genotype
}

// NewRand returns the generator nasred uses for a seed: PCG seeded with
// (seed, 0). The CLI's --seed S uses it.
func NewRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 0)) }

// Constraint declares a sampling distribution over genotypes. Every edge
// gets an operation drawn uniformly from its allowed set, and each
// intermediate node j draws its two inputs as a uniformly random ordered
// pair of distinct nodes in 0..j-1, except where a rule fixes an input
// (the other input is then uniform over the remaining j-1 nodes). The
// normal and reduction cells are drawn independently. Wiring
// WiringOriginal narrows the candidate inputs to those of the reference
// code (see Wiring).
//
// JSON form (op names as in DARTS; "wiring" may be omitted):
//
//	{"ops": ["skip_connect", "sep_conv_3x3", "sep_conv_5x5"],
//	 "rules": [{"edges": [0, 8], "ops": ["skip_connect"], "input": 0},
//	           {"edges": [1, 9], "ops": ["skip_connect"], "input": 1}],
//	 "wiring": "all"}
type Constraint struct {
	// Name is informational ("prim", "my-constraint").
	Name string `json:"name,omitempty"`
	// Ops is the set of operations allowed on every edge that no rule
	// covers. Empty means all 7 searchable operations.
	Ops []Op `json:"ops,omitempty"`
	// Rules override Ops and fix inputs for particular edges.
	Rules []EdgeRule `json:"rules,omitempty"`
	// Wiring is the set of inputs a node may read: WiringAll (the zero
	// value, paper §5) or WiringOriginal (the reference code's Skip /
	// PrimSkip sampler).
	Wiring Wiring `json:"wiring,omitempty"`
}

// EdgeRule constrains some edges of the genotype.
type EdgeRule struct {
	// Edges are genotype edge indices 0..15 (0-7 normal, 8-15 reduce).
	Edges []int `json:"edges"`
	// Ops are the operations allowed on these edges (one op fixes it).
	// Empty means the constraint's default set.
	Ops []Op `json:"ops,omitempty"`
	// Input, when set, fixes the input node of these edges.
	Input *int `json:"input,omitempty"`
}

// The built-in constraints of paper §5, by name.
var builtinNames = []string{"random", "prim", "skip", "primskip"}

// BuiltinNames returns the names NewSampler and BuiltinConstraint accept.
func BuiltinNames() []string { return slices.Clone(builtinNames) }

// BuiltinConstraint returns a built-in constraint of paper §5:
//   - "random": every op uniform over the 7 operations;
//   - "prim": every op uniform over {skip_connect, sep_conv_3x3, sep_conv_5x5};
//   - "skip": in both cells node 2 = skip_connect from input 0 and
//     skip_connect from input 1 (edges 0, 1, 8, 9); other ops uniform over 7;
//   - "primskip": skip, with the other ops uniform over {sep_conv_3x3, sep_conv_5x5}.
//
// Wiring is uniform in all of them (see Constraint).
func BuiltinConstraint(name string) (Constraint, error) {
	zero, one := 0, 1
	skipRules := []EdgeRule{
		{Edges: []int{0, 8}, Ops: []Op{SkipConnect}, Input: &zero},
		{Edges: []int{1, 9}, Ops: []Op{SkipConnect}, Input: &one},
	}
	switch name {
	case "random":
		return Constraint{Name: name}, nil
	case "prim":
		return Constraint{Name: name, Ops: []Op{SkipConnect, SepConv3x3, SepConv5x5}}, nil
	case "skip":
		return Constraint{Name: name, Rules: skipRules}, nil
	case "primskip":
		return Constraint{Name: name, Ops: []Op{SepConv3x3, SepConv5x5}, Rules: skipRules}, nil
	}
	return Constraint{}, fmt.Errorf("unknown constraint %q: want one of random, prim, skip, primskip", name)
}

// NewSampler returns the sampler of a built-in constraint ("random",
// "prim", "skip", "primskip").
func NewSampler(name string) (Sampler, error) {
	c, err := BuiltinConstraint(name)
	if err != nil {
		return nil, err
	}
	return c.Sampler()
}

// ParseConstraint decodes a constraint from JSON (unknown fields are an
// error) and validates it.
func ParseConstraint(data []byte) (Constraint, error) {
	var c Constraint
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return Constraint{}, fmt.Errorf("parse constraint: %w", err)
	}
	if dec.More() {
		return Constraint{}, fmt.Errorf("parse constraint: data after the JSON object")
	}
	if _, err := c.compile(); err != nil {
		return Constraint{}, fmt.Errorf("parse constraint: %w", err)
	}
	return c, nil
}

// MaxConstraintBytes bounds a constraint JSON file: 1 MiB (a constraint
// has at most 16 edge rules, a few hundred bytes); NASRED_MAX_INPUT_BYTES
// replaces it.
const MaxConstraintBytes = 1 << 20

// LoadConstraint reads a constraint JSON file ("-": standard input; at
// most MaxConstraintBytes). A cancelled ctx ends a wait for a FIFO's
// writer.
func LoadConstraint(ctx context.Context, path string) (Constraint, error) {
	data, err := input.ReadFile(ctx, path, input.Limit{What: "a constraint JSON file (--constraint-file)", Bytes: MaxConstraintBytes})
	if err != nil {
		return Constraint{}, fmt.Errorf("read constraint: %w", err)
	}
	c, err := ParseConstraint(data)
	if err != nil {
		return Constraint{}, fmt.Errorf("%s: %w", path, err)
	}
	return c, nil
}

// Validate checks that the constraint can be sampled: edge indices in
// 0..15, each edge in at most one rule, only searchable operations, no
// empty op set, fixed inputs among those the wiring allows for the edge's
// node and the two edges of a node not fixed to the same input.
func (c Constraint) Validate() error {
	_, err := c.compile()
	return err
}

// Sampler compiles the constraint into a sampler.
func (c Constraint) Sampler() (*ConstraintSampler, error) {
	s, err := c.compile()
	if err != nil {
		return nil, err
	}
	return s, nil
}

// Check reports whether g can be drawn by the constraint: the first edge
// whose op is not allowed or whose input differs from a fixed input is
// named in the error. g's wiring must also be valid, and under
// WiringOriginal every input must be one that wiring allows.
func (c Constraint) Check(g Genotype) error {
	s, err := c.compile()
	if err != nil {
		return err
	}
	if err := g.Validate(false); err != nil {
		return err
	}
	for i := 0; i < NumEdges; i++ {
		e := g.Edge(i)
		if !slices.Contains(s.ops[i], e.Op) {
			return fmt.Errorf("edge %d: op %v not allowed by constraint %q (allowed %v)", i, e.Op, c.Name, s.ops[i])
		}
		if s.input[i] >= 0 && e.Input != s.input[i] {
			return fmt.Errorf("edge %d: input %d, constraint %q fixes it to %d", i, e.Input, c.Name, s.input[i])
		}
		if j := NodeOf(i); e.Input >= s.wiring.NumInputs(j) {
			return fmt.Errorf("edge %d: input %d, but wiring %v lets node %d read only nodes 0..%d", i, e.Input, s.wiring, j, s.wiring.NumInputs(j)-1)
		}
	}
	return nil
}

// ConstraintSampler samples a compiled Constraint.
type ConstraintSampler struct {
	ops    [NumEdges][]Op
	input  [NumEdges]int // -1: free
	wiring Wiring
}

func checkOps(ops []Op) error {
	seen := map[Op]bool{}
	for _, o := range ops {
		if o >= NumOps {
			return fmt.Errorf("op %v is not a searchable operation", o)
		}
		if seen[o] {
			return fmt.Errorf("op %v listed twice", o)
		}
		seen[o] = true
	}
	return nil
}

func (c Constraint) compile() (*ConstraintSampler, error) {
	def := c.Ops
	if len(def) == 0 {
		def = Ops()
	}
	if err := checkOps(def); err != nil {
		return nil, fmt.Errorf("constraint %q: ops: %w", c.Name, err)
	}
	if c.Wiring != WiringAll && c.Wiring != WiringOriginal {
		return nil, fmt.Errorf("constraint %q: unknown wiring %d", c.Name, int(c.Wiring))
	}
	s := &ConstraintSampler{wiring: c.Wiring}
	covered := [NumEdges]bool{}
	for i := range s.ops {
		s.ops[i] = def
		s.input[i] = -1
	}
	for r, rule := range c.Rules {
		if len(rule.Edges) == 0 {
			return nil, fmt.Errorf("constraint %q: rule %d lists no edges", c.Name, r)
		}
		if err := checkOps(rule.Ops); err != nil {
			return nil, fmt.Errorf("constraint %q: rule %d: %w", c.Name, r, err)
		}
		for _, e := range rule.Edges {
			if e < 0 || e >= NumEdges {
				return nil, fmt.Errorf("constraint %q: rule %d: edge %d out of range 0..15", c.Name, r, e)
			}
			if covered[e] {
				return nil, fmt.Errorf("constraint %q: rule %d: edge %d is already covered by an earlier rule", c.Name, r, e)
			}
			covered[e] = true
			if len(rule.Ops) > 0 {
				s.ops[e] = rule.Ops
			}
			if rule.Input != nil {
				in := *rule.Input
				if n := c.Wiring.NumInputs(NodeOf(e)); in < 0 || in >= n {
					return nil, fmt.Errorf("constraint %q: rule %d: edge %d feeds node %d, so its input must be in 0..%d, got %d", c.Name, r, e, NodeOf(e), n-1, in)
				}
				s.input[e] = in
			}
		}
	}
	for e := 0; e < NumEdges; e += 2 {
		if s.input[e] >= 0 && s.input[e] == s.input[e+1] {
			return nil, fmt.Errorf("constraint %q: edges %d and %d both feed node %d and are fixed to the same input %d", c.Name, e, e+1, NodeOf(e), s.input[e])
		}
	}
	return s, nil
}

// Sample draws one genotype. Per node: wiring first (edge 2k then 2k+1),
// then the two ops; normal cell then reduction cell.
func (s *ConstraintSampler) Sample(r *rand.Rand) Genotype {
	var g Genotype
	for i := 0; i < NumEdges; i += 2 {
		j := s.wiring.NumInputs(NodeOf(i)) // candidate inputs 0..j-1
		a, b := s.input[i], s.input[i+1]
		switch {
		case a < 0 && b < 0:
			a = r.IntN(j)
			b = r.IntN(j - 1)
			if b >= a {
				b++
			}
		case a < 0:
			a = r.IntN(j - 1)
			if a >= b {
				a++
			}
		case b < 0:
			b = r.IntN(j - 1)
			if b >= a {
				b++
			}
		}
		oa := s.ops[i][r.IntN(len(s.ops[i]))]
		ob := s.ops[i+1][r.IntN(len(s.ops[i+1]))]
		g = g.WithEdge(i, Edge{oa, a}).WithEdge(i+1, Edge{ob, b})
	}
	return g
}

// SampleOptions are the settings of "nasred sample".
type SampleOptions struct {
	// Constraint is a built-in constraint name (random, prim, skip,
	// primskip); ignored when ConstraintFile is set.
	Constraint string
	// ConstraintFile is a JSON constraint file (see Constraint).
	ConstraintFile string
	// N is the number of genotypes.
	N int
	// Seed seeds NewRand.
	Seed uint64
	// Wiring, when not WiringAll, replaces the constraint's wiring (for
	// example WiringOriginal with "skip" reproduces the reference code's
	// Skip sampler).
	Wiring Wiring
	// Format is "compact" (NASLib list form, the default) or "darts".
	Format string
}

// DefaultSampleOptions returns the CLI defaults.
func DefaultSampleOptions() SampleOptions {
	return SampleOptions{Constraint: "random", N: 10, Format: "compact"}
}

// SampleN draws opt.N genotypes with the constraint of opt.
func SampleN(ctx context.Context, opt SampleOptions) ([]Genotype, error) {
	if opt.N < 0 {
		return nil, fmt.Errorf("the number of genotypes N must be >= 0, got %d", opt.N)
	}
	var c Constraint
	var err error
	if opt.ConstraintFile != "" {
		c, err = LoadConstraint(ctx, opt.ConstraintFile)
	} else {
		c, err = BuiltinConstraint(opt.Constraint)
	}
	if err != nil {
		return nil, err
	}
	if opt.Wiring != WiringAll {
		c.Wiring = opt.Wiring
	}
	s, err := c.Sampler()
	if err != nil {
		return nil, err
	}
	r := NewRand(opt.Seed)
	out := make([]Genotype, opt.N)
	for i := range out {
		if i%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		out[i] = s.Sample(r)
	}
	return out, nil
}

// WriteSamples draws opt.N genotypes and writes them to w, one per line,
// in opt.Format.
func WriteSamples(ctx context.Context, w io.Writer, opt SampleOptions) error {
	format := opt.Format
	if format == "" {
		format = "compact"
	}
	var f func(Genotype) string
	switch format {
	case "compact":
		f = Genotype.CompactString
	case "darts":
		f = Genotype.DARTSString
	default:
		return fmt.Errorf("unknown format %q: want compact or darts", opt.Format)
	}
	gs, err := SampleN(ctx, opt)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	for _, g := range gs {
		buf.WriteString(f(g))
		buf.WriteByte('\n')
		if buf.Len() > 1<<16 {
			if _, err := w.Write(buf.Bytes()); err != nil {
				return err
			}
			buf.Reset()
		}
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// SampleConstraints draws n genotypes under each built-in constraint of
// constraints, constraint k seeded with seed+k.
func SampleConstraints(ctx context.Context, constraints []string, n int, seed uint64) ([][]Genotype, error) {
	if n <= 0 {
		return nil, fmt.Errorf("sample: n = %d, want > 0", n)
	}
	out := make([][]Genotype, 0, len(constraints))
	for k, c := range constraints {
		gs, err := SampleN(ctx, SampleOptions{Constraint: c, N: n, Seed: seed + uint64(k)})
		if err != nil {
			return nil, fmt.Errorf("sample %s: %w", c, err)
		}
		out = append(out, gs)
	}
	return out, nil
}
