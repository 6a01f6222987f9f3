package motif

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/nasred/nasred/internal/pyoracle"
)

func smallReport(t testing.TB) *Report {
	t.Helper()
	opt := DefaultOptions()
	opt.Support = 0.1
	r, err := Run(context.Background(), syntheticCells(t, 80, 7), opt)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestSaveAndReadBack(t *testing.T) {
	r := smallReport(t)
	dir := t.TempDir()
	if err := r.SaveData(dir); err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"motifs.csv", "motifs.txt", "motifs.json", "motifs.dot", "cells.json"} {
		fi, err := os.Stat(filepath.Join(dir, n))
		if err != nil || fi.Size() == 0 {
			t.Errorf("%s: %v", n, err)
		}
	}
	// The CSV reads back into the same motifs.
	f, err := os.Open(filepath.Join(dir, "motifs.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(recs[0], CSVHeader()) || len(recs) != len(r.Motifs)+1 {
		t.Fatalf("csv header %v, %d rows for %d motifs", recs[0], len(recs)-1, len(r.Motifs))
	}
	for i, rec := range recs[1:] {
		m := r.Motifs[i]
		v, e, err := ParsePattern(rec[4])
		ns, _ := strconv.ParseFloat(rec[3], 64)
		if err != nil || rec[0] != strconv.Itoa(m.Rank) || rec[1] != strconv.Itoa(m.Support) || rec[2] != strconv.Itoa(m.RefIncidence) ||
			ns != m.NormalisedSupport || !slices.Equal(v, m.Pattern.Vertices) || !slices.Equal(e, m.Pattern.Edges) {
			t.Errorf("row %d %v does not match motif %+v (%v)", i+1, rec, m, err)
		}
	}
	dot, _ := os.ReadFile(filepath.Join(dir, "motifs.dot"))
	if got := strings.Count(string(dot), "digraph "); got != len(r.Motifs) {
		t.Errorf("motifs.dot has %d digraphs, want %d", got, len(r.Motifs))
	}
}

// TestNodeLinkPython loads the JSON exports with Python's json module and,
// when it is installed, networkx.node_link_graph, and checks node and edge
// counts and labels.
func TestNodeLinkPython(t *testing.T) {
	py := pyoracle.Python(t)
	r := smallReport(t)
	dir := t.TempDir()
	if err := r.SaveData(dir); err != nil {
		t.Fatal(err)
	}
	script := `
import json, sys
motifs = json.load(open(sys.argv[1]))
cells = json.load(open(sys.argv[2]))
out = []
for g in motifs[:3] + cells[:3]:
    assert g["directed"] is True and g["multigraph"] is False
    out.append("%d %d %s" % (len(g["nodes"]), len(g["links"]), ",".join(l["label"] for l in g["links"])))
try:
    import networkx as nx
except ImportError:
    print("NONX")
else:
    for g in motifs[:3] + cells[:3]:
        try:
            G = nx.node_link_graph(g, edges="links")  # networkx >= 3.4
        except TypeError:
            G = nx.node_link_graph(g)
        assert G.is_directed() and G.number_of_nodes() == len(g["nodes"]) and G.number_of_edges() == len(g["links"])
print("\n".join(out))
`
	outb, err := exec.Command(py, "-c", script, filepath.Join(dir, "motifs.json"), filepath.Join(dir, "cells.json")).CombinedOutput()
	if err != nil {
		t.Fatalf("python: %v\n%s", err, outb)
	}
	lines := strings.Split(strings.TrimSpace(string(outb)), "\n")
	if lines[0] == "NONX" {
		t.Log("networkx not importable: checked with json only")
		lines = lines[1:]
	}
	var want []string
	for _, m := range r.Motifs[:3] {
		var ls []string
		for _, e := range m.Pattern.Edges {
			ls = append(ls, e.Label)
		}
		want = append(want, strconv.Itoa(len(m.Pattern.Vertices))+" "+strconv.Itoa(len(m.Pattern.Edges))+" "+strings.Join(ls, ","))
	}
	for _, c := range r.Cells[:3] {
		var ls []string
		for _, e := range c.Edges {
			ls = append(ls, e.Op)
		}
		want = append(want, strconv.Itoa(len(c.Nodes))+" "+strconv.Itoa(len(c.Edges))+" "+strings.Join(ls, ","))
	}
	if !slices.Equal(lines, want) {
		t.Errorf("python read\n%v\nwant\n%v", lines, want)
	}
}

func TestCellDOT(t *testing.T) {
	r := smallReport(t)
	var b bytes.Buffer
	if err := r.Cells[0].WriteDOT(&b, 0.001, Positive); err != nil {
		t.Fatal(err)
	}
	s := b.String()
	if !strings.HasPrefix(s, "digraph ") || strings.Count(s, "->") != 6 || !strings.Contains(s, `"input"`) {
		t.Errorf("cell DOT:\n%s", s)
	}
	imp := r.Cells[0].NumImportant(0.001, Positive)
	if got := strings.Count(s, "penwidth=2"); got != imp {
		t.Errorf("%d bold edges, want %d important", got, imp)
	}
}

func TestSaveDataEmpty(t *testing.T) {
	// No motifs at all: a very high support.
	opt := DefaultOptions()
	opt.Support = 1000
	r, err := Run(context.Background(), syntheticCells(t, 20, 8), opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Motifs) != 0 {
		t.Fatalf("%d motifs at support 1000 of 20 cells", len(r.Motifs))
	}
	if err := r.SaveData(t.TempDir()); err != nil {
		t.Errorf("SaveData of an empty report: %v", err)
	}
}
