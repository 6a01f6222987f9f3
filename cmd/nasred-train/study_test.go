package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nasred/nasred/nasred/study"
	"github.com/nasred/nasred/nasred/surrogate"
)

// studyRecipe trains a tiny DARTS network on synthetic data for 20 steps,
// with a checkpoint after every step, so that the tests can interrupt an
// item in the middle and resume it.
var studyRecipe = []string{"--space", "darts", "--dataset", "synthetic", "--channels", "4", "--cells", "2",
	"--steps", "20", "--batch", "8", "--train-limit", "64", "--test-limit", "32", "--eval-batch", "32",
	"--eval-every", "10", "--checkpoint-every", "1", "--log-every", "5"}

// cli runs nasred in this process and fails t on a non-zero exit.
func cli(t *testing.T, args ...string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if code := run(t.Context(), args, &stdout, &stderr); code != 0 {
		t.Fatalf("nasred %s: exit %d\n%s%s", strings.Join(args, " "), code, stdout.String(), stderr.String())
	}
	return stdout.String()
}

// planStudy plans n random genotypes × the seeds into dir through the
// CLI; the test binary acts as nasred for the items it runs.
func planStudy(t *testing.T, dir string, n int, seeds string) *study.Study {
	t.Helper()
	t.Setenv(asNasred, "1")
	cli(t, append([]string{"study", "plan", "--sample", "random:" + strconv.Itoa(n), "--sample-seed", "5", "--seeds", seeds, "--out", dir, "--"}, studyRecipe...)...)
	s, err := study.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Items) != n*len(strings.Split(seeds, ",")) {
		t.Fatalf("planned %d items", len(s.Items))
	}
	return s
}

// collected collects a study and returns its CSV rows without the columns
// that depend on where and how fast it ran (wall_seconds, host).
func collected(t *testing.T, dir string) [][]string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "results.csv")
	cli(t, "study", "collect", dir, "--out", out)
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for k, rec := range recs {
		recs[k] = append(rec[:11:11], rec[12]) // drop wall_seconds and host
	}
	return recs
}

// metricsWithoutSeconds returns an item's metrics.csv without its
// wall-clock column.
func metricsWithoutSeconds(t *testing.T, runDir string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(runDir, "metrics.csv"))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		b.WriteString(line[:strings.LastIndexByte(line, ',')] + "\n")
	}
	return b.String()
}

// sameResults checks that two runs of the same study agree in every number.
func sameResults(t *testing.T, a, b *study.Study) {
	t.Helper()
	ra, rb := collected(t, a.Dir), collected(t, b.Dir)
	if !reflect.DeepEqual(ra, rb) {
		t.Errorf("results differ:\n%q\n%q", ra, rb)
	}
	if len(ra) != len(a.Items)+1 {
		t.Errorf("%d rows for %d items", len(ra)-1, len(a.Items))
	}
	for i := range a.Items {
		if ma, mb := metricsWithoutSeconds(t, a.RunDir(i)), metricsWithoutSeconds(t, b.RunDir(i)); ma != mb {
			t.Errorf("item %d: metrics differ:\n%s\n%s", i, ma, mb)
		}
	}
}

// waitFor polls cond every 20 ms until it holds, or fails t after limit.
func waitFor(t *testing.T, what string, limit time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", limit, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// midRun returns the index of an item that has written a checkpoint
// since the given time but has not finished, or -1.
func midRun(s *study.Study, since time.Time) int {
	for i := range s.Items {
		d := s.RunDir(i)
		st, err := os.Stat(filepath.Join(d, "checkpoint.bin"))
		if err == nil && st.ModTime().After(since) && !fileExists(filepath.Join(d, study.ResultFile)) {
			return i
		}
	}
	return -1
}

func fileExists(p string) bool { _, err := os.Stat(p); return err == nil }

// startRun starts `nasred study run` as its own process group.
func startRun(t *testing.T, dir string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	cmd := exec.Command(exe, "study", "run", dir, "--workers", "1")
	cmd.Env = append(os.Environ(), asNasred+"=1")
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL); cmd.Wait() })
	return cmd, &out
}

// TestStudyLocal runs a one-item study, and the same study again
// while interrupting it with Ctrl-C (SIGINT to the process group) and then
// killing it (SIGKILL to the process group, nothing saved on the way):
// after a final run both have exactly the same numbers. It then reads the
// collected CSV as surrogate labels.
func TestStudyLocal(t *testing.T) {
	if testing.Short() {
		t.Skip("trains 2 tiny networks")
	}
	root := t.TempDir()
	a := planStudy(t, filepath.Join(root, "a"), 1, "3")
	cli(t, "study", "run", a.Dir)
	if out := cli(t, "study", "status", a.Dir); !strings.Contains(out, "1 done, 0 running, 0 failed, 0 pending") {
		t.Errorf("status: %s", out)
	}

	b := planStudy(t, filepath.Join(root, "b"), 1, "3")
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGKILL} {
		since := time.Now()
		cmd, out := startRun(t, b.Dir)
		var i int
		waitFor(t, "an item in the middle of training", 2*time.Minute, func() bool { i = midRun(b, since); return i >= 0 })
		syscall.Kill(-cmd.Process.Pid, sig)
		err := cmd.Wait()
		if err == nil {
			t.Fatalf("%v: study run exited 0:\n%s", sig, out)
		}
		if fileExists(filepath.Join(b.RunDir(i), study.ResultFile)) {
			t.Fatalf("%v: item %d finished before the signal: make the recipe longer", sig, i)
		}
		if sig == syscall.SIGINT && !strings.Contains(out.String(), "interrupted") {
			t.Errorf("Ctrl-C: %s", out)
		}
		rep, err := study.Status(t.Context(), b.Dir, "")
		if err != nil {
			t.Fatal(err)
		}
		if st := rep.Items[i]; st.State != study.Pending || !st.Interrupted {
			t.Errorf("%v: item %d is %v (checkpoint %v), want pending with a checkpoint", sig, i, st.State, st.Interrupted)
		}
	}
	cli(t, "study", "run", b.Dir)
	sameResults(t, a, b)

	// The collected CSV is a label file of `nasred surrogate train`.
	csvPath := filepath.Join(root, "a.csv")
	cli(t, "study", "collect", a.Dir, "--out", csvPath)
	l, err := surrogate.ReadLabels(context.Background(), csvPath, nil)
	if err != nil {
		t.Fatal(err)
	}
	rows := collected(t, a.Dir)
	if len(l.Genotypes) != 1 || l.Genotypes[0].CompactString() != rows[1][1] || l.ValErrors[0] != 1-parseF(t, rows[1][9]) {
		t.Errorf("labels %+v from %q", l, rows)
	}
}

func parseF(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestStudyCLIErrors checks the CLI's messages for bad input.
func TestStudyCLIErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.txt")
	os.WriteFile(bad, []byte("Genotype(normal=[('sep_conv_3x3', 0)])\n"), 0o644)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"study"}, "missing subcommand"},
		{[]string{"study", "fly"}, `unknown subcommand "fly"`},
		{[]string{"study", "plan", "--out", filepath.Join(dir, "s"), "--genotypes", bad, "--", "--space", "darts", "--dataset", "synthetic"}, "bad.txt line 1"},
		{[]string{"study", "plan", "--out", filepath.Join(dir, "s"), "--sample", "random:1", "--seeds", "x", "--", "--space", "darts", "--dataset", "synthetic"}, `--seeds "x"`},
		{[]string{"study", "plan", "--out", filepath.Join(dir, "s"), "--sample", "random:1", "--", "--space", "darts", "--dataset", "synthetic", "--out", "x"}, "each item sets --arch, --seed and --out"},
		{[]string{"study", "run", filepath.Join(dir, "missing")}, "no study here"},
		{[]string{"study", "run"}, "missing the study folder"},
		{[]string{"study", "run-one", dir}, "missing --index"},
		{[]string{"study", "status", filepath.Join(dir, "missing")}, "plan one with"},
		{[]string{"study", "collect", dir}, "no output file"},
	} {
		var stdout, stderr bytes.Buffer
		code := run(t.Context(), tc.args, &stdout, &stderr)
		if code == 0 || !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("%q: exit %d, stderr %q, want it to contain %q", tc.args, code, stderr.String(), tc.want)
		}
	}
	if fileExists(filepath.Join(dir, "s")) {
		t.Errorf("a failed plan wrote its folder")
	}
}

// TestStudySlurmNotRunning: submitting to a Slurm that does not answer is
// an error that keeps the script, and status still reports the run folders.
func TestStudySlurmNotRunning(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "s")
	cli(t, append([]string{"study", "plan", "--sample", "random:1", "--out", dir, "--"}, studyRecipe...)...)
	// An sbatch that fails as Slurm's does when slurmctld is down.
	bin := t.TempDir()
	fake := "#!/bin/sh\necho 'sbatch: error: Batch job submission failed: Unable to contact slurm controller (connect failure)' >&2\nexit 1\n"
	os.WriteFile(filepath.Join(bin, "sbatch"), []byte(fake), 0o755)
	t.Setenv("PATH", bin+":"+os.Getenv("PATH"))
	var stdout, stderr bytes.Buffer
	code := run(t.Context(), []string{"study", "slurm", dir}, &stdout, &stderr)
	if code == 0 || !strings.Contains(stderr.String(), "Unable to contact slurm controller") || !strings.Contains(stderr.String(), "array.sbatch is written") {
		t.Errorf("exit %d: %s", code, stderr.String())
	}
	script, err := os.ReadFile(filepath.Join(dir, "slurm", "array.sbatch"))
	if err != nil || !strings.Contains(string(script), "#SBATCH --array=0\n") || !strings.Contains(string(script), "study run-one") {
		t.Errorf("script %q, %v", script, err)
	}
	// A dry run writes the script with the GPU settings and prints no job.
	stdout.Reset()
	stderr.Reset()
	code = run(t.Context(), []string{"study", "slurm", dir, "--dry-run", "--max-parallel", "3", "--gres", "gpu:1", "--partition", "gpu",
		"--time", "1:00:00", "--cpus-per-task", "4", "--backend", "xla:/opt/xla_cuda_plugin.so"}, &stdout, &stderr)
	script, _ = os.ReadFile(filepath.Join(dir, "slurm", "array.sbatch"))
	for _, want := range []string{"#SBATCH --array=0%3\n", "#SBATCH --gres=gpu:1\n", "#SBATCH --partition=gpu\n", "#SBATCH --time=1:00:00\n",
		"#SBATCH --cpus-per-task=4\n", "#SBATCH --requeue\n", "export GOMLX_BACKEND=xla:/opt/xla_cuda_plugin.so\n", `--index "$SLURM_ARRAY_TASK_ID"`} {
		if !strings.Contains(string(script), want) {
			t.Errorf("dry run script lacks %q:\n%s", want, script)
		}
	}
	if code != 0 || stdout.Len() != 0 || !strings.Contains(stderr.String(), "submit it with: sbatch") {
		t.Errorf("dry run: exit %d, %q %q", code, stdout.String(), stderr.String())
	}
}
