package study

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nasred/nasred/nasred/plot"
)

// TestRunCollect runs a study with the fake trainer on two workers, runs it
// again (nothing to do), and collects it.
func TestRunCollect(t *testing.T) {
	s := planTiny(t, 2, 0, 1)
	opts := fakeRunOptions(t)
	var log bytes.Buffer
	opts.Log = &log
	sum, err := Run(t.Context(), s.Dir, opts)
	if err != nil {
		t.Fatalf("%v\n%s", err, log.String())
	}
	if sum.Done != 4 || sum.Failed != 0 {
		t.Fatalf("summary %s", sum)
	}
	if !strings.Contains(log.String(), "4/4 items ended") {
		t.Errorf("no progress lines in\n%s", log.String())
	}
	sum, err = Run(t.Context(), s.Dir, opts)
	if err != nil || sum.Skipped != 4 || sum.Done != 0 {
		t.Fatalf("second run: %s, %v", sum, err)
	}
	out := filepath.Join(t.TempDir(), "results.csv")
	n, left, err := Collect(s.Dir, out)
	if err != nil || n != 4 || left != 0 {
		t.Fatalf("collect: %d rows, %d left, %v", n, left, err)
	}
	f, _ := os.Open(out)
	recs, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(recs[0], ",") != strings.Join(CSVHeader, ",") || len(recs) != 5 {
		t.Fatalf("csv %q", recs)
	}
	for k, rec := range recs[1:] {
		it := s.Items[k]
		if rec[0] != it.ID || rec[1] != it.Genotype || rec[2] != "random" || rec[4] != s.RecipeHash || rec[6] != "4" {
			t.Errorf("row %d: %q for item %+v", k, rec, it)
		}
		if rec[5] == "0" || rec[7] != rec[8] || rec[12] == "" || rec[13] == "" {
			t.Errorf("row %d: parameters, test accuracies, backend, host: %q", k, rec)
		}
		// The fake trainer's numbers are a function of the item.
		m, err := readMetrics(filepath.Join(s.RunDir(k), "metrics.csv"))
		if err != nil || rec[7] != strconv.FormatFloat(m.finalTest, 'f', 6, 64) || rec[9] != strconv.FormatFloat(m.finalVal, 'f', 6, 64) {
			t.Errorf("row %d: test accuracy %s, metrics %+v (%v)", k, rec[7], m, err)
		}
	}
	// Items with the same genotype and different seeds differ.
	if recs[1][7] == recs[2][7] && recs[1][9] == recs[2][9] {
		t.Errorf("seeds 0 and 1 gave the same numbers: %q %q", recs[1], recs[2])
	}
}

// TestRunRetries checks that a failure is retried, recorded with its
// reason, and that without retries it is reported and left failed.
func TestRunRetries(t *testing.T) {
	s := planTiny(t, 1)
	opts := fakeRunOptions(t)
	t.Setenv(fakeFailOnce, "1")
	opts.Retries = 1
	if _, err := Run(t.Context(), s.Dir, opts); err != nil {
		t.Fatal(err)
	}
	att, _ := readAttempts(s.RunDir(0))
	if len(att) != 2 || att[0].Outcome != OutcomeFailed || !strings.Contains(att[0].Reason, "fake failure") || att[1].Outcome != OutcomeDone {
		t.Fatalf("attempts %+v", att)
	}
	r, ok, err := readResult(s.RunDir(0))
	if !ok || err != nil || r.Attempts != 2 {
		t.Fatalf("result %+v %v %v", r, ok, err)
	}

	s = planTiny(t, 2)
	t.Setenv(fakeFailAlways, "1")
	opts.Retries = 2
	sum, err := Run(t.Context(), s.Dir, opts)
	if err == nil || sum.Failed != 2 || !strings.Contains(err.Error(), "failed 3 times") || !strings.Contains(err.Error(), "fake failure") {
		t.Fatalf("run: %v, %+v", err, sum)
	}
	rep, err := Status(t.Context(), s.Dir, "")
	if err != nil || rep.Failed != 2 || rep.Items[0].Reason == "" {
		t.Fatalf("status %+v, %v", rep, err)
	}
	if _, _, err := Collect(s.Dir, filepath.Join(t.TempDir(), "r.csv")); err == nil || !strings.Contains(err.Error(), "none of the 2 items has finished") {
		t.Errorf("collect of nothing: %v", err)
	}
	// The next run retries the failed items.
	os.Unsetenv(fakeFailAlways)
	if _, err := Run(t.Context(), s.Dir, opts); err != nil {
		t.Fatal(err)
	}
}

// TestRunInterrupt cancels a run while its trainer runs: the item is left
// pending with its checkpoint and "interrupted" attempt, and the next run
// finishes it.
func TestRunInterrupt(t *testing.T) {
	s := planTiny(t, 1)
	opts := fakeRunOptions(t)
	t.Setenv(fakeWait, "1")
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	go func() {
		for !fileExists(filepath.Join(s.RunDir(0), "checkpoint.bin")) {
			time.Sleep(20 * time.Millisecond)
		}
		cancel()
	}()
	sum, err := Run(ctx, s.Dir, opts)
	if !errors.Is(err, context.Canceled) || sum.Left != 1 {
		t.Fatalf("interrupted run: %v, %+v", err, sum)
	}
	st, err := s.Statuses()
	if err != nil || st[0].State != Pending || !st[0].Interrupted {
		t.Fatalf("status %+v, %v", st, err)
	}
	att, _ := readAttempts(s.RunDir(0))
	if len(att) != 1 || att[0].Outcome != OutcomeInterrupted {
		t.Fatalf("attempts %+v", att)
	}
	if _, err := Run(t.Context(), s.Dir, opts); err != nil {
		t.Fatal(err)
	}
	if st, _ := s.Statuses(); st[0].State != Done {
		t.Fatalf("after rerun: %+v", st[0])
	}
}

// TestRunOne covers run-one: a locked item is an error naming who runs it,
// a finished item is a no-op, a killed attempt is marked as such.
func TestRunOne(t *testing.T) {
	s := planTiny(t, 2)
	opts := fakeRunOptions(t)
	var log bytes.Buffer
	opts.Log = &log
	if err := RunOne(t.Context(), s.Dir, 2, opts); err == nil || !strings.Contains(err.Error(), "index 2: expected 0..1") {
		t.Errorf("index out of range: %v", err)
	}
	// A process that died while running item 1 left a "running" attempt.
	os.MkdirAll(s.RunDir(1), 0o755)
	writeJSON(filepath.Join(s.RunDir(1), StateFile), []Attempt{{Host: "h", PID: 1, Outcome: OutcomeRunning}})
	l, err := tryLock(filepath.Join(s.RunDir(1), lockFile))
	if err != nil {
		t.Fatal(err)
	}
	if err := RunOne(t.Context(), s.Dir, 1, opts); !errors.Is(err, ErrRunningElsewhere) || !strings.Contains(err.Error(), "pid 1 on h") {
		t.Errorf("locked item: %v", err)
	}
	if st, _ := s.Statuses(); st[1].State != Running {
		t.Errorf("locked item's state %v", st[1].State)
	}
	l.unlock()
	if err := RunOne(t.Context(), s.Dir, 1, opts); err != nil {
		t.Fatalf("%v\n%s", err, log.String())
	}
	att, _ := readAttempts(s.RunDir(1))
	if len(att) != 2 || att[0].Outcome != OutcomeInterrupted || !strings.Contains(att[0].Reason, "killed") || att[1].Outcome != OutcomeDone {
		t.Errorf("attempts %+v", att)
	}
	if !strings.Contains(log.String(), "test_accuracy=") {
		t.Errorf("run-one did not copy the trainer's output: %q", log.String())
	}
	log.Reset()
	if err := RunOne(t.Context(), s.Dir, 1, opts); err != nil || !strings.Contains(log.String(), "is done") {
		t.Errorf("finished item: %v, %q", err, log.String())
	}
}

func TestRunErrors(t *testing.T) {
	opts := fakeRunOptions(t)
	if _, err := Run(t.Context(), filepath.Join(t.TempDir(), "nope"), opts); !errors.Is(err, ErrNoStudy) {
		t.Errorf("missing study: %v", err)
	}
	s := planTiny(t, 1)
	opts.Nasred = filepath.Join(t.TempDir(), "no-nasred")
	sum, err := Run(t.Context(), s.Dir, opts)
	if err == nil || sum.Failed != 1 || !strings.Contains(err.Error(), "no-nasred") {
		t.Errorf("missing executable: %v", err)
	}
	opts.Retries = -1
	if _, err := Run(t.Context(), s.Dir, opts); err == nil || !strings.Contains(err.Error(), "retries -1") {
		t.Errorf("retries: %v", err)
	}
}

func fileExists(p string) bool { _, err := os.Stat(p); return err == nil }

// TestNotebookCalls runs the calls of notebooks/study.ipynb (plan, run,
// collect, results by source, the figure) with the fake trainer.
func TestNotebookCalls(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "study")
	s, err := Plan(t.Context(), PlanOptions{Out: dir, Sample: "primskip:2,random:2", SampleSeed: 1, Seeds: []uint64{0, 1}, Recipe: tinyRecipe})
	if err != nil || len(s.Items) != 8 {
		t.Fatalf("plan: %v", err)
	}
	opts := fakeRunOptions(t)
	if _, err := Run(t.Context(), dir, opts); err != nil {
		t.Fatal(err)
	}
	if n, left, err := Collect(dir, filepath.Join(dir, "results.csv")); n != 8 || left != 0 || err != nil {
		t.Fatalf("collect: %d, %d, %v", n, left, err)
	}
	res, _, err := Results(dir)
	if err != nil {
		t.Fatal(err)
	}
	sources, seeds, vals := BySource(res, func(r Result) float64 { return r.FinalTest })
	if len(sources) != 2 || len(seeds) != 2 || len(vals[0][0]) != 2 {
		t.Fatalf("BySource: %q %v %v", sources, seeds, vals)
	}
	groups := make([]plot.PointGroup, len(seeds))
	for k, seed := range seeds {
		groups[k] = plot.PointGroup{Name: "seed " + strconv.FormatUint(seed, 10), Values: vals[k]}
	}
	f, err := plot.Points("final test accuracy by constraint", sources, groups, plot.PointOptions{XLabel: "constraint", YLabel: "test accuracy"})
	if err != nil {
		t.Fatal(err)
	}
	f.DPI = 30
	if _, err := f.PNG(); err != nil {
		t.Fatal(err)
	}
}
