package gspan

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
)

// tuple is one edge of a DFS code in integer form: the discovery indices of
// its end points and the label ranks of (from vertex, edge, to vertex).
//
// In directed mode the edge label is oriented: el = 2*rank for an edge that
// points from -> to and 2*rank+1 for one that points to -> from. The miner
// then treats a directed graph as an undirected one whose edge labels depend
// on the side they are read from, so direction is part of every DFS-code
// comparison, and growth follows in-edges as well as out-edges.
type tuple struct {
	from, to   int32
	fl, el, tl int32
}

func (t tuple) forward() bool { return t.from < t.to }

// cmpTuple orders DFS-code edges as gSpan does (Yan & Han 2002): by the
// DFS-order relation on (from, to) and, for the same pair, by the labels.
func cmpTuple(a, b tuple) int {
	if a.from == b.from && a.to == b.to {
		if c := cmp.Compare(a.fl, b.fl); c != 0 {
			return c
		}
		if c := cmp.Compare(a.el, b.el); c != 0 {
			return c
		}
		return cmp.Compare(a.tl, b.tl)
	}
	af, bf := a.forward(), b.forward()
	switch {
	case af && bf:
		if a.to != b.to {
			return cmp.Compare(a.to, b.to)
		}
		return cmp.Compare(b.from, a.from)
	case !af && !bf:
		if a.from != b.from {
			return cmp.Compare(a.from, b.from)
		}
		return cmp.Compare(a.to, b.to)
	case !af && bf:
		if a.from < b.to {
			return -1
		}
		return 1
	default:
		if a.to <= b.from {
			return -1
		}
		return 1
	}
}

// revLabel returns the oriented label of an edge read from its other end.
func revLabel(el int32, directed bool) int32 {
	if directed {
		return el ^ 1
	}
	return el
}

// rightmostPath returns the indices of the forward edges of code on the
// path from the root to the rightmost vertex, the last edge first.
func rightmostPath(code []tuple, dst []int) []int {
	dst = dst[:0]
	old := int32(-1)
	for i := len(code) - 1; i >= 0; i-- {
		t := code[i]
		if t.forward() && (len(dst) == 0 || t.to == old) {
			dst = append(dst, i)
			old = t.from
		}
	}
	return dst
}

// pgraph is a small pattern graph used by the minimum-DFS-code search.
type pgraph struct {
	vl  []int32
	adj [][]padj
	m   int
}

type padj struct{ to, el, eid int32 }

func (p *pgraph) reset(n int) {
	p.vl = slices.Grow(p.vl[:0], n)[:n]
	if cap(p.adj) < n {
		p.adj = make([][]padj, n)
	}
	p.adj = p.adj[:n]
	for i := range p.adj {
		p.adj[i] = p.adj[i][:0]
	}
	p.m = 0
}

// addEdge adds an edge u-v whose label read from u is el.
func (p *pgraph) addEdge(u, v, el int32, directed bool) {
	id := int32(p.m)
	p.adj[u] = append(p.adj[u], padj{v, el, id})
	p.adj[v] = append(p.adj[v], padj{u, revLabel(el, directed), id})
	p.m++
}

// fromCode fills p with the graph a DFS code describes.
func (p *pgraph) fromCode(code []tuple, directed bool) {
	n := 0
	for _, t := range code {
		n = max(n, int(t.from)+1, int(t.to)+1)
	}
	p.reset(n)
	for _, t := range code {
		p.vl[t.from] = t.fl
		p.vl[t.to] = t.tl
		p.addEdge(t.from, t.to, t.el, directed)
	}
}

// canon is the scratch space of the minimum-DFS-code search. The search
// keeps every partial embedding of the smallest code prefix found so far
// (the "states") and extends the prefix one edge at a time by the smallest
// rightmost-path extension any state offers.
type canon struct {
	n, w      int     // vertices and bitset words per state
	vmap, inv []int32 // per state: code index -> vertex, vertex -> code index
	used      []uint64
	nvmap     []int32
	ninv      []int32
	nused     []uint64
	path      []int // forward edges from the root to the rightmost vertex, root first
	onRM      []bool
	verts     []int32
	code      []tuple
}

// minCode runs the search on p. With target non-nil it compares the code
// being built with target edge by edge and returns false as soon as a
// smaller code exists (target is then not minimal); otherwise it returns
// the whole minimum DFS code of p (which must be connected) and true.
func (c *canon) minCode(p *pgraph, directed bool, target []tuple) ([]tuple, bool) {
	n := len(p.vl)
	c.n = n
	c.w = (p.m + 63) / 64
	c.code = c.code[:0]
	if p.m == 0 {
		return c.code, true
	}
	// First edge: the smallest (from label, edge label, to label).
	var best tuple
	found := false
	for u := range n {
		for _, a := range p.adj[u] {
			t := tuple{0, 1, p.vl[u], a.el, p.vl[a.to]}
			if !found || cmpTuple(t, best) < 0 {
				best, found = t, true
			}
		}
	}
	if target != nil {
		if cmpTuple(best, target[0]) < 0 {
			return nil, false
		}
	}
	c.vmap, c.inv, c.used = c.vmap[:0], c.inv[:0], c.used[:0]
	for u := range n {
		for _, a := range p.adj[u] {
			if p.vl[u] != best.fl || a.el != best.el || p.vl[a.to] != best.tl {
				continue
			}
			base := len(c.vmap)
			c.vmap = slices.Grow(c.vmap, n)[:base+n]
			c.inv = slices.Grow(c.inv, n)[:base+n]
			for i := range n {
				c.vmap[base+i] = -1
				c.inv[base+i] = -1
			}
			ub := len(c.used)
			c.used = slices.Grow(c.used, c.w)[:ub+c.w]
			clear(c.used[ub:])
			c.vmap[base], c.vmap[base+1] = int32(u), a.to
			c.inv[base+u], c.inv[base+int(a.to)] = 0, 1
			c.used[ub+int(a.eid)/64] |= 1 << (uint(a.eid) % 64)
		}
	}
	c.code = append(c.code, best)
	c.path = append(c.path[:0], 0)
	nv := int32(2)
	limit := p.m
	if target != nil {
		limit = len(target)
	}
	for s := 1; s < limit; s++ {
		rm := c.code[c.path[len(c.path)-1]].to
		c.onRM = slices.Grow(c.onRM[:0], int(nv))[:nv]
		clear(c.onRM)
		for _, i := range c.path {
			c.onRM[c.code[i].from] = true
		}
		states := len(c.vmap) / n
		// Backward edges from the rightmost vertex, smallest target first.
		var bt tuple
		bfound := false
		for st := range states {
			vm := c.vmap[st*n : st*n+n]
			iv := c.inv[st*n : st*n+n]
			us := c.used[st*c.w : st*c.w+c.w]
			for _, a := range p.adj[vm[rm]] {
				if us[a.eid/64]&(1<<(uint(a.eid)%64)) != 0 {
					continue
				}
				j := iv[a.to]
				if j < 0 || !c.onRM[j] {
					continue
				}
				t := tuple{rm, j, p.vl[vm[rm]], a.el, p.vl[a.to]}
				if !bfound || cmpTuple(t, bt) < 0 {
					bt, bfound = t, true
				}
			}
		}
		var next tuple
		if bfound {
			next = bt
		} else {
			// Forward edges, from the rightmost vertex up to the root.
			ffound := false
			c.verts = append(c.verts[:0], rm)
			for k := len(c.path) - 1; k >= 0; k-- {
				c.verts = append(c.verts, c.code[c.path[k]].from)
			}
			for _, from := range c.verts {
				for st := range states {
					vm := c.vmap[st*n : st*n+n]
					iv := c.inv[st*n : st*n+n]
					for _, a := range p.adj[vm[from]] {
						if iv[a.to] >= 0 {
							continue
						}
						t := tuple{from, nv, p.vl[vm[from]], a.el, p.vl[a.to]}
						if !ffound || cmpTuple(t, next) < 0 {
							next, ffound = t, true
						}
					}
				}
				if ffound {
					break
				}
			}
			if !ffound {
				// Disconnected or exhausted: nothing more to add.
				return c.code, true
			}
		}
		if target != nil {
			if d := cmpTuple(next, target[s]); d < 0 {
				return nil, false
			} else if d > 0 {
				// target is not a DFS code of p: cannot happen for codes
				// produced by the miner. Treat as not minimal.
				return nil, false
			}
		}
		// Keep the states that realise next, extended by it.
		c.nvmap, c.ninv, c.nused = c.nvmap[:0], c.ninv[:0], c.nused[:0]
		for st := range states {
			vm := c.vmap[st*n : st*n+n]
			iv := c.inv[st*n : st*n+n]
			us := c.used[st*c.w : st*c.w+c.w]
			fv := vm[next.from]
			for _, a := range p.adj[fv] {
				if a.el != next.el || p.vl[a.to] != next.tl {
					continue
				}
				if next.forward() {
					if iv[a.to] >= 0 {
						continue
					}
				} else {
					if vm[next.to] != a.to || us[a.eid/64]&(1<<(uint(a.eid)%64)) != 0 {
						continue
					}
				}
				c.nvmap = append(c.nvmap, vm...)
				c.ninv = append(c.ninv, iv...)
				c.nused = append(c.nused, us...)
				base := len(c.nvmap) - n
				if next.forward() {
					c.nvmap[base+int(next.to)] = a.to
					c.ninv[base+int(a.to)] = next.to
				}
				ub := len(c.nused) - c.w
				c.nused[ub+int(a.eid)/64] |= 1 << (uint(a.eid) % 64)
			}
		}
		c.vmap, c.nvmap = c.nvmap, c.vmap
		c.inv, c.ninv = c.ninv, c.inv
		c.used, c.nused = c.nused, c.used
		c.code = append(c.code, next)
		if next.forward() {
			nv++
			for len(c.path) > 0 && c.code[c.path[len(c.path)-1]].to != next.from {
				c.path = c.path[:len(c.path)-1]
			}
			c.path = append(c.path, s)
		}
	}
	return c.code, true
}

// DFSEdge is one edge of a DFS code: From and To are discovery indices of
// the pattern's vertices (To > From for a forward edge, which discovers
// vertex To; To < From for a backward edge that closes a cycle), with the
// labels of the from vertex, the edge and the to vertex. In directed mode
// Reverse reports that the underlying edge points To -> From; it is part of
// the code, so two codes are equal only if the directions agree.
type DFSEdge struct {
	From, To           int
	FromLabel, ToLabel string
	Label              string
	Reverse            bool
}

// CanonicalKey returns a string that is equal for two labelled graphs if
// and only if they are isomorphic (respecting edge direction when directed
// is true): the minimum DFS code of the graph, written out. Labels are
// ordered as in Mine (integers by value, then other tokens). A graph that
// is not connected gets the sorted keys of its components joined by " | ";
// a single vertex is written as its quoted label. Self-loops count as part
// of their vertex's label; edges whose end points are out of range are
// ignored.
func CanonicalKey(vertices []string, edges []Edge, directed bool) string {
	n := len(vertices)
	// Self-loops (which Mine does not support) become part of the label
	// of their vertex, which keeps the key an isomorphism invariant.
	var loops map[int][]string
	for _, e := range edges {
		if e.From == e.To && e.From >= 0 && e.From < n {
			if loops == nil {
				loops = map[int][]string{}
			}
			loops[e.From] = append(loops[e.From], e.Label)
		}
	}
	if loops != nil {
		vertices = slices.Clone(vertices)
		for v, ls := range loops {
			slices.Sort(ls)
			vertices[v] += "\x00loops:" + strings.Join(ls, "\x00")
		}
	}
	set := map[string]struct{}{}
	for _, v := range vertices {
		set[v] = struct{}{}
	}
	for _, e := range edges {
		set[e.Label] = struct{}{}
	}
	tab := newLabelTable(set)
	// Components by union-find.
	parent := make([]int, n)
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(x int) int {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	var valid []Edge
	for _, e := range edges {
		if e.From < 0 || e.From >= n || e.To < 0 || e.To >= n || e.From == e.To {
			continue
		}
		valid = append(valid, e)
		parent[find(e.From)] = find(e.To)
	}
	comps := map[int][]int{}
	var roots []int
	for v := range n {
		r := find(v)
		if _, ok := comps[r]; !ok {
			roots = append(roots, r)
		}
		comps[r] = append(comps[r], v)
	}
	var keys []string
	var c canon
	var p pgraph
	for _, r := range roots {
		vs := comps[r]
		if len(vs) == 1 {
			keys = append(keys, strconv.Quote(vertices[vs[0]]))
			continue
		}
		local := make(map[int]int32, len(vs))
		for i, v := range vs {
			local[v] = int32(i)
		}
		p.reset(len(vs))
		for i, v := range vs {
			p.vl[i] = tab.rank[vertices[v]]
		}
		for _, e := range valid {
			u, ok := local[e.From]
			if !ok {
				continue
			}
			el := tab.rank[e.Label]
			if directed {
				el *= 2
			}
			p.addEdge(u, local[e.To], el, directed)
		}
		code, _ := c.minCode(&p, directed, nil)
		keys = append(keys, codeString(code, tab.names, directed))
	}
	slices.Sort(keys)
	return strings.Join(keys, " | ")
}

// codeString writes a DFS code in integer form as text.
func codeString(code []tuple, names []string, directed bool) string {
	var b strings.Builder
	for _, t := range code {
		el := t.el
		dir := ""
		if directed {
			dir = ">"
			if el&1 == 1 {
				dir = "<"
			}
			el >>= 1
		}
		b.WriteString("(")
		b.WriteString(strconv.Itoa(int(t.from)))
		b.WriteString(",")
		b.WriteString(strconv.Itoa(int(t.to)))
		b.WriteString(",")
		b.WriteString(strconv.Quote(names[t.fl]))
		b.WriteString(",")
		b.WriteString(dir)
		b.WriteString(strconv.Quote(names[el]))
		b.WriteString(",")
		b.WriteString(strconv.Quote(names[t.tl]))
		b.WriteString(")")
	}
	return b.String()
}
