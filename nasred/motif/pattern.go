package motif

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/nasred/nasred/nasred/gspan"
)

// PatternSep separates the lines of a pattern in its one-line form.
const PatternSep = " ; "

// FormatPattern writes a pattern on one line: the vertex and edge lines of
// the gSpan text format ("v id label", "e from to label", directed from→to),
// vertices first in id order, then edges in the given order, joined by " ; ".
// For example a join of two skip connections:
//
//	v 0 input ; v 1 op ; v 2 output ; e 0 2 skip_connect ; e 1 2 skip_connect
//
// Labels must be single tokens without ';' (CellGraph guarantees this).
func FormatPattern(vertices []string, edges []gspan.Edge) string {
	var b strings.Builder
	for i, l := range vertices {
		if i > 0 {
			b.WriteString(PatternSep)
		}
		fmt.Fprintf(&b, "v %d %s", i, l)
	}
	for i, e := range edges {
		if i > 0 || len(vertices) > 0 {
			b.WriteString(PatternSep)
		}
		fmt.Fprintf(&b, "e %d %d %s", e.From, e.To, e.Label)
	}
	return b.String()
}

// ParsePattern reads the one-line form written by FormatPattern. Vertex ids
// must be 0, 1, 2, ... in order and come before the edges; edges must join
// declared vertices. Errors name the offending item (1-based).
func ParsePattern(s string) (vertices []string, edges []gspan.Edge, err error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil, nil
	}
	for i, item := range strings.Split(s, ";") {
		f := strings.Fields(item)
		if len(f) == 0 {
			return nil, nil, fmt.Errorf("pattern item %d is empty, want \"v id label\" or \"e from to label\"", i+1)
		}
		switch f[0] {
		case "v":
			if len(f) != 3 {
				return nil, nil, fmt.Errorf("pattern item %d %q: want \"v id label\"", i+1, strings.TrimSpace(item))
			}
			if len(edges) > 0 {
				return nil, nil, fmt.Errorf("pattern item %d %q: vertex after an edge", i+1, strings.TrimSpace(item))
			}
			id, err := strconv.Atoi(f[1])
			if err != nil || id != len(vertices) {
				return nil, nil, fmt.Errorf("pattern item %d %q: vertex id %q, want %d", i+1, strings.TrimSpace(item), f[1], len(vertices))
			}
			if !validLabel(f[2]) {
				return nil, nil, fmt.Errorf("pattern item %d: vertex label %q is not a single token", i+1, f[2])
			}
			vertices = append(vertices, f[2])
		case "e":
			if len(f) != 4 {
				return nil, nil, fmt.Errorf("pattern item %d %q: want \"e from to label\"", i+1, strings.TrimSpace(item))
			}
			var ends [2]int
			for k, tok := range f[1:3] {
				v, err := strconv.Atoi(tok)
				if err != nil || v < 0 || v >= len(vertices) {
					return nil, nil, fmt.Errorf("pattern item %d %q: edge end %q is not a vertex id in 0..%d", i+1, strings.TrimSpace(item), tok, len(vertices)-1)
				}
				ends[k] = v
			}
			if !validLabel(f[3]) {
				return nil, nil, fmt.Errorf("pattern item %d: edge label %q is not a single token", i+1, f[3])
			}
			edges = append(edges, gspan.Edge{From: ends[0], To: ends[1], Label: f[3]})
		default:
			return nil, nil, fmt.Errorf("pattern item %d %q: starts with %q, want v or e", i+1, strings.TrimSpace(item), f[0])
		}
	}
	return vertices, edges, nil
}

// MaxInDegree returns the largest number of edges into one vertex. A miner
// that stores only out-edges and grows patterns only along them (the
// reference code's directed gSpan, paper §4) can only report patterns
// with MaxInDegree <= 1: every pattern with a join is invisible to it.
func MaxInDegree(numVertices int, edges []gspan.Edge) int {
	in := make([]int, numVertices)
	m := 0
	for _, e := range edges {
		if e.To >= 0 && e.To < numVertices {
			in[e.To]++
			m = max(m, in[e.To])
		}
	}
	return m
}
