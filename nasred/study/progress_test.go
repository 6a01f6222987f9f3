package study

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestProgress(t *testing.T) {
	for _, tty := range []bool{true, false} {
		var b bytes.Buffer
		p := newProgress(&b, tty, time.Hour, 4)
		p.start()
		p.t0 = time.Now().Add(-10 * time.Second) // 10 s of work so far
		p.begin(0)
		p.step(0, 5, 10) // first report of a fresh item: baseline 0.4 (step 4 done before)
		p.begin(1)
		p.step(1, 1, 10)
		p.step(1, 10, 10)
		f, eta := p.fraction()
		// Done: 0.5 + 1.0 of 4; gained: 0.1 + 1.0 in 10 s; left 2.5.
		if want := 1.5 / 4; f != want {
			t.Errorf("fraction %v, want %v", f, want)
		}
		if want := 10 * time.Second * 25 / 11; (eta - want).Abs() > 50*time.Millisecond {
			t.Errorf("eta %v, want %v", eta, want)
		}
		p.end(1, "id1", "done", nil)
		p.end(0, "id0", "failed", errors.New("boom"))
		p.stop()
		out := b.String()
		for _, want := range []string{"item 1 (id1) done", "item 0 (id0) failed: boom", "2/4 items ended, 0 running, 1 failed"} {
			if !strings.Contains(out, want) {
				t.Errorf("tty=%v: output lacks %q:\n%s", tty, want, out)
			}
		}
		if tty != strings.Contains(out, "\r\033[K[") {
			t.Errorf("tty=%v: bar drawn: %v\n%q", tty, !tty, out)
		}
	}
}
