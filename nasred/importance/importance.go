package importance

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"sync"
)

// Space gives the one-edge neighbourhoods that operation importance
// averages over. Architectures of type A have NumEdges edges each.
type Space[A any] interface {
	// NumEdges is the number of edges of every architecture.
	NumEdges() int
	// AppendNeighbours appends to dst the architectures that differ from a
	// only at edge e (the set N(e) of paper §3) and returns the
	// extended slice.
	AppendNeighbours(dst []A, a A, e int) []A
}

// Scorer gives the error (a fraction, 1 - accuracy) of architectures, in
// batches: it must fill dst[i] with the error of archs[i]. A table scorer
// looks them up; a surrogate predicts them.
type Scorer[A any] interface {
	Errors(ctx context.Context, archs []A, dst []float64) error
}

// Result is the operation importance of one architecture.
type Result struct {
	// Err is the architecture's own error.
	Err float64
	// OI[e] is the importance of edge e: the mean over the neighbours A'
	// that differ only at e of err(A') - err(A).
	OI []float64
}

// Options tunes Compute. The zero value is ready to use.
type Options struct {
	// BatchSize is the number of architectures whose neighbourhoods are
	// scored in one Scorer call (default 256).
	BatchSize int
	// Workers is the number of batches scored concurrently (default
	// GOMAXPROCS). A Scorer must then be safe for concurrent use.
	Workers int
	// Progress, if set, is called after each batch with the number of
	// architectures done and the total. Calls are serialised.
	Progress func(done, total int)
}

// ErrNaN is wrapped by errors caused by a scorer returning a NaN or
// infinite error.
var ErrNaN = errors.New("scorer returned a non-finite error")

// Compute returns the operation importance of every edge of every
// architecture in archs, in order. Neighbourhoods are built and scored in
// batches, several batches at once; the result does not depend on the
// batch size or the number of workers.
func Compute[A any](ctx context.Context, sp Space[A], sc Scorer[A], archs []A, opt Options) ([]Result, error) {
	batch := opt.BatchSize
	if batch <= 0 {
		batch = 256
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	nEdges := sp.NumEdges()
	if nEdges <= 0 {
		return nil, fmt.Errorf("importance: space has %d edges", nEdges)
	}
	results := make([]Result, len(archs))
	oi := make([]float64, len(archs)*nEdges) // one allocation for all OI slices
	for i := range results {
		results[i].OI = oi[i*nEdges : (i+1)*nEdges : (i+1)*nEdges]
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type job struct{ lo, hi int }
	jobs := make(chan job)
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
		done     int
	)
	fail := func(err error) {
		mu.Lock()
		if firstErr == nil {
			firstErr = err
			cancel()
		}
		mu.Unlock()
	}
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var w worker[A]
			for j := range jobs {
				if err := w.run(ctx, sp, sc, archs[j.lo:j.hi], results[j.lo:j.hi], nEdges); err != nil {
					fail(fmt.Errorf("importance: architectures %d..%d: %w", j.lo, j.hi-1, err))
					continue
				}
				mu.Lock()
				done += j.hi - j.lo
				if opt.Progress != nil && firstErr == nil {
					opt.Progress(done, len(archs))
				}
				mu.Unlock()
			}
		}()
	}
feed:
	for lo := 0; lo < len(archs); lo += batch {
		select {
		case jobs <- job{lo, min(lo+batch, len(archs))}:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("importance: %w", err)
	}
	return results, nil
}

// worker holds the buffers one goroutine reuses across batches.
type worker[A any] struct {
	cands []A       // the architectures of the batch, then all neighbours
	owner []int32   // for each neighbour: arch*nEdges + edge
	errs  []float64 // scores of cands
}

func (w *worker[A]) run(ctx context.Context, sp Space[A], sc Scorer[A], archs []A, out []Result, nEdges int) error {
	w.cands = append(w.cands[:0], archs...)
	w.owner = w.owner[:0]
	for i, a := range archs {
		for e := range nEdges {
			n0 := len(w.cands)
			w.cands = sp.AppendNeighbours(w.cands, a, e)
			if len(w.cands) == n0 {
				return fmt.Errorf("architecture %d edge %d has no neighbours", i, e)
			}
			for range len(w.cands) - n0 {
				w.owner = append(w.owner, int32(i*nEdges+e))
			}
		}
	}
	if cap(w.errs) < len(w.cands) {
		w.errs = make([]float64, len(w.cands))
	}
	w.errs = w.errs[:len(w.cands)]
	if err := sc.Errors(ctx, w.cands, w.errs); err != nil {
		return err
	}
	for i, e := range w.errs {
		if math.IsNaN(e) || math.IsInf(e, 0) {
			return fmt.Errorf("candidate %d: %w (%v)", i, ErrNaN, e)
		}
	}
	n := len(archs)
	// Sum the differences per (arch, edge) in neighbour order, then divide:
	// the same arithmetic as a plain mean of err(A') - err(A).
	counts := make([]int, n*nEdges)
	for i := range out {
		out[i].Err = w.errs[i]
		clear(out[i].OI)
	}
	for k, o := range w.owner {
		a := int(o) / nEdges
		out[a].OI[int(o)%nEdges] += w.errs[n+k] - w.errs[a]
		counts[o]++
	}
	for a := range out {
		for e := range out[a].OI {
			out[a].OI[e] /= float64(counts[a*nEdges+e])
		}
	}
	return nil
}
