package gspan

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/nasred/nasred/nasred/datadir/datatest"
)

// readDataset reads a gSpan-format benchmark file from the shared data
// directory, skipping the test when it is absent.
func readDataset(t testing.TB, name string) []Graph {
	t.Helper()
	path := datatest.Path(t, filepath.Join("gspan", name))
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gs, err := ReadGraphs(f, path)
	if err != nil {
		t.Fatal(err)
	}
	return gs
}

// frequentVertexLabels counts single-vertex patterns: labels present in at
// least minSup graphs.
func frequentVertexLabels(gs []Graph, minSup int) int {
	graphs := map[string]int{}
	for _, g := range gs {
		seen := map[string]bool{}
		for _, l := range g.Vertices {
			if !seen[l] {
				seen[l] = true
				graphs[l]++
			}
		}
	}
	n := 0
	for _, c := range graphs {
		if c >= minSup {
			n++
		}
	}
	return n
}

// TestCompound422Counts checks pattern counts on Compound_422 against
// gBolt. Published totals (data README) count single-vertex patterns as
// well; at 0.5, 0.4 and 0.3 patterns with edges + frequent vertex labels
// reproduce them exactly. At 0.2 gBolt's own output has exactly our 932
// patterns with edges (checked pattern for pattern below); the published
// total 936 is one less than 932 + 5 frequent labels (label "4" occurs in
// exactly 84 graphs, the threshold), so it is not asserted.
func TestCompound422Counts(t *testing.T) {
	gs := readDataset(t, "Compound_422")
	if len(gs) != 422 {
		t.Fatalf("%d graphs, want 422", len(gs))
	}
	for _, c := range []struct {
		frac             float64
		edges, published int
	}{
		{0.5, 29, 32}, {0.4, 56, 60}, {0.3, 120, 124}, {0.2, 932, 936},
	} {
		sup := SupportFromFraction(c.frac, len(gs))
		ps := mine(t, gs, Options{MinSupport: sup})
		// Marking embeddings instead of keeping vertex bitsets (the way
		// for graphs of more than 256 vertices) gives the same result.
		if marked := mine(t, gs, Options{MinSupport: sup, noBitset: true}); !reflect.DeepEqual(marked, ps) {
			t.Errorf("support %v: %d patterns without bitsets, %d with", c.frac, len(marked), len(ps))
		}
		if len(ps) != c.edges {
			t.Errorf("support %v (%d graphs): %d patterns with edges, want %d", c.frac, sup, len(ps), c.edges)
		}
		total := len(ps) + frequentVertexLabels(gs, sup)
		if c.frac != 0.2 && total != c.published {
			t.Errorf("support %v: %d patterns including single vertices, published %d", c.frac, total, c.published)
		}
	}
}

// TestCompound422MatchesGBolt compares Mine at support 0.2 with gBolt's own
// output, pattern for pattern: canonical key, support and graph ids.
func TestCompound422MatchesGBolt(t *testing.T) {
	gs := readDataset(t, "Compound_422")
	path := datatest.Path(t, "gspan/Compound_422.gbolt-output.s0.2")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	want, err := ReadPatterns(f, path)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	res, err := Mine(context.Background(), gs, Options{MinSupport: SupportFromFraction(0.2, len(gs))})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Pattern{}
	for _, p := range res.Patterns {
		got[CanonicalKey(p.Vertices, p.Edges, false)] = p
	}
	if len(got) != len(res.Patterns) {
		t.Errorf("%d patterns but %d distinct keys", len(res.Patterns), len(got))
	}
	seen := map[string]bool{}
	for i, w := range want {
		k := CanonicalKey(w.Vertices, w.Edges, false)
		if seen[k] {
			t.Errorf("gBolt pattern %d repeats an earlier one", i)
		}
		seen[k] = true
		p, ok := got[k]
		if !ok {
			t.Errorf("gBolt pattern %d (%v %v, support %d) not found", i, w.Vertices, w.Edges, w.Support)
			continue
		}
		if p.Support != w.Support || !slices.Equal(p.GraphIDs, w.GraphIDs) {
			t.Errorf("gBolt pattern %d: support %d ids %v, we have %d %v", i, w.Support, w.GraphIDs, p.Support, p.GraphIDs)
		}
	}
	for k, p := range got {
		if !seen[k] {
			t.Errorf("pattern %v %v (support %d) not in gBolt's output", p.Vertices, p.Edges, p.Support)
		}
	}
}

// TestChemical340 mines the second chemical set in both modes, reading its
// edges as directed (file order) in the second: every directed pattern's
// undirected version must be frequent with at least the same support.
func TestChemical340(t *testing.T) {
	gs := readDataset(t, "Chemical_340")
	sup := SupportFromFraction(0.2, len(gs))
	und := mine(t, gs, Options{MinSupport: sup})
	dir := mine(t, gs, Options{MinSupport: sup, Directed: true})
	if len(und) == 0 || len(dir) == 0 {
		t.Fatalf("no patterns: %d undirected, %d directed", len(und), len(dir))
	}
	supOf := map[string]int{}
	for _, p := range und {
		supOf[CanonicalKey(p.Vertices, p.Edges, false)] = p.Support
	}
	for _, p := range dir {
		s, ok := supOf[CanonicalKey(p.Vertices, p.Edges, false)]
		if !ok || s < p.Support {
			t.Fatalf("directed pattern %v %v (support %d): undirected support %d (found %v)", p.Vertices, p.Edges, p.Support, s, ok)
		}
	}
	t.Logf("Chemical_340 at 0.2: %d undirected, %d directed patterns", len(und), len(dir))
}
