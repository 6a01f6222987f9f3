package forest

// MaxDepth returns the largest number of splits on a root-to-leaf path
// over all trees: 0 for a forest of leaves, 1 for stumps.
func (f *Forest) MaxDepth() int {
	d := 0
	for _, r := range f.roots {
		d = max(d, f.depth(r))
	}
	return d
}

func (f *Forest) depth(i int32) int {
	n := f.nodes[i]
	if n.left == 0 {
		return 0
	}
	return 1 + max(f.depth(n.left), f.depth(n.left+1))
}

// Interactions reports whether the forest can represent an interaction
// between features: whether some root-to-leaf path splits on two
// different features. Without one, the prediction is a sum of one-feature
// functions (additive), whatever the depth.
func (f *Forest) Interactions() bool {
	for _, r := range f.roots {
		if f.mixed(r, -1) {
			return true
		}
	}
	return false
}

// mixed reports whether a path from node i splits on a feature other
// than feat (-1: none seen yet) or on two different features below.
func (f *Forest) mixed(i int32, feat int64) bool {
	n := f.nodes[i]
	if n.left == 0 {
		return false
	}
	j := int64(n.feat &^ defaultLeftBit)
	if feat >= 0 && j != feat {
		return true
	}
	return f.mixed(n.left, j) || f.mixed(n.left+1, j)
}
