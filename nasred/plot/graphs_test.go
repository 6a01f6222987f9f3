package plot

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestGraphGridEdgeCases(t *testing.T) {
	ed := func(u, v int, l string) GraphEdge { return GraphEdge{From: u, To: v, Label: l} }
	// A cyclic graph and one with parallel and antiparallel edges draw.
	cyc := GraphGrid([]string{"cycle", "parallel"}, []Graph{
		{Vertices: []string{"a", "b", "c"}, Edges: []GraphEdge{ed(0, 1, "x"), ed(1, 2, "y"), ed(2, 0, "z")}},
		{Vertices: []string{"a", "b"}, Edges: []GraphEdge{ed(0, 1, "x"), ed(0, 1, "y"), ed(1, 0, "z")}},
	})
	if _, err := cyc.SVG(); err != nil {
		t.Error(err)
	}
	if _, err := cyc.PNG(); err != nil {
		t.Error(err)
	}
	if _, err := (&Drawing{}).PNG(); err == nil {
		t.Error("empty Drawing rendered")
	}
	if err := cyc.Save(filepath.Join(t.TempDir(), "x.pdf")); err == nil || !strings.Contains(err.Error(), "extension") {
		t.Errorf("Save .pdf: %v", err)
	}
	if err := GraphGrid(nil, nil).Save(filepath.Join(t.TempDir(), "empty.png")); err != nil {
		t.Errorf("empty grid: %v", err)
	}
}
