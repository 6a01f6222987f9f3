package study

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
)

// RunSummary counts what Run did.
type RunSummary struct {
	// Total items in the study; Skipped were done before; Done finished
	// in this run; Failed failed every attempt; Elsewhere were running in
	// another process; Left were not run (interrupted).
	Total, Skipped, Done, Failed, Elsewhere, Left int
	// Errors are the failures, one per failed item.
	Errors []error
}

func (s RunSummary) String() string {
	return fmt.Sprintf("%d items: %d done before, %d done now, %d failed, %d running elsewhere, %d left",
		s.Total, s.Skipped, s.Done, s.Failed, s.Elsewhere, s.Left)
}

// Run trains the unfinished items of the study in dir on a pool of
// opts.Workers local processes (each item one `nasred train`, output in
// STUDY/runs/ID/): it skips finished items and those another process
// runs, resumes interrupted ones from their checkpoints, retries failures
// up to opts.Retries times, and reports progress to opts.Log. Cancelling
// ctx stops it cleanly: every running trainer saves a checkpoint and the
// next Run resumes. The error lists the failed items, or says that the run
// was interrupted.
func Run(ctx context.Context, dir string, opts RunOptions) (*RunSummary, error) {
	r, err := newRunner(dir, opts)
	if err != nil {
		return nil, err
	}
	sts, err := r.s.Statuses()
	if err != nil {
		return nil, err
	}
	sum := &RunSummary{Total: len(sts)}
	var todo []int
	for _, st := range sts {
		switch st.State {
		case Done:
			sum.Skipped++
		case Running:
			sum.Elsewhere++
		default:
			todo = append(todo, st.Index)
		}
	}
	prog := newProgress(r.opts.Log, r.opts.Terminal, r.opts.LogEvery, len(todo))
	fmt.Fprintf(r.opts.Log, "study %s: %d items, %d done, %d running elsewhere, %d to run on %d workers (backend %s)\n",
		r.s.Dir, sum.Total, sum.Skipped, sum.Elsewhere, len(todo), r.opts.Workers, r.backend())
	if len(todo) == 0 {
		return sum, nil
	}
	prog.start()
	jobs := make(chan int)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range min(r.opts.Workers, len(todo)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				prog.begin(i)
				done, err := r.runItem(ctx, i, io.Discard, func(step, total int) { prog.step(i, step, total) })
				mu.Lock()
				switch {
				case err == nil:
					if done {
						sum.Skipped++
					} else {
						sum.Done++
					}
					prog.end(i, r.s.Items[i].ID, "done", nil)
				case errors.Is(err, ErrRunningElsewhere):
					sum.Elsewhere++
					prog.end(i, r.s.Items[i].ID, "running elsewhere", nil)
				case ctx.Err() != nil:
					sum.Left++
					prog.end(i, r.s.Items[i].ID, "interrupted", nil)
				default:
					sum.Failed++
					sum.Errors = append(sum.Errors, err)
					prog.end(i, r.s.Items[i].ID, "failed", err)
				}
				mu.Unlock()
			}
		}()
	}
	sent := 0
feed:
	for _, i := range todo {
		select {
		case jobs <- i:
			sent++
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	sum.Left += len(todo) - sent
	prog.stop()
	fmt.Fprintf(r.opts.Log, "study %s: %s\n", r.s.Dir, sum)
	if ctx.Err() != nil {
		return sum, fmt.Errorf("study run interrupted (%d items left; run again to resume): %w", sum.Left, ctx.Err())
	}
	if sum.Failed > 0 {
		msgs := make([]string, len(sum.Errors))
		for k, e := range sum.Errors {
			msgs[k] = e.Error()
		}
		return sum, fmt.Errorf("study run: %d of %d items failed:\n  %s", sum.Failed, sum.Total, strings.Join(msgs, "\n  "))
	}
	return sum, nil
}
