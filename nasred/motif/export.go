package motif

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/nasred/nasred/internal/palette"
	"github.com/nasred/nasred/nasred/atomicfile"
	"github.com/nasred/nasred/nasred/gspan"
)

// CSVHeader returns the columns of the motif table written by WriteCSV:
// rank, support, ref_incidence, normalised_support, pattern, then
// support_fraction and ref_incidence_fraction (of the cells mined),
// paper_ratio (support / ref_incidence, the reference code's ratio,
// whatever the smoothing) and max_in_degree.
func CSVHeader() []string {
	return []string{"rank", "support", "ref_incidence", "normalised_support", "pattern",
		"support_fraction", "ref_incidence_fraction", "paper_ratio", "max_in_degree"}
}

// WriteCSV writes the ranked motif table: one motif a row, in rank order,
// normalised support and ratios with full precision ("+Inf" when the
// reference incidence, and for normalised_support the smoothing, are 0), pattern in the one-line form of
// FormatPattern.
func (r *Report) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader()); err != nil {
		return err
	}
	for _, m := range r.Motifs {
		if err := cw.Write([]string{
			strconv.Itoa(m.Rank),
			strconv.Itoa(m.Support),
			strconv.Itoa(m.RefIncidence),
			strconv.FormatFloat(m.NormalisedSupport, 'g', -1, 64),
			m.String(),
			strconv.FormatFloat(m.SupportFraction, 'g', -1, 64),
			strconv.FormatFloat(m.RefIncidenceFraction, 'g', -1, 64),
			strconv.FormatFloat(m.PaperRatio, 'g', -1, 64),
			strconv.Itoa(m.MaxInDegree),
		}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WritePatterns writes the ranked motifs in gSpan's pattern output format
// (package gspan), pattern k being the motif of rank k+1.
func (r *Report) WritePatterns(w io.Writer) error {
	ps := make([]gspan.Pattern, len(r.Motifs))
	for i, m := range r.Motifs {
		ps[i] = m.Pattern
	}
	return gspan.WritePatterns(w, ps)
}

// NodeLink is a graph in networkx's node-link JSON form, loadable with
// networkx.node_link_graph(data) (networkx >= 3.4 wants edges="links").
type NodeLink struct {
	Directed   bool           `json:"directed"`
	Multigraph bool           `json:"multigraph"`
	Graph      map[string]any `json:"graph"`
	Nodes      []NodeLinkNode `json:"nodes"`
	Links      []NodeLinkLink `json:"links"`
}

// NodeLinkNode is a node of a NodeLink graph.
type NodeLinkNode struct {
	ID    int    `json:"id"`
	Label string `json:"label"`
}

// NodeLinkLink is an edge of a NodeLink graph. OI and Important are set
// for cell graphs only.
type NodeLinkLink struct {
	Source    int      `json:"source"`
	Target    int      `json:"target"`
	Label     string   `json:"label"`
	OI        *float64 `json:"oi,omitempty"`
	Important *bool    `json:"important,omitempty"`
}

// PatternNodeLink returns a pattern (or any gspan graph) in node-link
// form with the given graph attributes. Parallel edges make it a
// multigraph.
func PatternNodeLink(vertices []string, edges []gspan.Edge, attrs map[string]any) NodeLink {
	nl := NodeLink{Directed: true, Graph: attrs, Nodes: []NodeLinkNode{}, Links: []NodeLinkLink{}}
	if nl.Graph == nil {
		nl.Graph = map[string]any{}
	}
	for i, l := range vertices {
		nl.Nodes = append(nl.Nodes, NodeLinkNode{ID: i, Label: l})
	}
	seen := map[[2]int]bool{}
	for _, e := range edges {
		k := [2]int{e.From, e.To}
		if seen[k] {
			nl.Multigraph = true
		}
		seen[k] = true
		nl.Links = append(nl.Links, NodeLinkLink{Source: e.From, Target: e.To, Label: e.Label})
	}
	return nl
}

// NodeLink returns the whole cell graph in node-link form, every edge with
// its OI and whether it passes threshold t in direction d.
func (g CellGraph) NodeLink(t float64, d Direction) NodeLink {
	nl := NodeLink{Directed: true, Graph: map[string]any{"id": g.ID, "name": g.Name}, Nodes: []NodeLinkNode{}, Links: []NodeLinkLink{}}
	for i, l := range g.Nodes {
		nl.Nodes = append(nl.Nodes, NodeLinkNode{ID: i, Label: l})
	}
	seen := map[[2]int]bool{}
	for _, e := range g.Edges {
		k := [2]int{e.From, e.To}
		if seen[k] {
			nl.Multigraph = true
		}
		seen[k] = true
		oi, imp := e.OI, d.Passes(e.OI, t)
		nl.Links = append(nl.Links, NodeLinkLink{Source: e.From, Target: e.To, Label: e.Op, OI: &oi, Important: &imp})
	}
	return nl
}

// WriteMotifsJSON writes the ranked motifs as a JSON array of node-link
// graphs, each with graph attributes rank, support, ref_incidence,
// normalised_support (null when infinite) and pattern.
func (r *Report) WriteMotifsJSON(w io.Writer) error {
	out := make([]NodeLink, len(r.Motifs))
	for i, m := range r.Motifs {
		var ns any = m.NormalisedSupport
		if m.NormalisedSupport > 1e300 {
			ns = nil
		}
		out[i] = PatternNodeLink(m.Pattern.Vertices, m.Pattern.Edges, map[string]any{
			"rank": m.Rank, "support": m.Support, "ref_incidence": m.RefIncidence,
			"normalised_support": ns, "pattern": m.String(),
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	return enc.Encode(out)
}

// WriteCellsJSON writes the report's cells as a JSON array of node-link
// graphs (CellGraph.NodeLink at the report's threshold).
func (r *Report) WriteCellsJSON(w io.Writer) error {
	out := make([]NodeLink, len(r.Cells))
	for i, c := range r.Cells {
		out[i] = c.NodeLink(r.Options.Threshold, r.Options.Direction)
	}
	enc := json.NewEncoder(w)
	return enc.Encode(out)
}

// dotQuote quotes s for DOT.
func dotQuote(s string) string { return strconv.Quote(s) }

// WritePatternDOT writes a pattern as a DOT digraph named name: nodes
// labelled by vertex label, edges labelled and coloured by operation
// (OpColor).
func WritePatternDOT(w io.Writer, name string, vertices []string, edges []gspan.Edge) error {
	var b strings.Builder
	fmt.Fprintf(&b, "digraph %s {\n  rankdir=LR;\n  node [shape=circle, fontsize=10];\n", dotQuote(name))
	for i, l := range vertices {
		fmt.Fprintf(&b, "  %d [label=%s];\n", i, dotQuote(l))
	}
	for _, e := range edges {
		fmt.Fprintf(&b, "  %d -> %d [label=%s, color=%s, fontcolor=%s];\n", e.From, e.To, dotQuote(e.Label), dotQuote(hexColor(e.Label)), dotQuote(hexColor(e.Label)))
	}
	b.WriteString("}\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteDOT writes the whole cell as a DOT digraph: edges labelled with
// operation and OI, important edges (threshold t in direction d) drawn
// solid and bold, the others dashed and grey.
func (g CellGraph) WriteDOT(w io.Writer, t float64, d Direction) error {
	var b strings.Builder
	fmt.Fprintf(&b, "digraph %s {\n  rankdir=LR;\n  node [shape=circle, fontsize=10];\n", dotQuote(fmt.Sprintf("cell %d %s", g.ID, g.Name)))
	for i, l := range g.Nodes {
		fmt.Fprintf(&b, "  %d [label=%s];\n", i, dotQuote(l))
	}
	for _, e := range g.Edges {
		label := dotQuote(fmt.Sprintf("%s\nOI %.4f", e.Op, e.OI))
		if d.Passes(e.OI, t) {
			fmt.Fprintf(&b, "  %d -> %d [label=%s, color=%s, penwidth=2];\n", e.From, e.To, label, dotQuote(hexColor(e.Op)))
		} else {
			fmt.Fprintf(&b, "  %d -> %d [label=%s, color=\"#bbbbbb\", fontcolor=\"#888888\", style=dashed];\n", e.From, e.To, label)
		}
	}
	b.WriteString("}\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteMotifsDOT writes the top k motifs (all when k <= 0) as consecutive
// DOT digraphs named "motif <rank>" (Graphviz's dot renders every graph of
// such a file).
func (r *Report) WriteMotifsDOT(w io.Writer, k int) error {
	for _, m := range r.Top(k) {
		if err := WritePatternDOT(w, fmt.Sprintf("motif %d (support %d, reference %d)", m.Rank, m.Support, m.RefIncidence), m.Pattern.Vertices, m.Pattern.Edges); err != nil {
			return err
		}
	}
	return nil
}

// MotifTable returns the first k of ms (all when k <= 0) as a table for
// display: headers rank, support, ref_incidence, normalised_support,
// max_in_degree, pattern, and one row of strings per motif.
func MotifTable(ms []Motif, k int) (headers []string, rows [][]string) {
	headers = []string{"rank", "support", "ref_incidence", "normalised_support", "max_in_degree", "pattern"}
	if k > 0 && k < len(ms) {
		ms = ms[:k]
	}
	for _, m := range ms {
		rows = append(rows, []string{
			strconv.Itoa(m.Rank), strconv.Itoa(m.Support), strconv.Itoa(m.RefIncidence),
			strconv.FormatFloat(m.NormalisedSupport, 'f', 2, 64), strconv.Itoa(m.MaxInDegree), m.String(),
		})
	}
	return headers, rows
}

// Table returns the top k ranked motifs as a display table (MotifTable).
func (r *Report) Table(k int) (headers []string, rows [][]string) { return MotifTable(r.Motifs, k) }

// hexColor is the colour of an operation in the DOT exports: the
// project-wide colour that package plot draws it in.
func hexColor(op string) string { return palette.Hex(palette.OpColor(op)) }

// SaveData writes the report's tables into dir: motifs.csv (the ranked
// table), motifs.txt (gSpan pattern format), motifs.json and motifs.dot
// (all motifs as node-link JSON and DOT) and cells.json (the cells as
// node-link JSON). The figures are drawn above this package (see
// analysis.SaveMotifs).
func (r *Report) SaveData(dir string) error {
	files := map[string]func(w *bytes.Buffer) error{
		"motifs.csv":  func(w *bytes.Buffer) error { return r.WriteCSV(w) },
		"motifs.txt":  func(w *bytes.Buffer) error { return r.WritePatterns(w) },
		"motifs.json": func(w *bytes.Buffer) error { return r.WriteMotifsJSON(w) },
		"motifs.dot":  func(w *bytes.Buffer) error { return r.WriteMotifsDOT(w, 0) },
		"cells.json":  func(w *bytes.Buffer) error { return r.WriteCellsJSON(w) },
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		var b bytes.Buffer
		if err := files[n](&b); err != nil {
			return fmt.Errorf("write %s: %w", filepath.Join(dir, n), err)
		}
		if err := atomicfile.WriteBytes(filepath.Join(dir, n), b.Bytes()); err != nil {
			return err
		}
	}
	return nil
}
