package forest

import "testing"

func TestMaxDepthInteractions(t *testing.T) {
	leaf := func(v float32) Tree {
		return Tree{Left: []int32{-1}, Right: []int32{-1}, Feature: []uint32{0}, Value: []float32{v}, DefaultLeft: []bool{false}}
	}
	// split(f0) → leaves
	stump := Tree{Left: []int32{1, -1, -1}, Right: []int32{2, -1, -1}, Feature: []uint32{0, 0, 0}, Value: []float32{0.5, 1, 2}, DefaultLeft: make([]bool, 3)}
	// split(f, root) → left: split(g) → leaves; right: leaf
	twoLevel := func(f, g uint32) Tree {
		return Tree{
			Left: []int32{1, 3, -1, -1, -1}, Right: []int32{2, 4, -1, -1, -1},
			Feature: []uint32{f, g, 0, 0, 0}, Value: []float32{0.5, 0.5, 3, 1, 2}, DefaultLeft: make([]bool, 5),
		}
	}
	for _, tc := range []struct {
		name     string
		trees    []Tree
		depth    int
		interact bool
	}{
		{"leaves", []Tree{leaf(1), leaf(2)}, 0, false},
		{"stumps", []Tree{stump, leaf(1), stump}, 1, false},
		// Depth 2 on one feature is still additive.
		{"same feature twice", []Tree{stump, twoLevel(1, 1)}, 2, false},
		{"two features", []Tree{stump, twoLevel(0, 1)}, 2, true},
	} {
		f, err := New(2, 0, tc.trees)
		if err != nil {
			t.Fatal(err)
		}
		if d, in := f.MaxDepth(), f.Interactions(); d != tc.depth || in != tc.interact {
			t.Errorf("%s: depth %d, interactions %v; want %d, %v", tc.name, d, in, tc.depth, tc.interact)
		}
	}
}
