package gspan

import (
	"encoding/binary"
	"slices"
	"sync"
)

// The output order is kept with a linked list of segments. A worker
// appends the patterns it finds, compactly encoded, to its current
// segment. When it hands some of its pending siblings to an idle worker,
// it inserts a segment for them after the last segment it will write
// before reaching them, and (once per frame) a segment for what it finds
// after them. The emitter's goroutine decodes the patterns of the head
// segment and delivers them as they come, and moves to the next segment
// when the head is closed and drained. So patterns are delivered in
// sequential order while the search runs, workers never wait for the
// output (the callback runs on the emitter's goroutine), and only patterns
// found ahead of their turn accumulate (at most maxBuffered bytes; then
// the worker ahead waits). The writer of the head segment never waits, so
// the search always progresses.
type segment struct {
	next   *segment
	chunks [][]byte // encoded patterns not yet taken by the emitter
	size   int      // their bytes
	last   []tuple  // code of the last pattern encoded
	closed bool
}

// segChunk is the size of the chunks segments buffer patterns in.
const segChunk = 16 << 10

// wakeBytes is how many bytes of patterns the head collects before a
// waiting emitter is woken (waking it for each pattern costs more than
// delivering it).
const wakeBytes = 4 << 10

type emitter struct {
	m        *miner
	mu       sync.Mutex
	head     *segment
	buffered int        // bytes of encoded patterns not yet delivered
	limit    int        // maxBuffered, or smaller in tests
	advanced *sync.Cond // signalled when the emitter delivered or moved on
	ready    *sync.Cond // signalled when the head has data or was closed
	waiting  bool       // the emitter waits on ready
	free     [][]byte   // delivered chunks, for reuse
	enc      []byte
	done     chan struct{}

	// Owned by the emitter's goroutine.
	onPattern func(Pattern) error
	keep      bool
	max       int
	n         int // patterns delivered
	out       []Pattern
	err       error
	pb        patternBuilder
	code      []tuple // decoding state of the head segment
	gids      []int32
	chunks    [][]byte
}

// maxBuffered bounds the bytes of encoded patterns waiting in segments
// (a few dozen bytes a pattern): a worker that runs this far ahead of the
// output waits for the head to catch up.
const maxBuffered = 32 << 20

// startEmitter starts the goroutine that delivers patterns; it ends when
// every segment is closed and delivered (then done is closed).
func startEmitter(m *miner, opt Options) *emitter {
	e := &emitter{m: m, onPattern: opt.OnPattern, keep: !opt.DiscardPatterns, max: opt.MaxPatterns,
		head: &segment{}, limit: maxBuffered, done: make(chan struct{})}
	e.advanced = sync.NewCond(&e.mu)
	e.ready = sync.NewCond(&e.mu)
	if opt.bufferLimit > 0 {
		e.limit = opt.bufferLimit
	}
	e.pb.m = m
	go e.run()
	return e
}

// put adds the pattern of code, whose embeddings are group, at the end of
// segment s.
func (e *emitter) put(s *segment, code []tuple, nv int32, group []emb) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for s != e.head && e.buffered >= e.limit {
		e.advanced.Wait()
	}
	e.enc = encodePattern(e.enc[:0], s.last, code, nv, group)
	s.last = append(s.last[:0], code...)
	n := len(s.chunks)
	if n == 0 || len(s.chunks[n-1])+len(e.enc) > cap(s.chunks[n-1]) {
		var c []byte
		if k := len(e.free); k > 0 && len(e.enc) <= segChunk {
			c, e.free = e.free[k-1], e.free[:k-1]
		} else {
			c = make([]byte, 0, max(segChunk, len(e.enc)))
		}
		s.chunks = append(s.chunks, c)
		n++
	}
	s.chunks[n-1] = append(s.chunks[n-1], e.enc...)
	s.size += len(e.enc)
	e.buffered += len(e.enc)
	if s.size >= wakeBytes {
		e.wake(s)
	}
}

// wake signals the emitter if it waits for s.
func (e *emitter) wake(s *segment) {
	if s == e.head && e.waiting {
		e.waiting = false
		e.ready.Signal()
	}
}

// insertAfter inserts a new open segment after s and returns it.
func (e *emitter) insertAfter(s *segment) *segment {
	e.mu.Lock()
	defer e.mu.Unlock()
	n := &segment{next: s.next}
	s.next = n
	return n
}

// close marks s complete.
func (e *emitter) close(s *segment) {
	e.mu.Lock()
	defer e.mu.Unlock()
	s.closed = true
	e.wake(s)
}

// run delivers the patterns of the head segment as they come, and moves
// on when it is closed, until the last segment is closed.
func (e *emitter) run() {
	defer close(e.done)
	e.mu.Lock()
	defer e.mu.Unlock()
	for {
		h := e.head
		switch {
		case len(h.chunks) > 0:
			e.chunks = append(e.chunks[:0], h.chunks...)
			h.chunks, h.size = h.chunks[:0], 0
			e.mu.Unlock()
			for _, buf := range e.chunks {
				for len(buf) > 0 {
					var nv int32
					e.code, e.gids, nv, buf = decodePattern(buf, e.code, e.gids)
					e.deliver(e.pb.build(e.code, nv, e.gids))
				}
			}
			e.mu.Lock()
			for _, c := range e.chunks {
				e.buffered -= len(c)
				if cap(c) == segChunk {
					e.free = append(e.free, c[:0])
				}
			}
			e.advanced.Broadcast()
		case h.closed:
			if h.next == nil {
				return
			}
			e.head = h.next
			e.code = e.code[:0]
			e.advanced.Broadcast()
		default:
			e.waiting = true
			for e.waiting {
				e.ready.Wait()
			}
		}
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

// encodePattern appends a compact form of a pattern to buf: the vertex
// count, the length of the code prefix shared with prev (the code of the
// pattern encoded before), the count and tuples of the rest of the code,
// the graph count and the graph indices as differences, all as unsigned
// varints.
func encodePattern(buf []byte, prev, code []tuple, nv int32, group []emb) []byte {
	k := 0
	for k < len(prev) && k < len(code) && prev[k] == code[k] {
		k++
	}
	buf = binary.AppendUvarint(buf, uint64(nv))
	buf = binary.AppendUvarint(buf, uint64(k))
	buf = binary.AppendUvarint(buf, uint64(len(code)-k))
	for _, t := range code[k:] {
		buf = binary.AppendUvarint(buf, uint64(t.from))
		buf = binary.AppendUvarint(buf, uint64(t.to))
		buf = binary.AppendUvarint(buf, uint64(t.fl))
		buf = binary.AppendUvarint(buf, uint64(t.el))
		buf = binary.AppendUvarint(buf, uint64(t.tl))
	}
	n := 0
	last := int32(-1)
	for i := range group {
		if g := group[i].gid; g != last {
			n++
			last = g
		}
	}
	buf = binary.AppendUvarint(buf, uint64(n))
	last = -1
	for i := range group {
		if g := group[i].gid; g != last {
			buf = binary.AppendUvarint(buf, uint64(g-last))
			last = g
		}
	}
	return buf
}

// decodePattern reads one pattern written by encodePattern from the front
// of buf into code (which holds the code decoded before) and gids and
// returns the rest of buf.
func decodePattern(buf []byte, code []tuple, gids []int32) ([]tuple, []int32, int32, []byte) {
	next := func() int32 {
		v, n := binary.Uvarint(buf)
		buf = buf[n:]
		return int32(v)
	}
	nv := next()
	code = code[:next()]
	for range next() {
		var t tuple
		t.from, t.to, t.fl, t.el, t.tl = next(), next(), next(), next(), next()
		code = append(code, t)
	}
	n := int(next())
	gids = gids[:0]
	last := int32(-1)
	for range n {
		last += next()
		gids = append(gids, last)
	}
	return code, gids, nv, buf
}

// patternBuilder turns a code and its graphs into a Pattern, cutting the
// pattern's slices from larger chunks to allocate less often.
type patternBuilder struct {
	m     *miner
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

// build returns the pattern of code (nv vertices) found in the graphs
// with indices gids.
func (b *patternBuilder) build(code []tuple, nv int32, gids []int32) Pattern {
	m := b.m
	p := Pattern{
		Vertices: take(&b.slabV, int(nv)),
		Edges:    take(&b.slabE, len(code)),
		Code:     take(&b.slabC, len(code)),
		GraphIDs: take(&b.slabI, len(gids)),
		Support:  len(gids),
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
	sorted := true
	for i, g := range gids {
		p.GraphIDs[i] = m.ids[g]
		if i > 0 && p.GraphIDs[i-1] > p.GraphIDs[i] {
			sorted = false
		}
	}
	if !sorted {
		slices.Sort(p.GraphIDs)
	}
	return p
}
