package study

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// progress reports a pool's progress: on a terminal one bar line redrawn
// in place, with item messages printed above it; otherwise a line per
// finished item and a summary line every `every`.
type progress struct {
	mu       sync.Mutex
	w        io.Writer
	tty      bool
	every    time.Duration
	n        int
	t0       time.Time
	ended    int
	failed   int
	frac     map[int]float64 // running items' fraction of steps done
	base     map[int]float64 // each item's fraction when first seen
	gained   float64         // fractions gained by items that ended
	quit     chan struct{}
	finished chan struct{}
}

func newProgress(w io.Writer, tty bool, every time.Duration, n int) *progress {
	return &progress{w: w, tty: tty, every: every, n: n, frac: map[int]float64{}, base: map[int]float64{}}
}

func (p *progress) start() {
	p.t0 = time.Now()
	p.quit, p.finished = make(chan struct{}), make(chan struct{})
	tick := p.every
	if p.tty {
		tick = 500 * time.Millisecond
	}
	go func() {
		defer close(p.finished)
		t := time.NewTicker(tick)
		defer t.Stop()
		for {
			select {
			case <-p.quit:
				return
			case <-t.C:
				p.mu.Lock()
				p.draw()
				p.mu.Unlock()
			}
		}
	}()
}

func (p *progress) stop() {
	if p.quit == nil {
		return
	}
	close(p.quit)
	<-p.finished
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.tty {
		p.draw()
		fmt.Fprintln(p.w)
	}
}

func (p *progress) begin(i int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.frac[i] = 0
}

func (p *progress) step(i, step, total int) {
	if total <= 0 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	f := float64(step) / float64(total)
	if _, ok := p.base[i]; !ok {
		// A resumed item reports its first step past the checkpoint.
		p.base[i] = max(0, float64(step-1)/float64(total))
	}
	p.frac[i] = f
}

func (p *progress) end(i int, id, what string, err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.ended++
	if err != nil {
		p.failed++
	}
	p.gained += 1 - p.base[i]
	delete(p.frac, i)
	delete(p.base, i)
	msg := fmt.Sprintf("item %d (%s) %s", i, id, what)
	if err != nil {
		msg += ": " + err.Error()
	}
	if p.tty {
		fmt.Fprintf(p.w, "\r\033[K%s\n", msg)
		p.draw()
		return
	}
	fmt.Fprintf(p.w, "%s [%s]\n", msg, p.summary())
}

// fraction is the share of the work of this run done, and eta the
// estimated time left (negative when unknown).
func (p *progress) fraction() (f float64, eta time.Duration) {
	done, gained := float64(p.ended), p.gained
	for i, fr := range p.frac {
		done += fr
		gained += fr - p.base[i]
	}
	f = done / float64(p.n)
	el := time.Since(p.t0)
	if gained <= 0 || el <= 0 {
		return f, -1
	}
	left := float64(p.n) - done
	return f, time.Duration(float64(el) * left / gained)
}

func (p *progress) summary() string {
	f, eta := p.fraction()
	s := fmt.Sprintf("%d/%d items ended, %d running, %d failed, %.0f%%", p.ended, p.n, len(p.frac), p.failed, 100*f)
	if eta >= 0 {
		s += ", ETA " + eta.Round(time.Second).String()
	}
	return s
}

// draw writes the bar (terminal) or a summary line; p.mu is held.
func (p *progress) draw() {
	if !p.tty {
		fmt.Fprintf(p.w, "%s elapsed: %s\n", time.Since(p.t0).Round(time.Second), p.summary())
		return
	}
	f, _ := p.fraction()
	const width = 30
	k := min(width, int(f*width))
	fmt.Fprintf(p.w, "\r\033[K[%s%s] %s", strings.Repeat("=", k), strings.Repeat(" ", width-k), p.summary())
}
