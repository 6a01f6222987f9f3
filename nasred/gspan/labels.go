package gspan

import (
	"math/big"
	"slices"
	"strings"
	"unicode"
)

// compareLabels is the total order on label tokens that DFS codes use:
// tokens that are decimal integers come first, ordered by value (ties,
// such as "7" and "007", by the token text); all other tokens follow in
// byte-wise lexicographic order. With integer labels, as in the chemical
// benchmark sets, this is the order gSpan and gBolt use.
func compareLabels(a, b string) int {
	ia, oka := parseIntLabel(a)
	ib, okb := parseIntLabel(b)
	switch {
	case oka && okb:
		if c := ia.Cmp(ib); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	case oka:
		return -1
	case okb:
		return 1
	}
	return strings.Compare(a, b)
}

// parseIntLabel reports whether s is a decimal integer (optional sign,
// digits only) and returns its value. Arbitrarily long integers are
// compared exactly.
func parseIntLabel(s string) (*big.Int, bool) {
	if s == "" {
		return nil, false
	}
	d := s
	if d[0] == '-' || d[0] == '+' {
		d = d[1:]
	}
	if d == "" {
		return nil, false
	}
	for i := 0; i < len(d); i++ {
		if d[i] < '0' || d[i] > '9' {
			return nil, false
		}
	}
	v, ok := new(big.Int).SetString(s, 10)
	return v, ok
}

// labelTable interns label tokens as dense integer ranks that respect
// compareLabels, so comparing ranks compares labels.
type labelTable struct {
	names []string         // rank -> token
	rank  map[string]int32 // token -> rank
}

// newLabelTable ranks the distinct tokens of labels.
func newLabelTable(labels map[string]struct{}) *labelTable {
	names := make([]string, 0, len(labels))
	for l := range labels {
		names = append(names, l)
	}
	slices.SortFunc(names, compareLabels)
	t := &labelTable{names: names, rank: make(map[string]int32, len(names))}
	for i, n := range names {
		t.rank[n] = int32(i)
	}
	return t
}

// validToken reports whether s can be written as one label token of the
// text format: non-empty and without white space.
func validToken(s string) bool {
	if s == "" {
		return false
	}
	return strings.IndexFunc(s, unicode.IsSpace) < 0
}
