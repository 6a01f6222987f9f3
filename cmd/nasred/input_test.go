package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/nasred/nasred/internal/cmdenv"
	"github.com/nasred/nasred/internal/input"
	"github.com/nasred/nasred/nasred/datadir/datatest"
	"github.com/nasred/nasred/nasred/space/darts"
)

// fileFlag is one flag of the CLI that names a file of outside input:
// args runs the command with file under that flag (and valid files
// elsewhere), dir is a scratch folder.
type fileFlag struct {
	name string
	args func(file, dir string) []string
}

// fileFlags lists every file flag; other inputs are small valid files
// in dir (see validInputs).
func fileFlags(t *testing.T) []fileFlag {
	return []fileFlag{
		{"gspan --in", func(f, d string) []string { return []string{"gspan", "--in", f, "--support", "1"} }},
		{"surrogate cv --labels", func(f, d string) []string { return []string{"surrogate", "cv", "--labels", f, "-q"} }},
		{"surrogate train --labels", func(f, d string) []string {
			return []string{"surrogate", "train", "--labels", f, "--out", filepath.Join(d, "model.json"), "-q"}
		}},
		{"importance nb301 --archs", func(f, d string) []string {
			return []string{"importance", "nb301", "--archs", f, "--surrogate", filepath.Join(d, "archs.txt"), "--out", filepath.Join(d, "oi.csv")}
		}},
		{"importance nb301 --surrogate", func(f, d string) []string {
			return []string{"importance", "nb301", "--archs", filepath.Join(d, "archs.txt"), "--surrogate", f, "--out", filepath.Join(d, "oi.csv")}
		}},
		{"removal --archs", func(f, d string) []string {
			return []string{"removal", "--archs", f, "--surrogate", filepath.Join(d, "archs.txt"), "--out", filepath.Join(d, "removal")}
		}},
		{"removal --surrogate", func(f, d string) []string {
			return []string{"removal", "--archs", filepath.Join(d, "archs.txt"), "--surrogate", f, "--out", filepath.Join(d, "removal")}
		}},
		{"sample --constraint-file", func(f, d string) []string { return []string{"sample", "--constraint-file", f, "-n", "1"} }},
		{"study plan --genotypes darts", func(f, d string) []string {
			return []string{"study", "plan", "--out", filepath.Join(d, "study"), "--genotypes", f, "--", "--space", "darts", "--dataset", "synthetic"}
		}},
		{"study plan --genotypes nb201", func(f, d string) []string {
			return []string{"study", "plan", "--out", filepath.Join(d, "study"), "--genotypes", f, "--", "--space", "nb201", "--dataset", "synthetic"}
		}},
	}
}

// validInputs writes the valid companion files of fileFlags into a new
// folder and returns it.
func validInputs(t *testing.T) string {
	t.Helper()
	d := t.TempDir()
	if err := os.WriteFile(filepath.Join(d, "archs.txt"), []byte(darts.DARTSV2.CompactString()+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return d
}

// nasredCmd is the test binary run as nasred.
func nasredCmd(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), asNasred+"=1")
	if len(args) > 0 && (args[0] == "study" || args[0] == "train") {
		cmd.Env = append(cmd.Env, "PATH="+trainerDir(t)+string(os.PathListSeparator)+os.Getenv("PATH"))
	}
	return cmd
}

// builtTrainer is the folder of a nasred-train built once for the tests
// whose subcommands nasred hands to it.
var builtTrainer = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "nasred-train-test-")
	if err != nil {
		return "", err
	}
	trainerTempDir = dir
	out, err := exec.Command("go", "build", "-o", filepath.Join(dir, trainerName), "../nasred-train").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build ../nasred-train: %v\n%s", err, out)
	}
	return dir, nil
})

// trainerTempDir is removed by TestMain once the tests end.
var trainerTempDir string

// trainerDir builds nasred-train on first use and returns its folder.
func trainerDir(t *testing.T) string {
	t.Helper()
	dir, err := builtTrainer()
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// maxRSS is the peak resident memory of a finished process, in bytes.
func maxRSS(t *testing.T, cmd *exec.Cmd) int64 {
	t.Helper()
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		t.Skip("no rusage on this system")
	}
	return ru.Maxrss * 1024 // kilobytes on Linux
}

// TestFileFlagsHugeFile gives every file flag a 2 GiB sparse file: each
// must stop at its limit at once, with an error naming the file, the
// limit and NASRED_MAX_INPUT_BYTES, and peak memory at most 300 MB.
func TestFileFlagsHugeFile(t *testing.T) {
	d := validInputs(t)
	huge := filepath.Join(d, "huge.bin")
	f, err := os.Create(huge)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(2 << 30); err != nil {
		t.Skip("cannot make a sparse 2 GiB file:", err)
	}
	f.Close()
	for _, ff := range fileFlags(t) {
		t.Run(ff.name, func(t *testing.T) {
			cmd := nasredCmd(t, ff.args(huge, d)...)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			start := time.Now()
			err := cmd.Run()
			el := time.Since(start)
			rss := maxRSS(t, cmd)
			t.Logf("%s: %v, peak memory %.1f MB, %v", ff.name, err, float64(rss)/1e6, el.Round(time.Millisecond))
			msg := stderr.String()
			if code := cmd.ProcessState.ExitCode(); code != 1 {
				t.Errorf("exit %d, want 1: %s", code, msg)
			}
			for _, want := range []string{huge, "over the limit", input.EnvMaxBytes} {
				if !strings.Contains(msg, want) {
					t.Errorf("stderr lacks %q: %s", want, msg)
				}
			}
			if rss > 300e6 {
				t.Errorf("peak memory %.1f MB, want <= 300 MB", float64(rss)/1e6)
			}
			if el > 5*time.Second {
				t.Errorf("took %v to refuse the file", el)
			}
		})
	}
}

// TestFileFlagsEndlessStream gives every file flag /dev/zero, an endless
// stream, under NASRED_MAX_INPUT_BYTES=64MiB: each must stop (at the limit
// or at a parse error) within 5 s, name the file and stay under 300 MB.
func TestFileFlagsEndlessStream(t *testing.T) {
	const zero = "/dev/zero"
	if _, err := os.Stat(zero); err != nil {
		t.Skip(err)
	}
	d := validInputs(t)
	for _, ff := range fileFlags(t) {
		t.Run(ff.name, func(t *testing.T) {
			cmd := nasredCmd(t, ff.args(zero, d)...)
			cmd.Env = append(cmd.Env, input.EnvMaxBytes+"=64MiB")
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			if !waitExit(t, cmd, 5*time.Second) {
				cmd.Process.Kill()
				t.Fatalf("still reading /dev/zero after 5 s")
			}
			rss := maxRSS(t, cmd)
			msg := stderr.String()
			t.Logf("peak memory %.1f MB: %s", float64(rss)/1e6, strings.TrimSpace(msg))
			if code := cmd.ProcessState.ExitCode(); code != 1 || !strings.Contains(msg, zero) {
				t.Errorf("exit %d, want 1 and an error naming %s: %s", code, zero, msg)
			}
			if rss > 300e6 {
				t.Errorf("peak memory %.1f MB, want <= 300 MB", float64(rss)/1e6)
			}
		})
	}
}

// startBlocked starts nasred with args and waits until one of its threads
// waits in the kernel for a FIFO's writer (or 3 s pass).
func startBlocked(t *testing.T, args []string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	cmd := nasredCmd(t, args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
	deadline := time.Now().Add(3 * time.Second)
	for time.Now().Before(deadline) {
		if waitsForFIFO(cmd.Process.Pid) {
			return cmd, &out
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Logf("could not see the process wait for the FIFO (no /proc wchan?); signalling anyway")
	return cmd, &out
}

// waitsForFIFO reports whether a thread of process pid sleeps in a FIFO
// open (Linux: wchan wait_for_partner or fifo_open).
func waitsForFIFO(pid int) bool {
	tasks, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/wchan", pid))
	for _, p := range tasks {
		b, _ := os.ReadFile(p)
		if s := string(b); strings.Contains(s, "partner") || strings.Contains(s, "fifo") {
			return true
		}
	}
	return false
}

// waitExit waits at most d for cmd to end.
func waitExit(t *testing.T, cmd *exec.Cmd, d time.Duration) (exited bool) {
	t.Helper()
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	select {
	case <-done:
		return true
	case <-time.After(d):
		return false
	}
}

// TestFileFlagsFIFONoWriter gives every file flag a FIFO that nobody
// writes to: one SIGTERM must end the process within 2 s (the cancelled
// context ends the open), and so must two in a row.
func TestFileFlagsFIFONoWriter(t *testing.T) {
	for _, ff := range fileFlags(t) {
		for _, signals := range []int{1, 2} {
			t.Run(fmt.Sprintf("%s/%d signals", ff.name, signals), func(t *testing.T) {
				t.Parallel()
				fifo := filepath.Join(t.TempDir(), "fifo")
				if err := syscall.Mkfifo(fifo, 0o600); err != nil {
					t.Skip("mkfifo:", err)
				}
				cmd, out := startBlocked(t, ff.args(fifo, validInputs(t)))
				cmd.Args[0] = ff.name
				for range signals {
					cmd.Process.Signal(syscall.SIGTERM)
				}
				if !waitExit(t, cmd, 2*time.Second) {
					t.Fatalf("still running 2 s after %d SIGTERM: %s", signals, out)
				}
				t.Logf("exit %d: %s", cmd.ProcessState.ExitCode(), strings.TrimSpace(out.String()))
				if code := cmd.ProcessState.ExitCode(); code == 0 {
					t.Errorf("exit 0 after SIGTERM: %s", out)
				}
				if !strings.Contains(out.String(), "stopping") {
					t.Errorf("no message of the first signal: %s", out)
				}
			})
		}
	}
}

// TestSecondInterruptExits checks the signal handling of main itself: the
// first SIGTERM cancels the context, the second calls exit with 143.
func TestSecondInterruptExits(t *testing.T) {
	var stderr syncBuffer
	exited := make(chan int, 1)
	ctx, stop := cmdenv.Interruptible(context.Background(), "nasred", &stderr, func(code int) { exited <- code })
	defer stop()
	syscall.Kill(os.Getpid(), syscall.SIGTERM)
	select {
	case <-ctx.Done():
	case <-time.After(2 * time.Second):
		t.Fatal("the first SIGTERM did not cancel the context")
	}
	syscall.Kill(os.Getpid(), syscall.SIGTERM)
	select {
	case code := <-exited:
		if code != 128+int(syscall.SIGTERM) {
			t.Errorf("exit code %d, want %d", code, 128+int(syscall.SIGTERM))
		}
	case <-time.After(2 * time.Second):
		t.Fatal("the second SIGTERM did not exit")
	}
	if s := stderr.String(); !strings.Contains(s, "stopping") || !strings.Contains(s, "exiting now") {
		t.Errorf("stderr %q", s)
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestFileFlagsPipe reads valid files through pipes: --labels from
// /dev/stdin and "-", --genotypes and --in from /dev/fd/3 (what the shell
// passes for <(cat FILE)).
func TestFileFlagsPipe(t *testing.T) {
	d := validInputs(t)
	archs, err := os.ReadFile(filepath.Join(d, "archs.txt"))
	if err != nil {
		t.Fatal(err)
	}
	pipeRun := func(t *testing.T, content []byte, viaFD bool, args ...string) string {
		t.Helper()
		cmd := nasredCmd(t, args...)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		if viaFD {
			cmd.ExtraFiles = []*os.File{r} // fd 3
		} else {
			cmd.Stdin = r
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		r.Close()
		go func() { w.Write(content); w.Close() }()
		if !waitExit(t, cmd, 60*time.Second) {
			cmd.Process.Kill()
			t.Fatalf("%v: still running after 60 s: %s", args, out.String())
		}
		if code := cmd.ProcessState.ExitCode(); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, out.String())
		}
		return out.String()
	}
	t.Run("study plan --genotypes /dev/fd/3", func(t *testing.T) {
		out := pipeRun(t, archs, true, "study", "plan", "--out", filepath.Join(t.TempDir(), "s"), "--genotypes", "/dev/fd/3", "--", "--space", "darts", "--dataset", "synthetic")
		if !strings.Contains(out, "1 items") {
			t.Errorf("output %q, want 1 items", out)
		}
	})
	t.Run("gspan --in /dev/fd/3", func(t *testing.T) {
		out := pipeRun(t, []byte(gspanCells), true, "gspan", "--in", "/dev/fd/3", "--support", "2")
		if !strings.Contains(out, "t # 0") {
			t.Errorf("no pattern in %q", out)
		}
	})
	t.Run("gspan --in -", func(t *testing.T) {
		out := pipeRun(t, []byte(gspanCells), false, "gspan", "--in", "-", "--support", "2")
		if !strings.Contains(out, "t # 0") {
			t.Errorf("no pattern in %q", out)
		}
	})
	t.Run("sample --constraint-file -", func(t *testing.T) {
		out := pipeRun(t, []byte(`{"name": "x"}`), false, "sample", "--constraint-file", "-", "-n", "2")
		if strings.Count(out, "[[(") != 2 {
			t.Errorf("output %q, want 2 genotypes", out)
		}
	})
	labels := datatest.Path(t, "nb301/naslib_zc_nasbench301.json")
	data, err := os.ReadFile(labels)
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/dev/stdin", "-"} {
		t.Run("surrogate train --labels "+path, func(t *testing.T) {
			model := filepath.Join(t.TempDir(), "m.json")
			pipeRun(t, data, false, "surrogate", "train", "--labels", path, "--out", model, "-q", "--rounds", "5")
			if _, err := os.Stat(model); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestFileFlagsBadInput gives every file flag hostile small files: each
// must fail with an error that names the file, never a panic.
func TestFileFlagsBadInput(t *testing.T) {
	t.Setenv("PATH", trainerDir(t)+string(os.PathListSeparator)+os.Getenv("PATH"))
	d := validInputs(t)
	bad := map[string][]byte{
		"empty":       nil,
		"garbage.txt": []byte("garbage\n"),
		"open.json":   []byte("{"),
		"zeros.bin":   make([]byte, 4096),
		"zip.zip":     []byte("PK\x03\x04 not really a zip"),
		"nul.json":    []byte("{\"0\": null}"),
		"labels.json": []byte(`{"cifar10": {"x": {"idx": 1}}}`),
	}
	var paths []string
	for name, content := range bad {
		p := filepath.Join(d, name)
		if err := os.WriteFile(p, content, 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	paths = append(paths, filepath.Join(d, "missing"), t.TempDir())
	for _, ff := range fileFlags(t) {
		for _, p := range paths {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), ff.args(p, d), &stdout, &stderr)
			msg := stderr.String()
			t.Logf("%s %s: exit %d: %s", ff.name, filepath.Base(p), code, strings.TrimSpace(msg))
			if code == 0 {
				t.Errorf("%s %s: exit 0 (stdout %q)", ff.name, filepath.Base(p), stdout.String())
				continue
			}
			if !strings.Contains(msg, p) && !strings.Contains(msg, filepath.Base(p)) {
				t.Errorf("%s %s: error does not name the file: %s", ff.name, filepath.Base(p), msg)
			}
		}
	}
}
