package gspan

import "math/rand/v2"

// SyntheticMolecules returns n random molecule-like graphs for benchmarks
// and tests: 15 to 40 atoms each, labelled mostly "C" with some "O", "N",
// "S" and "Cl", joined by bonds labelled "1", "2" or "a" (aromatic). Each
// graph grows from zero to two aromatic six-rings by attaching atoms to
// atoms with fewer than four bonds, with an occasional five-ring closure,
// so the sets share many frequent fragments as real compound sets do. The
// same seed gives the same graphs; graph i has ID i.
func SyntheticMolecules(seed uint64, n int) []Graph {
	rng := rand.New(rand.NewPCG(seed, 0x6d6f6c))
	atoms := []string{"C", "C", "C", "C", "C", "C", "C", "O", "O", "N", "N", "S", "Cl"}
	gs := make([]Graph, n)
	for gi := range gs {
		g := Graph{ID: gi}
		deg := []int{}
		parent := []int{}
		add := func(label string, par int) int {
			g.Vertices = append(g.Vertices, label)
			deg = append(deg, 0)
			parent = append(parent, par)
			return len(g.Vertices) - 1
		}
		bond := func(u, v int, label string) {
			g.Edges = append(g.Edges, Edge{u, v, label})
			deg[u]++
			deg[v]++
		}
		size := 15 + rng.IntN(26)
		rings := rng.IntN(3)
		for r := range rings {
			anchor := -1
			if r > 0 {
				anchor = rng.IntN(len(g.Vertices))
			}
			first := add("C", anchor)
			if anchor >= 0 && deg[anchor] < 4 {
				bond(anchor, first, "1")
			}
			prev := first
			for k := 1; k < 6; k++ {
				lab := "C"
				if rng.IntN(6) == 0 {
					lab = "N"
				}
				v := add(lab, prev)
				bond(prev, v, "a")
				prev = v
			}
			bond(prev, first, "a")
		}
		if len(g.Vertices) == 0 {
			add(atoms[rng.IntN(len(atoms))], -1)
		}
		for len(g.Vertices) < size {
			u := rng.IntN(len(g.Vertices))
			if deg[u] >= 4 {
				continue
			}
			lab := atoms[rng.IntN(len(atoms))]
			v := add(lab, u)
			b := "1"
			if x := rng.IntN(10); x == 0 {
				b = "2"
			}
			bond(u, v, b)
			// Occasionally close a five-ring back to the great-great-grandparent.
			if rng.IntN(12) == 0 {
				a := v
				for range 4 {
					if a >= 0 {
						a = parent[a]
					}
				}
				if a >= 0 && a != v && deg[a] < 4 && deg[v] < 4 {
					bond(v, a, "1")
				}
			}
		}
		gs[gi] = g
	}
	return gs
}
