package analysis

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	nb201bench "github.com/nasred/nasred/nasred/bench/nb201"
	"github.com/nasred/nasred/nasred/motif"
)

// joinKeys returns, for one graph, the set of labelled joins it contains:
// two edges into the same vertex, written as a canonical string. It is the
// oracle for "a frequent pattern with a node of in-degree 2 exists",
// computed without gSpan or the matcher.
func joinKeys(vertices []string, edges []struct {
	From, To int
	Label    string
}) map[string]bool {
	keys := map[string]bool{}
	for i, a := range edges {
		for j, b := range edges {
			if i >= j || a.To != b.To || a.From == b.From {
				continue
			}
			x := vertices[a.From] + ":" + a.Label
			y := vertices[b.From] + ":" + b.Label
			if y < x {
				x, y = y, x
			}
			keys[x+"+"+y+"->"+vertices[a.To]] = true
		}
	}
	return keys
}

// TestNB201TopCIFAR10Joins is the done-when check on the real data:
// among the top 5% CIFAR-10 cells, the report contains motifs with a node
// of in-degree 2 whenever such joins are frequent, with the support the
// direct count gives, and an out-edge-only miner (the patterns whose every
// vertex has in-degree <= 1) would miss every one of them.
func TestNB201TopCIFAR10Joins(t *testing.T) {
	tab, _ := loadNB201(t)
	start := time.Now()
	r, err := NB201Motifs(context.Background(), tab, DefaultNB201MotifOptions(), motif.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d cells, min support %d, %d motifs in %v", len(r.Cells), r.MinSupport, len(r.Motifs), time.Since(start))
	if len(r.Cells) != 781 || !r.Complete {
		t.Fatalf("%d cells (want 781), complete %v", len(r.Cells), r.Complete)
	}
	// Oracle: frequent two-edge joins by direct count.
	count := map[string]int{}
	for _, g := range r.Important {
		es := make([]struct {
			From, To int
			Label    string
		}, len(g.Edges))
		for i, e := range g.Edges {
			es[i].From, es[i].To, es[i].Label = e.From, e.To, e.Label
		}
		for k := range joinKeys(g.Vertices, es) {
			count[k]++
		}
	}
	reported := map[string]int{}
	for _, m := range r.Motifs {
		if len(m.Pattern.Edges) == 2 && m.MaxInDegree == 2 {
			es := make([]struct {
				From, To int
				Label    string
			}, 2)
			for i, e := range m.Pattern.Edges {
				es[i].From, es[i].To, es[i].Label = e.From, e.To, e.Label
			}
			for k := range joinKeys(m.Pattern.Vertices, es) {
				reported[k] = m.Support
			}
		}
	}
	frequent := 0
	for k, n := range count {
		if n >= r.MinSupport {
			frequent++
			if reported[k] != n {
				t.Errorf("join %s is in %d cells, reported support %d", k, n, reported[k])
			}
		}
	}
	if frequent == 0 {
		t.Fatal("no frequent join among top CIFAR-10 cells: the done-when check cannot be shown")
	}
	missed := r.Missed()
	var outOnly []motif.Motif
	for _, m := range r.Motifs {
		if m.MaxInDegree <= 1 {
			outOnly = append(outOnly, m)
		}
	}
	if len(missed) < frequent || len(outOnly)+len(missed) != len(r.Motifs) {
		t.Errorf("%d frequent joins, %d missed motifs, %d out-edge-only motifs of %d", frequent, len(missed), len(outOnly), len(r.Motifs))
	}
	for _, m := range outOnly {
		if slices.ContainsFunc(missed, func(x motif.Motif) bool { return x.Rank == m.Rank }) {
			t.Errorf("motif %s both missed and findable", m)
		}
	}
	t.Logf("%d frequent two-edge joins; an out-edge-only miner finds %d of %d motifs and misses %d, e.g.:", frequent, len(outOnly), len(r.Motifs), len(missed))
	for _, m := range missed[:min(5, len(missed))] {
		t.Logf("  rank %d support %d ref %d: %s", m.Rank, m.Support, m.RefIncidence, m)
	}
}

// TestNotebookDemo runs the calls of notebooks/motif_analysis_gspan.ipynb
// (one report per data set, the ranked table, the grid, the missed motifs)
// on the real data with a smaller selection, as GoMLX's demo tests do.
func TestNotebookDemo(t *testing.T) {
	tab, _ := loadNB201(t)
	for _, d := range nb201bench.Datasets() {
		o := DefaultNB201MotifOptions()
		o.Dataset = d
		o.Select.Fraction = 0.01
		r, err := NB201Motifs(context.Background(), tab, o, motif.DefaultOptions())
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Motifs) == 0 {
			t.Fatalf("%s: no motifs", d)
		}
		headers, rows := r.Table(5)
		if len(headers) != 6 || len(rows) != min(5, len(r.Motifs)) {
			t.Errorf("%s: table %v with %d rows", d, headers, len(rows))
		}
		if _, err := MotifGrid(r, 12).PNG(); err != nil {
			t.Fatal(err)
		}
		bars, err := MotifSupportBars(r, 12)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := bars.PNG(); err != nil {
			t.Fatal(err)
		}
		missed := r.Missed()
		if _, missedRows := motif.MotifTable(missed, 10); len(missedRows) != min(10, len(missed)) {
			t.Errorf("%s: %d rows of missed motifs", d, len(missedRows))
		}
		if _, err := MotifsGrid(missed[:min(8, len(missed))]).PNG(); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %d cells, %d motifs, %d with a join; top: %v", d, len(r.Cells), len(r.Motifs), len(missed), fmt.Sprint(rows[0]))
	}
}
