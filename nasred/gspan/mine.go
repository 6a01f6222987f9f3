package gspan

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// adjEntry is one side of an edge in an igraph: the edge eid read from
// vertex from, with its oriented label.
type adjEntry struct{ from, to, el, eid int32 }

// igraph is a graph in the miner's integer form: label ranks and a
// compressed adjacency list (the entries of vertex v are adj[off[v]:off[v+1]]).
type igraph struct {
	vl  []int32
	off []int32
	adj []adjEntry
	ne  int
}

// cand is one embedding of a pattern (or of a candidate extension before
// grouping): in graph gid, the adjacency entry a realises the last DFS-code
// edge, and prev is the index of the embedding of the parent pattern in the
// parent's projection. Following prev links recovers the whole embedding.
type cand struct {
	key  uint64
	gid  int32
	a    int32
	prev int32
}

// Candidate keys pack (position, edge label, vertex label) into 64 bits so
// that sorting keys sorts extensions in DFS-code order: backward edges by
// target, then forward edges from the deepest rightmost-path vertex up.
const (
	labelBits = 21
	labelMask = 1<<labelBits - 1
	fwdFlag   = 1 << labelBits
)

func packKey(pos uint64, el, vl int32) uint64 {
	return pos<<(2*labelBits) | uint64(el)<<labelBits | uint64(vl)
}

// stop reasons, in the order they can be set (the first one wins).
const (
	running int32 = iota
	stopMaxPatterns
	stopDeadline
	stopCancelled
	stopCallback
)

var reasonText = [...]string{"", ReasonMaxPatterns, ReasonDeadline, ReasonCancelled, ReasonCallback}

type miner struct {
	opt      Options
	directed bool
	gs       []igraph
	ids      []int
	vnames   []string
	enames   []string
	maxN     int
	maxE     int
	maxV     int32

	stop         atomic.Int32
	found        atomic.Int64
	branchesDone atomic.Int64
	free         chan *worker
	em           *emitter
}

func (m *miner) setStop(r int32) { m.stop.CompareAndSwap(running, r) }
func (m *miner) stopped() bool   { return m.stop.Load() != running }
func (m *miner) elName(el int32) string {
	if m.directed {
		return m.enames[el>>1]
	}
	return m.enames[el]
}

func newMiner(graphs []Graph, opt Options) (*miner, error) {
	m := &miner{opt: opt, directed: opt.Directed, maxV: int32(opt.MaxVertices)}
	vset := map[string]struct{}{}
	eset := map[string]struct{}{}
	seen := make(map[int]int, len(graphs))
	for gi, g := range graphs {
		if len(g.Vertices) >= labelMask {
			return nil, fmt.Errorf("gspan: graph %d (ID %d) has %d vertices; at most %d are supported", gi, g.ID, len(g.Vertices), labelMask-1)
		}
		if prev, ok := seen[g.ID]; ok {
			return nil, fmt.Errorf("gspan: graphs %d and %d have the same ID %d", prev, gi, g.ID)
		}
		seen[g.ID] = gi
		for _, l := range g.Vertices {
			vset[l] = struct{}{}
		}
		for ei, e := range g.Edges {
			if e.From < 0 || e.From >= len(g.Vertices) || e.To < 0 || e.To >= len(g.Vertices) {
				return nil, fmt.Errorf("gspan: graph %d (ID %d): edge %d (%d-%d) has an end point outside vertices 0..%d",
					gi, g.ID, ei, e.From, e.To, len(g.Vertices)-1)
			}
			if e.From == e.To {
				return nil, fmt.Errorf("gspan: graph %d (ID %d): edge %d is a self-loop on vertex %d; self-loops are not supported",
					gi, g.ID, ei, e.From)
			}
			eset[e.Label] = struct{}{}
		}
	}
	vt, et := newLabelTable(vset), newLabelTable(eset)
	if len(vt.names) > labelMask || 2*len(et.names) > labelMask {
		return nil, fmt.Errorf("gspan: too many distinct labels (%d vertex, %d edge labels; at most %d and %d)",
			len(vt.names), len(et.names), labelMask, labelMask/2)
	}
	m.vnames, m.enames = vt.names, et.names
	m.gs = make([]igraph, len(graphs))
	m.ids = make([]int, len(graphs))
	for gi, g := range graphs {
		m.ids[gi] = g.ID
		n := len(g.Vertices)
		ig := igraph{vl: make([]int32, n), off: make([]int32, n+1), adj: make([]adjEntry, 2*len(g.Edges)), ne: len(g.Edges)}
		for i, l := range g.Vertices {
			ig.vl[i] = vt.rank[l]
		}
		for _, e := range g.Edges {
			ig.off[e.From+1]++
			ig.off[e.To+1]++
		}
		for i := range n {
			ig.off[i+1] += ig.off[i]
		}
		pos := slices.Clone(ig.off[:n])
		for ei, e := range g.Edges {
			el := et.rank[e.Label]
			elr := el
			if m.directed {
				el, elr = 2*el, 2*el+1
			}
			ig.adj[pos[e.From]] = adjEntry{int32(e.From), int32(e.To), el, int32(ei)}
			pos[e.From]++
			ig.adj[pos[e.To]] = adjEntry{int32(e.To), int32(e.From), elr, int32(ei)}
			pos[e.To]++
		}
		m.gs[gi] = ig
		m.maxN = max(m.maxN, n)
		m.maxE = max(m.maxE, len(g.Edges))
	}
	return m, nil
}

// worker holds the scratch space of one goroutine.
type worker struct {
	m        *miner
	vmap     []int32  // code vertex -> graph vertex of the current embedding
	inv      []int32  // graph vertex -> code vertex, valid where invStamp == stamp
	invStamp []uint32 // per graph vertex
	used     []uint32 // per graph edge: == stamp when in the embedding
	stamp    uint32
	gen      []cand  // extensions as generated, reused by every extend
	bid      []int32 // bucket of each gen entry
	bmap     map[uint64]int32
	bucks    []bucket
	order    []int32
	bufs     [][]cand  // frequent extensions grouped by key, one per depth
	groups   [][]group // the groups of bufs, one per depth
	rmpath   []int
	onRM     []bool
	rmChild  []int32
	cvl      []int32
	cz       canon
	pg       pgraph
	// Slabs the patterns' slices are cut from, to allocate less often.
	slabV []string
	slabE []Edge
	slabC []DFSEdge
	slabI []int
}

// take cuts a slice of length n (and capacity n) from the front of *slab,
// refilling it with a new chunk when it is too short.
func take[T any](slab *[]T, n int) []T {
	const chunk = 4096
	if n > chunk/8 {
		return make([]T, n)
	}
	if len(*slab) < n {
		*slab = make([]T, chunk)
	}
	r := (*slab)[:n:n]
	*slab = (*slab)[n:]
	return r
}

// bucket collects the extensions with one key during extend.
type bucket struct {
	key        uint64
	count, sup int32
	last       int32 // last graph counted
	start      int32
}

// group is a frequent extension: its key, support and its embeddings
// bufs[depth][start:end].
type group struct {
	key        uint64
	sup        int32
	start, end int32
}

func (m *miner) newWorker() *worker {
	return &worker{
		m:        m,
		bmap:     map[uint64]int32{},
		inv:      make([]int32, m.maxN),
		invStamp: make([]uint32, m.maxN),
		used:     make([]uint32, m.maxE),
	}
}

func (w *worker) nextStamp() uint32 {
	w.stamp++
	if w.stamp == 0 {
		clear(w.invStamp)
		clear(w.used)
		w.stamp = 1
	}
	return w.stamp
}

func (m *miner) tryWorker() *worker {
	select {
	case w := <-m.free:
		return w
	default:
		return nil
	}
}

func (m *miner) run(ctx context.Context) (Result, error) {
	start := time.Now()
	opt := m.opt
	stopCtx := context.AfterFunc(ctx, func() { m.setStop(stopCancelled) })
	defer stopCtx()
	if ctx.Err() != nil {
		m.setStop(stopCancelled)
	}
	if !opt.Deadline.IsZero() {
		t := time.AfterFunc(time.Until(opt.Deadline), func() { m.setStop(stopDeadline) })
		defer t.Stop()
	}

	// First level: every frequent single-edge pattern whose one-edge code
	// is minimal, in code order.
	var root []cand
	for gi := range m.gs {
		g := &m.gs[gi]
		for a := range g.adj {
			e := &g.adj[a]
			root = append(root, cand{key: packKey(uint64(g.vl[e.from]), e.el, g.vl[e.to]), gid: int32(gi), a: int32(a), prev: -1})
		}
	}
	slices.SortFunc(root, func(x, y cand) int {
		if c := cmp.Compare(x.key, y.key); c != 0 {
			return c
		}
		if c := cmp.Compare(x.gid, y.gid); c != 0 {
			return c
		}
		return cmp.Compare(x.a, y.a)
	})
	type branch struct {
		t     tuple
		group []cand
	}
	var branches []branch
	for i := 0; i < len(root); {
		j, sup := groupEnd(root, i)
		group := root[i:j]
		i = j
		if sup < opt.MinSupport {
			continue
		}
		k := group[0].key
		t := tuple{0, 1, int32(k >> (2 * labelBits)), int32(k >> labelBits & labelMask), int32(k & labelMask)}
		if cmpTuple(t, tuple{0, 1, t.tl, revLabel(t.el, m.directed), t.fl}) > 0 {
			continue // the same edge read from its other end is smaller
		}
		branches = append(branches, branch{t, group})
	}

	// Progress reports.
	progressDone := make(chan struct{})
	var progressWG sync.WaitGroup
	if opt.Progress != nil {
		progressWG.Add(1)
		go func() {
			defer progressWG.Done()
			tk := time.NewTicker(opt.ProgressEvery)
			defer tk.Stop()
			for {
				select {
				case <-progressDone:
					return
				case <-tk.C:
					opt.Progress(Progress{
						Patterns:     int(m.found.Load()),
						BranchesDone: int(m.branchesDone.Load()),
						Branches:     len(branches),
						Elapsed:      time.Since(start),
						Workers:      opt.Workers,
					})
				}
			}
		}()
	}
	defer func() {
		close(progressDone)
		progressWG.Wait()
	}()

	m.free = make(chan *worker, opt.Workers)
	for range opt.Workers - 1 {
		m.free <- m.newWorker()
	}
	w0 := m.newWorker()

	em := &emitter{m: m, onPattern: opt.OnPattern, keep: !opt.DiscardPatterns, max: opt.MaxPatterns}
	em.head = &segment{}
	em.advanced = sync.NewCond(&em.mu)
	em.limit = maxBuffered
	if opt.bufferLimit > 0 {
		em.limit = opt.bufferLimit
	}
	m.em = em
	var wg sync.WaitGroup
	cur := em.head
	for _, b := range branches {
		if m.stopped() {
			break
		}
		code := []tuple{b.t}
		chain := [][]cand{b.group}
		w0.record(code, b.group, 2, cur)
		if w := m.tryWorker(); w != nil {
			var child *segment
			child, cur = em.split(cur)
			wg.Add(1)
			go func() {
				defer wg.Done()
				em.close(w.grow(code, chain, 2, child))
				m.branchesDone.Add(1)
				m.free <- w
			}()
		} else {
			cur = w0.grow(code, chain, 2, cur)
			m.branchesDone.Add(1)
		}
	}
	em.close(cur)
	wg.Wait()

	res := Result{Patterns: em.out}
	reason := m.stop.Load()
	res.Complete = reason == running
	res.Reason = reasonText[reason]
	if em.err != nil {
		return res, fmt.Errorf("gspan: pattern callback: %w", em.err)
	}
	return res, nil
}

// The output order is kept with a linked list of segments. Each running
// grow call appends the patterns it finds to its current segment; when it
// hands a child subtree to another goroutine it splits the list: the
// child's subtree goes to a new segment, and its own later patterns to a
// segment after that. Patterns of the head segment are delivered at once;
// the others wait in their segment until every segment before it is
// closed. So patterns are delivered in sequential order while the search
// runs, and only those found ahead of their turn are buffered (at most
// maxBuffered; then the goroutine ahead waits). The writer of the head
// segment never waits, so the search always progresses.
type segment struct {
	next   *segment
	buf    []Pattern
	closed bool
}

type emitter struct {
	m         *miner
	mu        sync.Mutex
	head      *segment
	onPattern func(Pattern) error
	keep      bool
	max       int
	n         int // patterns delivered
	out       []Pattern
	err       error
	buffered  int        // patterns waiting in segments
	limit     int        // maxBuffered, or smaller in tests
	advanced  *sync.Cond // signalled when the head moves
}

// maxBuffered bounds the patterns waiting in segments: a goroutine that
// runs this far ahead of the output waits for the head to catch up.
const maxBuffered = 1 << 14

// put adds p at the end of segment s.
func (e *emitter) put(s *segment, p Pattern) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for s != e.head && e.buffered >= e.limit {
		e.advanced.Wait()
	}
	if s == e.head {
		e.deliver(p)
	} else {
		s.buf = append(s.buf, p)
		e.buffered++
	}
}

// split closes s and returns two new segments that follow it: one for a
// subtree handed to another goroutine, and one for what the caller finds
// after it.
func (e *emitter) split(s *segment) (child, rest *segment) {
	e.mu.Lock()
	rest = &segment{next: s.next}
	child = &segment{next: rest}
	s.next = child
	e.mu.Unlock()
	e.close(s)
	return child, rest
}

// close marks s complete and delivers whatever became deliverable.
func (e *emitter) close(s *segment) {
	e.mu.Lock()
	defer e.mu.Unlock()
	s.closed = true
	for e.head != nil && e.head.closed {
		e.head = e.head.next
		if e.head != nil {
			for _, p := range e.head.buf {
				e.deliver(p)
			}
			e.buffered -= len(e.head.buf)
			e.head.buf = nil
		}
		e.advanced.Broadcast()
	}
}

func (e *emitter) deliver(p Pattern) {
	if e.max > 0 && e.n >= e.max {
		return
	}
	e.n++
	if e.keep {
		e.out = append(e.out, p)
	}
	if e.onPattern != nil && e.err == nil {
		if err := e.onPattern(p); err != nil {
			e.err = err
			e.m.setStop(stopCallback)
		}
	}
}

// groupEnd returns the end of the run of candidates with the key of
// c[i] and the number of distinct graphs in it (c is sorted by key, then
// by graph).
func groupEnd(c []cand, i int) (int, int) {
	key := c[i].key
	sup := 0
	last := int32(-1)
	j := i
	for ; j < len(c) && c[j].key == key; j++ {
		if c[j].gid != last {
			sup++
			last = c[j].gid
		}
	}
	return j, sup
}

// record delivers the pattern of code when it is large enough.
func (w *worker) record(code []tuple, group []cand, nv int32, seg *segment) {
	m := w.m
	if int(nv) < m.opt.MinVertices {
		return
	}
	m.em.put(seg, w.makePattern(code, group, nv))
	if n := m.found.Add(1); m.opt.MaxPatterns > 0 && n >= int64(m.opt.MaxPatterns) {
		m.setStop(stopMaxPatterns)
	}
}

func (w *worker) makePattern(code []tuple, group []cand, nv int32) Pattern {
	m := w.m
	sup := 0
	last := int32(-1)
	for _, c := range group {
		if c.gid != last {
			sup++
			last = c.gid
		}
	}
	p := Pattern{
		Vertices: take(&w.slabV, int(nv)),
		Edges:    take(&w.slabE, len(code)),
		Code:     take(&w.slabC, len(code)),
		GraphIDs: take(&w.slabI, sup)[:0],
	}
	for i, t := range code {
		p.Vertices[t.from] = m.vnames[t.fl]
		p.Vertices[t.to] = m.vnames[t.tl]
		rev := m.directed && t.el&1 == 1
		lab := m.elName(t.el)
		if rev {
			p.Edges[i] = Edge{int(t.to), int(t.from), lab}
		} else {
			p.Edges[i] = Edge{int(t.from), int(t.to), lab}
		}
		p.Code[i] = DFSEdge{From: int(t.from), To: int(t.to), FromLabel: m.vnames[t.fl], ToLabel: m.vnames[t.tl], Label: lab, Reverse: rev}
	}
	last = -1
	sorted := true
	for _, c := range group {
		if c.gid != last {
			id := m.ids[c.gid]
			if n := len(p.GraphIDs); n > 0 && p.GraphIDs[n-1] > id {
				sorted = false
			}
			p.GraphIDs = append(p.GraphIDs, id)
			last = c.gid
		}
	}
	if !sorted {
		slices.Sort(p.GraphIDs)
	}
	p.Support = len(p.GraphIDs)
	return p
}

// grow mines every frequent minimal extension of code, whose embeddings
// are chain[len(chain)-1] (chain[t] holds the embeddings of code[:t+1]),
// adding the patterns in output order to segment seg and the segments it
// splits off; it returns the segment its caller continues with.
func (w *worker) grow(code []tuple, chain [][]cand, nv int32, seg *segment) *segment {
	m := w.m
	if m.stopped() {
		return seg
	}
	cands, groups := w.extend(code, chain, nv)
	var wg sync.WaitGroup
	cur := seg
	rm := code[w.rmpath[0]].to
	cvl := slices.Clone(w.cvl[:nv])
	for _, gr := range groups {
		if m.stopped() {
			break
		}
		group := cands[gr.start:gr.end]
		k := gr.key
		pos := k >> (2 * labelBits)
		el, vl := int32(k>>labelBits&labelMask), int32(k&labelMask)
		var t tuple
		if pos&fwdFlag == 0 {
			t = tuple{rm, int32(pos), cvl[rm], el, vl}
		} else {
			from := int32(labelMask - pos&labelMask)
			t = tuple{from, nv, cvl[from], el, vl}
		}
		child := append(code[:len(code):len(code)], t)
		if !w.isMin(child) {
			continue
		}
		cnv := nv
		if t.forward() {
			cnv++
		}
		w.record(child, group, cnv, cur)
		childChain := append(chain[:len(chain):len(chain)], group)
		if w2 := m.tryWorker(); w2 != nil {
			var sub *segment
			sub, cur = m.em.split(cur)
			wg.Add(1)
			go func() {
				defer wg.Done()
				m.em.close(w2.grow(child, childChain, cnv, sub))
				m.free <- w2
			}()
		} else {
			cur = w.grow(child, childChain, cnv, cur)
		}
	}
	// Spawned subtrees read this call's candidate buffers: wait for them.
	wg.Wait()
	return cur
}

func (w *worker) isMin(code []tuple) bool {
	w.pg.fromCode(code, w.m.directed)
	_, ok := w.cz.minCode(&w.pg, w.m.directed, code)
	return ok
}

// extend lists every frequent rightmost-path extension of every embedding
// of code, skipping extensions that cannot give a minimum code, grouped by
// key in key (DFS-code) order; within a group, embeddings keep the order
// of their parents, so graphs are ascending. It fills w.rmpath and w.cvl
// for the caller.
func (w *worker) extend(code []tuple, chain [][]cand, nv int32) ([]cand, []group) {
	m := w.m
	depth := len(code)
	for len(w.bufs) <= depth {
		w.bufs = append(w.bufs, nil)
		w.groups = append(w.groups, nil)
	}
	if len(w.vmap) < int(nv) {
		w.vmap = make([]int32, 2*nv)
	}
	w.cvl = slices.Grow(w.cvl[:0], int(nv))[:nv]
	for _, t := range code {
		w.cvl[t.from], w.cvl[t.to] = t.fl, t.tl
	}
	cvl := w.cvl
	w.rmpath = rightmostPath(code, w.rmpath)
	rm := code[w.rmpath[0]].to
	w.onRM = slices.Grow(w.onRM[:0], int(nv))[:nv]
	clear(w.onRM)
	w.rmChild = slices.Grow(w.rmChild[:0], int(nv))[:nv]
	for _, ti := range w.rmpath {
		w.onRM[code[ti].from] = true
		w.rmChild[code[ti].from] = int32(ti)
	}
	lab0 := code[0].fl
	canFwd := m.maxV == 0 || nv < m.maxV
	proj := chain[len(chain)-1]
	buf := w.gen[:0]
	for pi := range proj {
		gid := proj[pi].gid
		g := &m.gs[gid]
		stamp := w.nextStamp()
		idx := int32(pi)
		for t := len(code) - 1; t >= 0; t-- {
			ce := &chain[t][idx]
			ae := &g.adj[ce.a]
			w.used[ae.eid] = stamp
			if code[t].forward() {
				w.vmap[code[t].to] = ae.to
				w.inv[ae.to] = code[t].to
				w.invStamp[ae.to] = stamp
			}
			if t == 0 {
				w.vmap[0] = ae.from
				w.inv[ae.from] = 0
				w.invStamp[ae.from] = stamp
			}
			idx = ce.prev
		}
		rmG := w.vmap[rm]
		lo, hi := g.off[rmG], g.off[rmG+1]
		// Backward edges from the rightmost vertex to the rightmost path.
		for a := lo; a < hi; a++ {
			e := &g.adj[a]
			if w.invStamp[e.to] != stamp || w.used[e.eid] == stamp {
				continue
			}
			j := w.inv[e.to]
			if !w.onRM[j] {
				continue
			}
			// Read from j, the new edge must not precede j's tree edge
			// on the rightmost path, or a DFS taking it first is smaller.
			ce := code[w.rmChild[j]]
			if r := revLabel(e.el, m.directed); r < ce.el || (r == ce.el && cvl[rm] < ce.tl) {
				continue
			}
			buf = append(buf, cand{packKey(uint64(j), e.el, cvl[j]), gid, a, int32(pi)})
		}
		if !canFwd {
			continue
		}
		// Forward edges from the rightmost vertex.
		for a := lo; a < hi; a++ {
			e := &g.adj[a]
			if w.invStamp[e.to] == stamp {
				continue
			}
			ly := g.vl[e.to]
			if ly < lab0 {
				continue
			}
			buf = append(buf, cand{packKey(uint64(fwdFlag|(labelMask-rm)), e.el, ly), gid, a, int32(pi)})
		}
		// Forward edges from the other rightmost-path vertices.
		for _, ti := range w.rmpath {
			ce := code[ti]
			v := ce.from
			vG := w.vmap[v]
			for a := g.off[vG]; a < g.off[vG+1]; a++ {
				e := &g.adj[a]
				if w.invStamp[e.to] == stamp {
					continue
				}
				ly := g.vl[e.to]
				if ly < lab0 || e.el < ce.el || (e.el == ce.el && ly < ce.tl) {
					continue
				}
				buf = append(buf, cand{packKey(uint64(fwdFlag|(labelMask-v)), e.el, ly), gid, a, int32(pi)})
			}
		}
	}
	w.gen = buf
	return w.group(buf, depth)
}

// group buckets the generated extensions by key, counts the graphs of each
// bucket, and copies the frequent buckets, in key order, into
// w.bufs[depth] (a stable counting sort).
func (w *worker) group(buf []cand, depth int) ([]cand, []group) {
	minsup := int32(w.m.opt.MinSupport)
	clear(w.bmap)
	w.bucks = w.bucks[:0]
	w.bid = slices.Grow(w.bid[:0], len(buf))[:len(buf)]
	lastKey := ^uint64(0)
	lastB := int32(-1)
	for i := range buf {
		c := &buf[i]
		b := lastB
		if c.key != lastKey {
			var ok bool
			b, ok = w.bmap[c.key]
			if !ok {
				b = int32(len(w.bucks))
				w.bmap[c.key] = b
				w.bucks = append(w.bucks, bucket{key: c.key, last: -1})
			}
			lastKey, lastB = c.key, b
		}
		w.bid[i] = b
		bk := &w.bucks[b]
		bk.count++
		if bk.last != c.gid {
			bk.sup++
			bk.last = c.gid
		}
	}
	w.order = w.order[:0]
	for b := range w.bucks {
		if w.bucks[b].sup >= minsup {
			w.order = append(w.order, int32(b))
		}
	}
	slices.SortFunc(w.order, func(x, y int32) int { return cmp.Compare(w.bucks[x].key, w.bucks[y].key) })
	groups := w.groups[depth][:0]
	n := int32(0)
	for _, b := range w.order {
		bk := &w.bucks[b]
		bk.start = n
		groups = append(groups, group{key: bk.key, sup: bk.sup, start: n, end: n + bk.count})
		n += bk.count
	}
	out := slices.Grow(w.bufs[depth][:0], int(n))[:n]
	for i := range buf {
		bk := &w.bucks[w.bid[i]]
		if bk.sup < minsup {
			continue
		}
		out[bk.start] = buf[i]
		bk.start++
	}
	w.bufs[depth] = out
	w.groups[depth] = groups
	return out, groups
}
