package darts

import (
	"fmt"
	"strconv"
	"strings"
)

// ParseGenotype parses a genotype in any textual form nasred knows and
// detects which one from the text:
//   - the DARTS repr "Genotype(normal=[('sep_conv_3x3', 0), ...], normal_concat=[2, 3, 4, 5], reduce=[...], reduce_concat=[2, 3, 4, 5])"
//     (see ParseDARTS);
//   - NASLib's compact form, list "[[(0, 3), ...], [...]]" or tuple
//     "(((0, 3), ...), (...))" (see ParseCompact);
//   - a JSON object of NB301 configuration keys (see FromConfig).
//
// The result passes Validate(true): none is accepted (pruned genotypes);
// call Validate(false) to require a searchable genotype.
func ParseGenotype(s string) (Genotype, error) {
	t := strings.TrimSpace(s)
	switch {
	case strings.HasPrefix(t, "Genotype"):
		return ParseDARTS(s)
	case strings.HasPrefix(t, "[") || strings.HasPrefix(t, "("):
		return ParseCompact(s)
	case strings.HasPrefix(t, "{"):
		return ParseConfigJSON([]byte(s))
	}
	return Genotype{}, fmt.Errorf("parse genotype %s: not a DARTS Genotype(...), NASLib compact [[(input, op), ...], [...]] or NB301 configuration JSON", quoteShort(s))
}

func quoteShort(s string) string {
	if len(s) > 120 {
		s = s[:117] + "..."
	}
	return strconv.Quote(s)
}

// ParseDARTS parses the Python repr of a DARTS Genotype namedtuple:
//
//	Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ...], normal_concat=[2, 3, 4, 5], reduce=[...], reduce_concat=[2, 3, 4, 5])
//
// Each cell is a list of 8 (op name, input) pairs, two per intermediate
// node, or (PC-DARTS style) a list of 4 lists of 2 pairs. Arguments may be
// keywords in any order or positional in namedtuple order; concat fields
// may be lists or range(2, 6), and may be omitted. Concat must be
// [2, 3, 4, 5]: nasred cells always concatenate all four intermediate
// nodes. Strings may use single or double quotes.
func ParseDARTS(s string) (Genotype, error) {
	g, err := parseDARTS(s)
	if err != nil {
		return Genotype{}, fmt.Errorf("parse DARTS genotype %s: %w", quoteShort(s), err)
	}
	return g, nil
}

func parseDARTS(s string) (Genotype, error) {
	v, err := parsePy(s)
	if err != nil {
		return Genotype{}, err
	}
	if v.kind != pyCall || v.s != "Genotype" {
		return Genotype{}, fmt.Errorf("expected Genotype(...), got %s", v.describe())
	}
	order := []string{"normal", "normal_concat", "reduce", "reduce_concat"}
	fields := map[string]*pyVal{}
	for i, a := range v.args {
		name := a.name
		if name == "" {
			if i >= len(order) {
				return Genotype{}, fmt.Errorf("Genotype takes 4 arguments, got %d", len(v.args))
			}
			name = order[i]
		}
		if !contains(order, name) {
			return Genotype{}, fmt.Errorf("unknown Genotype field %q (want normal, normal_concat, reduce, reduce_concat)", name)
		}
		if fields[name] != nil {
			return Genotype{}, fmt.Errorf("Genotype field %s given twice", name)
		}
		fields[name] = a.val
	}
	var g Genotype
	for c, name := range []string{"normal", "reduce"} {
		f := fields[name]
		if f == nil {
			return Genotype{}, fmt.Errorf("missing Genotype field %s", name)
		}
		cell, err := dartsCell(f)
		if err != nil {
			return Genotype{}, fmt.Errorf("%s: %w", name, err)
		}
		if c == 0 {
			g.Normal = cell
		} else {
			g.Reduce = cell
		}
		if cc := fields[name+"_concat"]; cc != nil {
			if err := checkConcat(cc); err != nil {
				return Genotype{}, fmt.Errorf("%s_concat: %w", name, err)
			}
		}
	}
	if err := g.Validate(true); err != nil {
		return Genotype{}, err
	}
	return g, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func dartsCell(v *pyVal) (Cell, error) {
	var cell Cell
	if v.kind != pySeq {
		return cell, fmt.Errorf("expected a list of 8 (op, input) pairs, got %s", v.describe())
	}
	items := v.items
	// PC-DARTS nests the pairs per node: [[pair, pair] x 4].
	if len(items) == 4 {
		var flat []*pyVal
		for _, it := range items {
			if it.kind != pySeq || len(it.items) != 2 || it.items[0].kind != pySeq {
				flat = nil
				break
			}
			flat = append(flat, it.items...)
		}
		if flat != nil {
			items = flat
		}
	}
	if len(items) != CellEdges {
		return cell, fmt.Errorf("expected 8 (op, input) pairs, got %d", len(items))
	}
	for i, it := range items {
		if it.kind != pySeq || len(it.items) != 2 || it.items[0].kind != pyStr || it.items[1].kind != pyInt {
			return cell, fmt.Errorf("edge %d: expected ('op_name', input), got %s", i, it.describe())
		}
		op, err := ParseOp(it.items[0].s)
		if err != nil {
			return cell, fmt.Errorf("edge %d: %w", i, err)
		}
		cell[i] = Edge{Op: op, Input: it.items[1].n}
	}
	return cell, nil
}

func checkConcat(v *pyVal) error {
	var got []int
	switch {
	case v.kind == pySeq:
		for _, it := range v.items {
			if it.kind != pyInt {
				return fmt.Errorf("expected integers, got %s", it.describe())
			}
			got = append(got, it.n)
		}
	case v.kind == pyCall && v.s == "range":
		var a []int
		for _, x := range v.args {
			if x.name != "" || x.val.kind != pyInt {
				return fmt.Errorf("range takes integers")
			}
			a = append(a, x.val.n)
		}
		lo, hi := 0, 0
		switch len(a) {
		case 1:
			hi = a[0]
		case 2:
			lo, hi = a[0], a[1]
		default:
			return fmt.Errorf("range with %d arguments not supported", len(a))
		}
		if hi-lo > 16 {
			return fmt.Errorf("range(%d, %d) is too long", lo, hi)
		}
		for k := lo; k < hi; k++ {
			got = append(got, k)
		}
	default:
		return fmt.Errorf("expected a list or range(...), got %s", v.describe())
	}
	if fmt.Sprint(got) != "[2 3 4 5]" {
		return fmt.Errorf("must be [2, 3, 4, 5] (all four intermediate nodes), got %v", got)
	}
	return nil
}

// ParseCompact parses NASLib's compact form: two cells (normal, reduce),
// each a sequence of 8 (input, op index) pairs, pairs 2k and 2k+1 feeding
// node k+2. Lists and tuples are interchangeable, so this reads the list
// form "[[(0, 3), (1, 4), ...], [...]]", the tuple form of NASLib's
// nb301 archs file "(((0, 3), ...), (...))" and JSON "[[[0, 3], ...], ...]".
// Op indices are 0..6 (MaxPool3x3..DilConv5x5); 7 (None) is accepted as a
// nasred extension for pruned genotypes.
func ParseCompact(s string) (Genotype, error) {
	g, err := parseCompact(s)
	if err != nil {
		return Genotype{}, fmt.Errorf("parse compact genotype %s: %w", quoteShort(s), err)
	}
	return g, nil
}

func parseCompact(s string) (Genotype, error) {
	if g, ok := fastCompact(s); ok && g.Validate(true) == nil {
		return g, nil
	}
	var g Genotype
	v, err := parsePy(s)
	if err != nil {
		return g, err
	}
	if v.kind != pySeq || len(v.items) != 2 {
		return g, fmt.Errorf("expected two cells [normal, reduce], got %s", v.describe())
	}
	for c, cv := range v.items {
		name := [2]string{"normal", "reduce"}[c]
		if cv.kind != pySeq || len(cv.items) != CellEdges {
			return g, fmt.Errorf("%s cell: expected 8 (input, op) pairs, got %s", name, cv.describe())
		}
		var cell Cell
		for i, pv := range cv.items {
			if pv.kind != pySeq || len(pv.items) != 2 || pv.items[0].kind != pyInt || pv.items[1].kind != pyInt {
				return g, fmt.Errorf("%s edge %d: expected (input, op index), got %s", name, i, pv.describe())
			}
			op := pv.items[1].n
			if op < 0 || op > int(None) {
				return g, fmt.Errorf("%s edge %d: op index %d out of range 0..6 (7 = none)", name, i, op)
			}
			cell[i] = Edge{Op: Op(op), Input: pv.items[0].n}
		}
		if c == 0 {
			g.Normal = cell
		} else {
			g.Reduce = cell
		}
	}
	if err := g.Validate(true); err != nil {
		return Genotype{}, err
	}
	return g, nil
}

// DARTSString formats g as the Python repr of a DARTS Genotype, exactly as
// Python prints it:
//
//	Genotype(normal=[('sep_conv_3x3', 0), ...], normal_concat=[2, 3, 4, 5], reduce=[...], reduce_concat=[2, 3, 4, 5])
func (g Genotype) DARTSString() string {
	var b strings.Builder
	b.Grow(420)
	b.WriteString("Genotype(normal=")
	writeDARTSCell(&b, g.Normal)
	b.WriteString(", normal_concat=[2, 3, 4, 5], reduce=")
	writeDARTSCell(&b, g.Reduce)
	b.WriteString(", reduce_concat=[2, 3, 4, 5])")
	return b.String()
}

func writeDARTSCell(b *strings.Builder, c Cell) {
	b.WriteByte('[')
	for i, e := range c {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("('")
		b.WriteString(e.Op.String())
		b.WriteString("', ")
		b.WriteString(strconv.Itoa(e.Input))
		b.WriteByte(')')
	}
	b.WriteByte(']')
}

// CompactString formats g in NASLib's compact list form, as the CLI prints
// it and NASLib's zero-cost file keys it:
//
//	[[(0, 3), (1, 4), ...], [(0, 1), ...]]
func (g Genotype) CompactString() string { return g.compact('[', ']') }

// CompactTupleString formats g in the tuple form of NASLib's
// nb301 archs file: (((0, 3), (1, 4), ...), ((0, 1), ...)).
func (g Genotype) CompactTupleString() string { return g.compact('(', ')') }

func (g Genotype) compact(open, close byte) string {
	var b strings.Builder
	b.Grow(140)
	b.WriteByte(open)
	for c, cell := range [2]Cell{g.Normal, g.Reduce} {
		if c > 0 {
			b.WriteString(", ")
		}
		b.WriteByte(open)
		for i, e := range cell {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteByte('(')
			b.WriteString(strconv.Itoa(e.Input))
			b.WriteString(", ")
			b.WriteString(strconv.Itoa(int(e.Op)))
			b.WriteByte(')')
		}
		b.WriteByte(close)
	}
	b.WriteByte(close)
	return b.String()
}

// String returns the compact list form (CompactString).
func (g Genotype) String() string { return g.CompactString() }

// MarshalText encodes g in the compact list form, so genotypes are strings
// in JSON.
func (g Genotype) MarshalText() ([]byte, error) { return []byte(g.CompactString()), nil }

// UnmarshalText decodes any form ParseGenotype accepts.
func (g *Genotype) UnmarshalText(b []byte) error {
	v, err := ParseGenotype(string(b))
	if err != nil {
		return err
	}
	*g = v
	return nil
}

// MustParse is ParseGenotype for literals known to be valid (tests,
// examples, tables); it panics on error, like regexp.MustCompile.
func MustParse(s string) Genotype {
	g, err := ParseGenotype(s)
	if err != nil {
		panic(err)
	}
	return g
}
