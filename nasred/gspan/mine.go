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

// emb is one embedding of a pattern: in graph gid, the adjacency entry a
// realises the last DFS-code edge, and prev is the index of the embedding
// of the parent pattern among the parent's embeddings.
type emb struct {
	gid  int32
	a    int32
	prev int32
}

// cand is an embedding of a candidate extension before grouping, with the
// extension's key.
type cand struct {
	key uint64
	emb
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
	// words is the number of int32 words of the vertex bitset at the
	// front of each embedding's row, when graphs are small enough
	// (0: membership is marked per embedding in worker.mark instead).
	words int
	maxV  int32

	stop         atomic.Int32
	found        atomic.Int64
	branchesDone atomic.Int64
	branches     int
	shared       atomic.Int64 // tasks handed to idle workers
	sched        scheduler
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
	// An edge whose labelled single-edge pattern is infrequent cannot be
	// part of a frequent pattern: leave it out of the adjacency lists.
	type edgeKind struct{ from, el, to int32 }
	kind := func(g Graph, e Edge) edgeKind {
		k := edgeKind{vt.rank[g.Vertices[e.From]], et.rank[e.Label], vt.rank[g.Vertices[e.To]]}
		if !m.directed && k.from > k.to {
			k.from, k.to = k.to, k.from
		}
		return k
	}
	type count struct{ graphs, last int }
	kinds := map[edgeKind]*count{}
	for gi, g := range graphs {
		for _, e := range g.Edges {
			k := kind(g, e)
			c := kinds[k]
			if c == nil {
				c = &count{last: -1}
				kinds[k] = c
			}
			if c.last != gi {
				c.graphs++
				c.last = gi
			}
		}
	}
	m.gs = make([]igraph, len(graphs))
	m.ids = make([]int, len(graphs))
	for gi, g := range graphs {
		m.ids[gi] = g.ID
		n := len(g.Vertices)
		ig := igraph{vl: make([]int32, n), off: make([]int32, n+1), ne: len(g.Edges)}
		for i, l := range g.Vertices {
			ig.vl[i] = vt.rank[l]
		}
		keep := make([]bool, len(g.Edges))
		nk := 0
		for ei, e := range g.Edges {
			if kinds[kind(g, e)].graphs >= opt.MinSupport {
				keep[ei] = true
				nk++
				ig.off[e.From+1]++
				ig.off[e.To+1]++
			}
		}
		for i := range n {
			ig.off[i+1] += ig.off[i]
		}
		ig.adj = make([]adjEntry, 2*nk)
		pos := slices.Clone(ig.off[:n])
		for ei, e := range g.Edges {
			if !keep[ei] {
				continue
			}
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
	if m.maxN <= maxBitsetVertices && !opt.noBitset {
		m.words = (m.maxN + 31) / 32
	}
	return m, nil
}

// maxBitsetVertices is the largest graph whose embeddings carry a vertex
// bitset: copying it with the row is cheaper than marking the vertices of
// every embedding, for up to a few words.
const maxBitsetVertices = 256

// inEmbedding reports whether graph vertex x is a vertex of the embedding
// with row row: by the bitset at its front (words > 0) or by the marks of
// stamp st.
func inEmbedding(row []int32, words int, mark []uint32, st uint32, x int32) bool {
	if words > 0 {
		return uint32(row[x>>5])>>(x&31)&1 != 0
	}
	return mark[x] == st
}

// frame is one node of the search whose children are being mined: a
// pattern's code and embeddings, and its frequent extensions (the
// children), grouped by key in DFS-code order. The root frame (depth 0)
// has an empty code and the frequent single edges as children.
type frame struct {
	code []tuple // the node's code; its depth is len(code)
	nv   int32   // vertices of the node's pattern
	rm   int32   // its rightmost vertex
	cvl  []int32 // label of each code vertex
	// rows holds the node's embeddings, width entries each: the graph
	// vertex of each code vertex, then the graph edge of each code edge
	// at the rightmost vertex (the edge that reached it and the backward
	// edges after it). The children's embeddings point into it with prev.
	rows  []int32
	width int
	// freqF[v] (freqB[v]) tells whether some child is a forward edge from
	// (a backward edge to) code vertex v; nil for the root.
	freqF, freqB []bool
	groups       []group
	cands        []emb
	next, end    int      // children groups[next:end] are still to be mined
	after        *segment // where the worker continues once this frame ends, when it gave work away
}

// child returns the DFS-code edge that extends f by the children with key k.
func (f *frame) child(k uint64) tuple {
	pos := int32(k >> (2 * labelBits))
	el, vl := int32(k>>labelBits&labelMask), int32(k&labelMask)
	switch {
	case len(f.code) == 0:
		return tuple{0, 1, pos, el, vl}
	case pos&fwdFlag == 0:
		return tuple{f.rm, pos, f.cvl[f.rm], el, vl}
	default:
		from := labelMask - pos&labelMask
		return tuple{from, f.nv, f.cvl[from], el, vl}
	}
}

// task is work handed to an idle worker: the children groups of a frame,
// with copies of what they need, and the segment their patterns go to.
type task struct {
	depth int
	f     frame
	seg   *segment
}

// worker holds the scratch space of one goroutine.
type worker struct {
	m      *miner
	frames []*frame // by depth; frames[base:top+1] are active
	base   int
	top    int
	cur    *segment // segment the patterns found now go to
	// Per graph vertex (without bitsets): == stamp when the vertex is one
	// of the embedding being extended. Per graph edge: == stamp when the
	// edge is one of that embedding's edges at the rightmost vertex.
	mark  []uint32
	used  []uint32
	stamp uint32
	// Buffers reused by every node of a depth.
	codes  [][]tuple
	cvls   [][]int32
	rows   [][]int32
	freqs  [][]bool
	bufs   [][]emb
	groups [][]group
	// extend's scratch.
	gen     []cand
	bid     []int32
	slots   []int32 // bucket of a key, by dense key index (see group)
	bmap    map[uint64]int32
	bucks   []bucket
	order   []int32
	rmpath  []int
	onRM    []bool
	rmChild []int32
	rmv     []tuple
	rmj     []int32
	okF     []bool // forward extensions from the code vertex may be frequent
	okB     []bool // backward extensions to the code vertex may be frequent
	cz      canon
	pg      pgraph
}

// bucket collects the extensions with one key during extend.
type bucket struct {
	key        uint64
	count, sup int32
	last       int32 // last graph counted
	start      int32
}

// group is a frequent extension: its key, support and its embeddings
// cands[start:end] of its frame.
type group struct {
	key        uint64
	sup        int32
	start, end int32
}

func (m *miner) newWorker() *worker {
	return &worker{
		m:    m,
		bmap: map[uint64]int32{},
		mark: make([]uint32, m.maxN),
		used: make([]uint32, m.maxE),
	}
}

func (w *worker) nextStamp() uint32 {
	w.stamp++
	if w.stamp == 0 {
		clear(w.mark)
		clear(w.used)
		w.stamp = 1
	}
	return w.stamp
}

// frameAt returns the worker's frame for depth d.
func (w *worker) frameAt(d int) *frame {
	for len(w.frames) <= d {
		w.frames = append(w.frames, new(frame))
		w.codes = append(w.codes, nil)
		w.cvls = append(w.cvls, nil)
		w.rows = append(w.rows, nil)
		w.freqs = append(w.freqs, nil)
		w.bufs = append(w.bufs, nil)
		w.groups = append(w.groups, nil)
	}
	return w.frames[d]
}

// The scheduler hands tasks to idle workers. want counts idle workers
// that no busy worker has promised a task yet; busy workers check it
// between nodes and give away part of their pending work when it is
// positive.
type scheduler struct {
	mu      sync.Mutex
	cond    *sync.Cond
	queue   []*task
	idle    int
	workers int
	done    bool
	want    atomic.Int32
}

// get returns the next task for an idle worker, or nil when all work is
// done.
func (s *scheduler) get() *task {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.queue) == 0 && !s.done {
		s.idle++
		if s.idle == s.workers {
			s.done = true
			s.cond.Broadcast()
		} else {
			s.want.Add(1)
			for len(s.queue) == 0 && !s.done {
				s.cond.Wait()
			}
			s.idle--
		}
	}
	if len(s.queue) == 0 {
		return nil
	}
	t := s.queue[0]
	s.queue = s.queue[1:]
	return t
}

// claim reserves an idle worker for a task the caller will put.
func (s *scheduler) claim() bool {
	for {
		n := s.want.Load()
		if n <= 0 {
			return false
		}
		if s.want.CompareAndSwap(n, n-1) {
			return true
		}
	}
}

func (s *scheduler) put(t *task) {
	s.mu.Lock()
	s.queue = append(s.queue, t)
	s.mu.Unlock()
	s.cond.Signal()
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

	// The root frame: every frequent single-edge pattern whose one-edge
	// code is minimal, in code order.
	w0 := m.newWorker()
	var gen []cand
	for gi := range m.gs {
		g := &m.gs[gi]
		for a := range g.adj {
			e := &g.adj[a]
			gen = append(gen, cand{packKey(uint64(g.vl[e.from]), e.el, g.vl[e.to]), emb{int32(gi), int32(a), -1}})
		}
	}
	root := w0.frameAt(0)
	root.cands, root.groups = w0.group(gen, 0, 0)
	root.groups = slices.DeleteFunc(root.groups, func(gr group) bool {
		t := root.child(gr.key)
		// The same edge read from its other end may be smaller.
		return cmpTuple(t, tuple{0, 1, t.tl, revLabel(t.el, m.directed), t.fl}) > 0
	})
	root.end = len(root.groups)
	m.branches = len(root.groups)

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
						Branches:     m.branches,
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

	m.em = startEmitter(m, opt)
	m.sched.workers = opt.Workers
	m.sched.cond = sync.NewCond(&m.sched.mu)
	m.sched.queue = []*task{{depth: 0, f: *root, seg: m.em.head}}
	var wg sync.WaitGroup
	for i := range opt.Workers {
		w := w0
		if i > 0 {
			w = m.newWorker()
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for t := m.sched.get(); t != nil; t = m.sched.get() {
				w.runTask(t)
			}
		}()
	}
	wg.Wait()
	<-m.em.done

	em := m.em
	res := Result{Patterns: em.out}
	reason := m.stop.Load()
	res.Complete = reason == running
	res.Reason = reasonText[reason]
	if em.err != nil {
		return res, fmt.Errorf("gspan: pattern callback: %w", em.err)
	}
	return res, nil
}

// runTask mines the children of a task's frame.
func (w *worker) runTask(t *task) {
	f := w.frameAt(t.depth)
	*f = t.f
	w.base, w.top, w.cur = t.depth, t.depth, t.seg
	w.loop(f, t.depth)
	w.m.em.close(w.cur)
	w.cur = nil
}

// loop mines the children of frame f at depth d (w.top == d), depth
// first, adding their patterns in output order.
func (w *worker) loop(f *frame, d int) {
	m := w.m
	child := w.frameAt(d + 1)
	for f.next < f.end && !m.stopped() {
		if m.sched.want.Load() > 0 {
			w.share()
			if f.next >= f.end {
				break
			}
		}
		gr := f.groups[f.next]
		f.next++
		t := f.child(gr.key)
		code := append(append(w.codes[d+1][:0], f.code...), t)
		w.codes[d+1] = code
		nv := f.nv
		switch {
		case d == 0:
			nv = 2 // single edges were checked for minimality in run
		case !w.isMin(code):
			continue
		case t.forward():
			nv++
		}
		proj := f.cands[gr.start:gr.end]
		w.record(code, nv, proj)
		w.extend(child, code, nv, proj, f)
		if child.end > 0 {
			w.top = d + 1
			w.loop(child, d+1)
			w.top = d
		}
		if d == 0 {
			m.branchesDone.Add(1)
		}
	}
	if f.after != nil {
		m.em.close(w.cur)
		w.cur, f.after = f.after, nil
	}
}

// share gives an idle worker the later half of the pending children of
// the shallowest active frame that has any (the largest piece of work
// likely), with copies of what they need. Their patterns go to a new
// segment placed after everything this worker finds before them.
func (w *worker) share() {
	m := w.m
	var f *frame
	d := w.base
	for ; d <= w.top; d++ {
		if fr := w.frames[d]; fr.next < fr.end {
			f = fr
			break
		}
	}
	if f == nil || !m.sched.claim() {
		return
	}
	lo := f.end - (f.end-f.next+1)/2
	gs := f.groups[lo:f.end]
	first, last := gs[0].start, gs[len(gs)-1].end
	t := &task{depth: d, f: frame{
		code:   slices.Clone(f.code),
		nv:     f.nv,
		rm:     f.rm,
		cvl:    slices.Clone(f.cvl),
		rows:   slices.Clone(f.rows),
		width:  f.width,
		freqF:  slices.Clone(f.freqF),
		freqB:  slices.Clone(f.freqB),
		cands:  slices.Clone(f.cands[first:last]),
		groups: make([]group, len(gs)),
		end:    len(gs),
	}}
	for i, gr := range gs {
		gr.start -= first
		gr.end -= first
		t.f.groups[i] = gr
	}
	// The given children come right after what this worker writes to its
	// current segment before reaching them: no deeper frame has given work
	// away (it would have had to be the shallowest frame with pending
	// children, and f has them, as it had then). Where f gave work away
	// before, that work comes after these children, and f's continuation
	// after that.
	t.seg = m.em.insertAfter(w.cur)
	if f.after == nil {
		f.after = m.em.insertAfter(t.seg)
	}
	f.end = lo
	m.shared.Add(1)
	m.sched.put(t)
}

// record delivers the pattern of code when it is large enough.
func (w *worker) record(code []tuple, nv int32, proj []emb) {
	m := w.m
	if int(nv) < m.opt.MinVertices {
		return
	}
	m.em.put(w.cur, code, nv, proj)
	if n := m.found.Add(1); m.opt.MaxPatterns > 0 && n >= int64(m.opt.MaxPatterns) {
		m.setStop(stopMaxPatterns)
	}
}

func (w *worker) isMin(code []tuple) bool {
	w.pg.fromCode(code, w.m.directed)
	_, ok := w.cz.minCode(&w.pg, w.m.directed, code)
	return ok
}

// extend makes f the frame of the pattern code (nv vertices) whose
// embeddings proj extend those of parent: it stores the embeddings as
// rows and lists every frequent rightmost-path extension of every
// embedding, skipping extensions that cannot give a minimum code, grouped
// by key in key (DFS-code) order; within a group, embeddings keep the
// order of their parents, so graphs are ascending.
func (w *worker) extend(f *frame, code []tuple, nv int32, proj []emb, parent *frame) {
	m := w.m
	depth := len(code)
	cvl := slices.Grow(w.cvls[depth][:0], int(nv))[:nv]
	for _, t := range code {
		cvl[t.from], cvl[t.to] = t.fl, t.tl
	}
	w.cvls[depth] = cvl
	w.rmpath = rightmostPath(code, w.rmpath)
	rm := code[w.rmpath[0]].to
	*f = frame{code: code, nv: nv, rm: rm, cvl: cvl}
	w.onRM = slices.Grow(w.onRM[:0], int(nv))[:nv]
	clear(w.onRM)
	w.rmChild = slices.Grow(w.rmChild[:0], int(nv))[:nv]
	for _, ti := range w.rmpath {
		w.onRM[code[ti].from] = true
		w.rmChild[code[ti].from] = int32(ti)
	}
	w.frequentAtParent(parent, nv, code[depth-1].forward())
	okF, okB := w.okF, w.okB
	lab0 := code[0].fl
	canFwd := m.maxV == 0 || nv < m.maxV
	W := m.words
	width := W + int(nv) + depth - w.rmpath[0]
	rows := slices.Grow(w.rows[depth][:0], len(proj)*width)[:len(proj)*width]
	w.rows[depth] = rows
	pnv, pw := int(parent.nv), parent.width
	fwd := code[depth-1].forward()
	buf := w.gen[:0]
	// The rightmost-path vertices other than the rightmost one that may
	// have frequent forward extensions, with their tree edges.
	w.rmv = w.rmv[:0]
	for _, ti := range w.rmpath {
		if ce := code[ti]; okF[ce.from] {
			w.rmv = append(w.rmv, ce)
		}
	}
	rmv := w.rmv
	// The same for backward edges: their possible targets.
	w.rmj = w.rmj[:0]
	for _, ti := range w.rmpath {
		if j := code[ti].from; okB[j] {
			w.rmj = append(w.rmj, j)
		}
	}
	rmj := w.rmj
	fwdRM := canFwd && okF[rm]
	rmKey := uint64(fwdFlag | (labelMask - rm))
	mark, used := w.mark, w.used
	var adj []adjEntry
	var off, vl []int32
	lastG := int32(-1)
	for pi := range proj {
		c := &proj[pi]
		if c.gid != lastG {
			g := &m.gs[c.gid]
			adj, off, vl, lastG = g.adj, g.off, g.vl, c.gid
		}
		ae := &adj[c.a]
		row := rows[pi*width : pi*width+width : pi*width+width]
		// Build the row from the parent's, and mark the vertices (unless
		// the row's bitset has them) and the edges at the rightmost
		// vertex as this embedding's.
		st := w.nextStamp()
		switch pr := parent.rows[int(c.prev)*pw : int(c.prev)*pw+pw]; {
		case depth == 1:
			row[W], row[W+1], row[W+2] = ae.from, ae.to, ae.eid
			if W > 0 {
				clear(row[:W])
				row[ae.from>>5] |= 1 << (ae.from & 31)
				row[ae.to>>5] |= 1 << (ae.to & 31)
			} else {
				mark[ae.from], mark[ae.to] = st, st
			}
		case !fwd: // one more edge at the same rightmost vertex
			copy(row, pr)
			for _, eid := range pr[W+pnv:] {
				used[eid] = st
			}
			row[pw] = ae.eid
			if W == 0 {
				for _, v := range row[:pnv] {
					mark[v] = st
				}
			}
		case W > 0: // a new rightmost vertex, reached by this edge
			copy(row, pr[:W+pnv])
			row[W+pnv], row[W+pnv+1] = ae.to, ae.eid
			row[ae.to>>5] |= 1 << (ae.to & 31)
		default:
			prv := pr[:pnv]
			rv := row[:len(prv)]
			for j, v := range prv {
				rv[j] = v
				mark[v] = st
			}
			row[pnv], row[pnv+1] = ae.to, ae.eid
			mark[ae.to] = st
		}
		used[ae.eid] = st
		vm := row[W : W+int(nv)]
		// Edges at the rightmost vertex: backward to a vertex of the
		// rightmost path, or forward to a new vertex.
		rmG := vm[rm]
		for a := off[rmG]; a < off[rmG+1]; a++ {
			e := &adj[a]
			if inEmbedding(row, W, mark, st, e.to) {
				if used[e.eid] == st {
					continue
				}
				j := int32(-1)
				for _, k := range rmj {
					if vm[k] == e.to {
						j = k
						break
					}
				}
				if j < 0 {
					continue
				}
				// Read from j, the new edge must not precede j's tree
				// edge on the rightmost path, or a DFS taking it first
				// is smaller.
				ce := code[w.rmChild[j]]
				if r := revLabel(e.el, m.directed); r < ce.el || (r == ce.el && cvl[rm] < ce.tl) {
					continue
				}
				buf = append(buf, cand{packKey(uint64(j), e.el, cvl[j]), emb{c.gid, a, int32(pi)}})
			} else if ly := vl[e.to]; fwdRM && ly >= lab0 {
				buf = append(buf, cand{rmKey<<(2*labelBits) | uint64(e.el)<<labelBits | uint64(ly), emb{c.gid, a, int32(pi)}})
			}
		}
		if !canFwd {
			continue
		}
		// Forward edges from the other rightmost-path vertices.
		for _, ce := range rmv {
			vG := vm[ce.from]
			for a := off[vG]; a < off[vG+1]; a++ {
				e := &adj[a]
				if inEmbedding(row, W, mark, st, e.to) {
					continue
				}
				ly := vl[e.to]
				if ly < lab0 || e.el < ce.el || (e.el == ce.el && ly < ce.tl) {
					continue
				}
				buf = append(buf, cand{packKey(uint64(fwdFlag|(labelMask-ce.from)), e.el, ly), emb{c.gid, a, int32(pi)}})
			}
		}
	}
	w.gen = buf
	f.rows, f.width = rows, width
	f.cands, f.groups = w.group(buf, depth, nv)
	f.end = len(f.groups)
	fr := slices.Grow(w.freqs[depth][:0], 2*int(nv))[:2*nv]
	clear(fr)
	w.freqs[depth] = fr
	f.freqF, f.freqB = fr[:nv], fr[nv:]
	for _, gr := range f.groups {
		if pos := int32(gr.key >> (2 * labelBits)); pos&fwdFlag != 0 {
			f.freqF[labelMask-pos&labelMask] = true
		} else {
			f.freqB[pos] = true
		}
	}
}

// frequentAtParent sets w.okF and w.okB for a pattern with nv vertices
// that extends the pattern of frame parent by a forward (fwd) or backward
// edge. An extension of the pattern by an edge at a vertex the parent has
// too is a supergraph of the parent's extension by the same edge, so it
// is frequent only if that was: forward extensions from the parent's
// vertices, and for a backward edge (same rightmost vertex, same
// vertices) backward ones too, need a frequent counterpart among the
// parent's children. The new rightmost vertex of a forward edge has no
// counterpart.
func (w *worker) frequentAtParent(parent *frame, nv int32, fwd bool) {
	w.okF = slices.Grow(w.okF[:0], int(nv))[:nv]
	w.okB = slices.Grow(w.okB[:0], int(nv))[:nv]
	if parent.freqF == nil {
		for i := range nv {
			w.okF[i], w.okB[i] = true, true
		}
		return
	}
	copy(w.okF, parent.freqF)
	copy(w.okB, parent.freqB)
	if fwd {
		w.okF[nv-1] = true
		for i := range nv {
			w.okB[i] = true
		}
	}
}

// group buckets the generated extensions of a pattern with nv vertices
// (0 for the root) by key, counts the graphs of each bucket, and copies the
// frequent buckets, in key order, into w.bufs[depth] (a stable counting
// sort).
func (w *worker) group(buf []cand, depth int, nv int32) ([]emb, []group) {
	m := w.m
	minsup := int32(m.opt.MinSupport)
	// Keys are few and small: (backward target or forward source, edge
	// label, vertex label) index a table of buckets directly, unless the
	// label alphabets make it large. An entry is valid when its bucket has
	// the key, so the table needs no clearing.
	nel, nvl := len(m.enames), len(m.vnames)
	if m.directed {
		nel *= 2
	}
	npos := 2 * int(nv)
	if nv == 0 {
		npos = nvl
	}
	dense := npos*nel*nvl <= 1<<20
	if dense && len(w.slots) < npos*nel*nvl {
		w.slots = make([]int32, npos*nel*nvl)
	}
	if !dense {
		clear(w.bmap)
	}
	w.bucks = w.bucks[:0]
	w.bid = slices.Grow(w.bid[:0], len(buf))[:len(buf)]
	lastKey := ^uint64(0)
	lastB := int32(-1)
	for i := range buf {
		c := &buf[i]
		b := lastB
		if k := c.key; k != lastKey {
			ok := false
			slot := 0
			if dense {
				pos := int(k >> (2 * labelBits))
				if nv > 0 && pos&fwdFlag != 0 {
					pos = int(nv) + labelMask - pos&labelMask
				}
				slot = (pos*nel+int(k>>labelBits&labelMask))*nvl + int(k&labelMask)
				b = w.slots[slot]
				ok = int(b) < len(w.bucks) && w.bucks[b].key == k
			} else {
				b, ok = w.bmap[k]
			}
			if !ok {
				b = int32(len(w.bucks))
				w.bucks = append(w.bucks, bucket{key: k, last: -1})
				if dense {
					w.slots[slot] = b
				} else {
					w.bmap[k] = b
				}
			}
			lastKey, lastB = k, b
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
		out[bk.start] = buf[i].emb
		bk.start++
	}
	w.bufs[depth] = out
	w.groups[depth] = groups
	return out, groups
}
