package study

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/gomlx/compute"
	"github.com/nasred/nasred/nasred/train"
)

// RunOptions control how items are run, locally or as Slurm tasks.
type RunOptions struct {
	// Workers is the number of items trained at once by Run (default 1).
	Workers int
	// Retries is how many times a failed item is tried again in the same
	// run (resuming from its checkpoint); each failure's reason is
	// recorded in its attempts.json.
	Retries int
	// Nasred is the nasred executable whose `train` runs each item
	// (default: the running executable).
	Nasred string
	// Backend, when set, is the GoMLX backend of the items
	// ($GOMLX_BACKEND of their processes), e.g. xla:/abs/path/plugin.so.
	Backend string
	// Log receives progress: a bar with the ETA when Terminal is set, else
	// a line per finished item and a summary every LogEvery (default 30 s).
	// RunOne copies the trainer's output there.
	Log      io.Writer
	Terminal bool
	LogEvery time.Duration
	// StopGrace is how long an item's trainer gets to save its checkpoint
	// after an interruption before it is killed (default 2 minutes).
	StopGrace time.Duration
}

func (o *RunOptions) defaults() error {
	if o.Workers <= 0 {
		o.Workers = 1
	}
	if o.Retries < 0 {
		return fmt.Errorf("retries %d: expected >= 0", o.Retries)
	}
	if o.Nasred == "" {
		exe, err := os.Executable()
		if err != nil {
			return fmt.Errorf("find the nasred executable (give --nasred): %w", err)
		}
		o.Nasred = exe
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	if o.LogEvery <= 0 {
		o.LogEvery = 30 * time.Second
	}
	if o.StopGrace <= 0 {
		o.StopGrace = 2 * time.Minute
	}
	return nil
}

// ErrRunningElsewhere is returned (wrapped) when another process runs the
// item.
var ErrRunningElsewhere = errors.New("running in another process")

// runner runs items of one study.
type runner struct {
	s    *Study
	opts RunOptions
	cfg  train.Config

	paramsOnce sync.Once
	params     *paramCounter
	paramsErr  error
}

func newRunner(dir string, opts RunOptions) (*runner, error) {
	if err := opts.defaults(); err != nil {
		return nil, err
	}
	s, err := Load(dir)
	if err != nil {
		return nil, err
	}
	cfg, err := train.ParseArgs(s.trainRecipe(), io.Discard)
	if err != nil {
		return nil, fmt.Errorf("study %s: recipe: %w", s.Dir, err)
	}
	if h := RecipeHash(cfg); h != s.RecipeHash {
		return nil, fmt.Errorf("study %s: recipe %q gives recipe hash %s with this nasred, but the study was planned with %s: the training defaults changed since; run it with the nasred that planned it, or plan a new study",
			s.Dir, strings.Join(s.Recipe, " "), h, s.RecipeHash)
	}
	return &runner{s: s, opts: opts, cfg: cfg}, nil
}

// RunOne runs item index of the study in dir (a Slurm array task calls it
// through `nasred study run-one`): nothing when the item is done, an error
// wrapping ErrRunningElsewhere when another process runs it, else up to
// 1+Retries attempts, each resuming from the checkpoint of the previous
// one. The trainer's output goes to opts.Log and the item's train.log.
func RunOne(ctx context.Context, dir string, index int, opts RunOptions) error {
	r, err := newRunner(dir, opts)
	if err != nil {
		return err
	}
	if _, err := r.s.item(index); err != nil {
		return err
	}
	done, err := r.runItem(ctx, index, r.opts.Log, nil)
	if err != nil {
		return err
	}
	if done {
		fmt.Fprintf(r.opts.Log, "item %d (%s) is done\n", index, r.s.Items[index].ID)
	}
	return nil
}

// runItem runs item i unless it is done (done reports that it was done
// already). Trainer output is copied to out; steps, when not nil,
// receives the trainer's step reports.
func (r *runner) runItem(ctx context.Context, i int, out io.Writer, steps func(step, total int)) (done bool, err error) {
	it := r.s.Items[i]
	dir := r.s.RunDir(i)
	if _, ok, err := readResult(dir); err != nil || ok {
		return ok, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return false, fmt.Errorf("item %d (%s): %w", i, it.ID, err)
	}
	var l *lock
	for try := 0; ; try++ { // a status probe holds the lock for an instant
		if l, err = tryLock(filepath.Join(dir, lockFile)); !errors.Is(err, errLocked) || try == 5 {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if errors.Is(err, errLocked) {
		return false, fmt.Errorf("item %d (%s): %w%s", i, it.ID, ErrRunningElsewhere, r.lastRunning(dir))
	}
	if err != nil {
		return false, fmt.Errorf("item %d (%s): %w", i, it.ID, err)
	}
	defer l.unlock()
	// Re-check under the lock: another process may have finished it.
	if _, ok, err := readResult(dir); err != nil || ok {
		return ok, err
	}
	var reasons []string
	for a := 0; a <= r.opts.Retries; a++ {
		err := r.attempt(ctx, i, out, steps)
		if err == nil {
			return false, nil
		}
		if ctx.Err() != nil {
			return false, fmt.Errorf("item %d (%s): interrupted (it resumes from its checkpoint in the next run): %w", i, it.ID, ctx.Err())
		}
		reasons = append(reasons, err.Error())
		if a < r.opts.Retries {
			fmt.Fprintf(out, "item %d (%s): attempt failed: %v; retrying from its checkpoint\n", i, it.ID, err)
		}
	}
	return false, fmt.Errorf("item %d (%s) failed %d times (see %s): %s", i, it.ID, len(reasons), filepath.Join(dir, LogFile), strings.Join(reasons, "; "))
}

// lastRunning describes the running attempt of run folder dir for
// messages.
func (r *runner) lastRunning(dir string) string {
	att, _ := readAttempts(dir)
	if n := len(att); n > 0 && att[n-1].Outcome == OutcomeRunning {
		a := att[n-1]
		s := fmt.Sprintf(" (pid %d on %s since %s", a.PID, a.Host, a.Start.Format(time.DateTime))
		if a.Slurm != "" {
			s += ", Slurm task " + a.Slurm
		}
		return s + ")"
	}
	return ""
}

// backend is the backend configuration the items run with.
func (r *runner) backend() string {
	switch {
	case r.cfg.Options.Backend != "":
		return r.cfg.Options.Backend
	case r.opts.Backend != "":
		return r.opts.Backend
	case os.Getenv(compute.ConfigEnvVar) != "":
		return os.Getenv(compute.ConfigEnvVar)
	}
	return train.DefaultBackend
}

// attempt runs one `nasred train` process for item i, recording it in
// attempts.json, and on success writes result.json.
func (r *runner) attempt(ctx context.Context, i int, out io.Writer, steps func(step, total int)) (err error) {
	dir := r.s.RunDir(i)
	host, _ := os.Hostname()
	rec := Attempt{Start: time.Now().UTC().Truncate(time.Millisecond), Host: host, PID: os.Getpid(), Backend: r.backend(), Outcome: OutcomeRunning}
	if job, task := os.Getenv("SLURM_ARRAY_JOB_ID"), os.Getenv("SLURM_ARRAY_TASK_ID"); job != "" {
		rec.Slurm = job + "_" + task
	} else if job := os.Getenv("SLURM_JOB_ID"); job != "" {
		rec.Slurm = job
	}
	atts, err := readAttempts(dir)
	if err != nil {
		return err
	}
	for k := range atts { // attempts left "running" were killed
		if atts[k].Outcome == OutcomeRunning {
			atts[k].Outcome, atts[k].Reason = OutcomeInterrupted, "the process ended without recording an outcome (killed)"
		}
	}
	atts = append(atts, rec)
	statePath := filepath.Join(dir, StateFile)
	if err := writeJSON(statePath, atts); err != nil {
		return err
	}
	defer func() {
		last := &atts[len(atts)-1]
		last.End = time.Now().UTC().Truncate(time.Millisecond)
		switch {
		case err == nil:
			last.Outcome = OutcomeDone
		case ctx.Err() != nil:
			last.Outcome, last.Reason = OutcomeInterrupted, ctx.Err().Error()
		default:
			last.Outcome, last.Reason = OutcomeFailed, err.Error()
		}
		if werr := writeJSON(statePath, atts); werr != nil && err == nil {
			err = werr
		}
	}()

	logf, err := os.OpenFile(filepath.Join(dir, LogFile), os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	defer logf.Close()
	args := append([]string{"train"}, r.s.TrainArgs(i)...)
	fmt.Fprintf(logf, "== attempt %d on %s at %s (backend %s): %s %s\n", len(atts), host, rec.Start.Format(time.RFC3339), rec.Backend, r.opts.Nasred, quoteArgs(args))
	cmd := exec.Command(r.opts.Nasred, args...)
	cmd.Env = os.Environ()
	stopWithParent(cmd)
	if r.opts.Backend != "" {
		cmd.Env = append(cmd.Env, compute.ConfigEnvVar+"="+r.opts.Backend)
	}
	var stdout bytes.Buffer
	out = &syncWriter{w: out}
	tail := &tailWriter{max: 4096}
	lines := &lineWriter{fn: func(line string) {
		var s, t int
		if steps != nil {
			if n, _ := fmt.Sscanf(line, "step %d/%d", &s, &t); n == 2 {
				steps(s, t)
			}
		}
	}}
	cmd.Stdout = io.MultiWriter(logf, &stdout, out)
	cmd.Stderr = io.MultiWriter(logf, tail, lines, out)
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start %s: %w", r.opts.Nasred, err)
	}
	waitErr := make(chan error, 1)
	go func() { waitErr <- cmd.Wait() }()
	select {
	case err = <-waitErr:
	case <-ctx.Done():
		// Ask the trainer to stop: it finishes its step and saves a
		// checkpoint; kill it if it takes longer than StopGrace.
		_ = cmd.Process.Signal(os.Interrupt)
		select {
		case err = <-waitErr:
		case <-time.After(r.opts.StopGrace):
			_ = cmd.Process.Kill()
			err = <-waitErr
		}
	}
	lines.flush()
	seconds := time.Since(start).Seconds()
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if err != nil {
		return fmt.Errorf("nasred train: %v: %s", err, lastLine(tail.String()))
	}
	res, err := r.result(i, atts, seconds)
	if err != nil {
		return err
	}
	if got := lastLine(stdout.String()); got != fmt.Sprintf("test_accuracy=%.4f", res.FinalTest) {
		return fmt.Errorf("nasred train printed %q, but its metrics.csv ends with test accuracy %.4f", got, res.FinalTest)
	}
	return writeJSON(filepath.Join(dir, ResultFile), res)
}

// result builds the Result of finished item i from its metrics.csv.
func (r *runner) result(i int, atts []Attempt, seconds float64) (Result, error) {
	it, dir := r.s.Items[i], r.s.RunDir(i)
	m, err := readMetrics(filepath.Join(dir, train.MetricsFile))
	if err != nil {
		return Result{}, err
	}
	wall := seconds
	for _, a := range atts[:len(atts)-1] {
		if !a.End.IsZero() {
			wall += a.End.Sub(a.Start).Seconds()
		}
	}
	last := atts[len(atts)-1]
	params, err := r.parameters(it.Genotype)
	if err != nil {
		return Result{}, err
	}
	return Result{ID: it.ID, Genotype: it.Genotype, Source: it.Source, Seed: it.Seed, RecipeHash: r.s.RecipeHash,
		Parameters: params, Steps: m.steps, FinalTest: m.finalTest, BestTest: m.bestTest, Val: m.finalVal, BestVal: m.bestVal,
		WallSeconds: wall, Backend: last.Backend, Host: last.Host, Attempts: len(atts)}, nil
}

// quoteArgs joins args for a log line, quoting those with spaces.
func quoteArgs(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = shellQuote(a)
	}
	return strings.Join(q, " ")
}

// shellQuote quotes s for a POSIX shell when it needs quoting.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(c rune) bool {
		return !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("-_./:=,+%@", c))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// lastLine returns the last non-empty line of s.
func lastLine(s string) string {
	s = strings.TrimRight(s, "\r\n ")
	if i := strings.LastIndexAny(s, "\r\n"); i >= 0 {
		s = s[i+1:]
	}
	return strings.TrimSpace(s)
}

// tailWriter keeps the last max bytes written.
type tailWriter struct {
	mu  sync.Mutex
	max int
	b   []byte
}

func (w *tailWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.b = append(w.b, p...)
	if len(w.b) > w.max {
		w.b = append(w.b[:0], w.b[len(w.b)-w.max:]...)
	}
	return len(p), nil
}

func (w *tailWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return string(w.b)
}

// lineWriter calls fn with every complete line written (\n or \r ends a
// line).
type lineWriter struct {
	fn  func(string)
	buf []byte
}

func (w *lineWriter) Write(p []byte) (int, error) {
	w.buf = append(w.buf, p...)
	for {
		i := bytes.IndexAny(w.buf, "\r\n")
		if i < 0 {
			break
		}
		if i > 0 {
			w.fn(string(w.buf[:i]))
		}
		w.buf = w.buf[i+1:]
	}
	return len(p), nil
}

func (w *lineWriter) flush() {
	if len(w.buf) > 0 {
		w.fn(string(w.buf))
		w.buf = nil
	}
}

// syncWriter serialises writes (a trainer's stdout and stderr are copied
// by two goroutines).
type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (w *syncWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.w.Write(p)
}
