package main

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nasred/nasred/nasred/study"
)

// requireSlurm makes a missing Slurm an error instead of a skip (set it
// where the packages are meant to be installed, e.g. in CI).
const requireSlurm = "NASRED_REQUIRE_SLURM"

// slurmCluster is a one-node cluster of scripts/slurm-local.sh.
type slurmCluster struct {
	dir, conf string
	env       []string
}

// startSlurm starts a one-node Slurm cluster in a temporary folder on free
// ports with scripts/slurm-local.sh, exports its SLURM_CONF for the test,
// and stops it (checking that no daemon is left) when the test ends. It
// skips the test when Slurm is not installed or the test is not root.
func startSlurm(t *testing.T) *slurmCluster {
	t.Helper()
	var missing []string
	for _, b := range []string{"sbatch", "squeue", "scancel", "sinfo", "slurmctld", "slurmd", "munged", "mungekey"} {
		if _, err := exec.LookPath(b); err != nil {
			if _, err := os.Stat(filepath.Join("/usr/sbin", b)); err != nil {
				missing = append(missing, b)
			}
		}
	}
	why := ""
	switch {
	case len(missing) > 0:
		why = fmt.Sprintf("Slurm is not installed (no %s): install Debian's slurmctld slurmd slurm-client munge (make setup) to run the Slurm integration test", strings.Join(missing, ", "))
	case os.Getuid() != 0:
		why = "the Slurm integration test runs a one-node cluster and needs root (slurmd starts jobs as their owner)"
	}
	if why != "" {
		if os.Getenv(requireSlurm) == "1" {
			t.Fatal(why)
		}
		t.Skip(why)
	}
	c := &slurmCluster{dir: t.TempDir()}
	c.env = append(os.Environ(), "SLURM_LOCAL_DIR="+c.dir, "SLURM_LOCAL_PORT="+strconv.Itoa(freePortPair(t)))
	script, err := filepath.Abs("../../scripts/slurm-local.sh")
	if err != nil {
		t.Fatal(err)
	}
	pids := func() []int {
		var out []int
		for _, d := range []string{"munged", "slurmctld", "slurmd"} {
			b, err := os.ReadFile(filepath.Join(c.dir, "run", d+".pid"))
			if p, perr := strconv.Atoi(strings.TrimSpace(string(b))); err == nil && perr == nil {
				out = append(out, p)
			}
		}
		return out
	}
	t.Cleanup(func() {
		started := pids()
		cmd := exec.Command("bash", script, "stop")
		cmd.Env = c.env
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("slurm-local.sh stop: %v\n%s", err, out)
		}
		for _, p := range started {
			if syscall.Kill(p, 0) == nil {
				t.Errorf("daemon pid %d still runs after slurm-local.sh stop", p)
			}
		}
	})
	cmd := exec.Command("bash", script, "start")
	cmd.Env = c.env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("slurm-local.sh start: %v\n%s%s", err, out, stderr.String())
	}
	line := strings.TrimSpace(string(out))
	conf, ok := strings.CutPrefix(line, "export SLURM_CONF=")
	if !ok {
		t.Fatalf("slurm-local.sh start printed %q, want export SLURM_CONF=...", line)
	}
	c.conf = conf
	t.Setenv("SLURM_CONF", conf)
	// start again: idempotent, same line.
	cmd = exec.Command("bash", script, "start")
	cmd.Env = c.env
	if again, err := cmd.Output(); err != nil || strings.TrimSpace(string(again)) != line {
		t.Errorf("second start: %q, %v", again, err)
	}
	return c
}

// freePortPair returns a port p such that p and p+1 are free.
func freePortPair(t *testing.T) int {
	t.Helper()
	for range 50 {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		p := l.Addr().(*net.TCPAddr).Port
		l2, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(p+1))
		l.Close()
		if err == nil {
			l2.Close()
			return p
		}
	}
	t.Fatal("no two free consecutive ports")
	return 0
}

// jobEnded reports whether squeue lists nothing of the job.
func jobEnded(t *testing.T, job string) bool {
	out, err := exec.Command("squeue", "--noheader", "--array", "--jobs="+job).CombinedOutput()
	if err != nil && !strings.Contains(string(out), "Invalid job id") {
		t.Fatalf("squeue: %v: %s", err, out)
	}
	return strings.TrimSpace(string(out)) == "" || strings.Contains(string(out), "Invalid job id")
}

// TestStudySlurm plans 4 tiny items, submits them as a Slurm job array to
// a one-node cluster, cancels one task in the middle of its training with
// scancel, resubmits (only that item goes, and it resumes from its
// checkpoint), collects, and compares every number with a local run of the
// same study. Then, with Slurm stopped, submitting is a clear error that
// keeps the script.
func TestStudySlurm(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a Slurm cluster and trains 8 tiny networks")
	}
	c := startSlurm(t)
	root := t.TempDir()
	s := planStudy(t, filepath.Join(root, "slurm"), 2, "0,1")

	since := time.Now()
	job := strings.TrimSpace(cli(t, "study", "slurm", s.Dir, "--max-parallel", "2"))
	if _, err := strconv.Atoi(job); err != nil {
		t.Fatalf("study slurm printed %q, want a job id", job)
	}
	script, _ := os.ReadFile(filepath.Join(s.Dir, "slurm", "array.sbatch"))
	if !strings.Contains(string(script), "#SBATCH --array=0-3%2\n") {
		t.Errorf("script:\n%s", script)
	}
	var i int
	waitFor(t, "an array task in the middle of training", 3*time.Minute, func() bool { i = midRun(s, since); return i >= 0 })
	task := job + "_" + strconv.Itoa(i)
	if out, err := exec.Command("scancel", task).CombinedOutput(); err != nil {
		t.Fatalf("scancel %s: %v: %s", task, err, out)
	}
	waitFor(t, "job "+job+" to end", 5*time.Minute, func() bool { return jobEnded(t, job) })
	logs := func() string {
		var b strings.Builder
		for k := range s.Items {
			l, _ := os.ReadFile(filepath.Join(s.Dir, "slurm", fmt.Sprintf("%s_%d.out", job, k)))
			fmt.Fprintf(&b, "--- task %d:\n%s", k, l)
		}
		return b.String()
	}
	if fileExists(filepath.Join(s.RunDir(i), study.ResultFile)) {
		t.Fatalf("task %s finished before scancel: make the recipe longer\n%s", task, logs())
	}
	status := cli(t, "study", "status", s.Dir)
	if !strings.Contains(status, "3 done, 0 running, 0 failed, 1 pending (0 queued in Slurm, 1 interrupted with a checkpoint)") ||
		!strings.Contains(status, "slurm job "+job) {
		t.Fatalf("status after scancel:\n%s\n%s", status, logs())
	}
	rep, err := study.Status(t.Context(), s.Dir, "")
	if err != nil || rep.Items[i].State != study.Pending || !rep.Items[i].Interrupted {
		t.Fatalf("item %d: %+v, %v", i, rep.Items[i], err)
	}
	attempts, _ := os.ReadFile(filepath.Join(s.RunDir(i), study.StateFile))
	if !strings.Contains(string(attempts), `"slurm": "`+task+`"`) || !strings.Contains(string(attempts), `"outcome": "interrupted"`) {
		t.Errorf("attempts of the cancelled item:\n%s", attempts)
	}

	job2 := strings.TrimSpace(cli(t, "study", "slurm", s.Dir))
	script, _ = os.ReadFile(filepath.Join(s.Dir, "slurm", "array.sbatch"))
	if !strings.Contains(string(script), fmt.Sprintf("#SBATCH --array=%d\n", i)) {
		t.Errorf("resubmitted script:\n%s", script)
	}
	waitFor(t, "job "+job2+" to end", 5*time.Minute, func() bool { return jobEnded(t, job2) })
	if out := cli(t, "study", "status", s.Dir); !strings.Contains(out, "4 done, 0 running, 0 failed, 0 pending") {
		t.Fatalf("status after resubmission:\n%s\n%s", out, logs())
	}
	if l, _ := os.ReadFile(filepath.Join(s.Dir, "slurm", fmt.Sprintf("%s_%d.out", job2, i))); !strings.Contains(string(l), "resumed from step") {
		t.Errorf("the resubmitted task did not resume from the checkpoint:\n%s", l)
	}
	if out := cli(t, "study", "slurm", s.Dir); strings.TrimSpace(out) != "" {
		t.Errorf("nothing left to submit, yet: %q", out)
	}

	local := planStudy(t, filepath.Join(root, "local"), 2, "0,1")
	cli(t, "study", "run", local.Dir, "--workers", "2")
	sameResults(t, s, local)

	// With Slurm down, status falls back to the run folders and a new
	// submission is an error that keeps the script.
	cmd := exec.Command("bash", "../../scripts/slurm-local.sh", "stop")
	cmd.Env = c.env
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("stop: %v: %s", err, out)
	}
	if out := cli(t, "study", "status", s.Dir); !strings.Contains(out, "4 done") || !strings.Contains(out, "could not ask Slurm") {
		t.Errorf("status with Slurm down:\n%s", out)
	}
	fresh := filepath.Join(root, "fresh")
	cli(t, append([]string{"study", "plan", "--sample", "random:1", "--out", fresh, "--"}, studyRecipe...)...)
	var stdout, stderr bytes.Buffer
	if code := run(t.Context(), []string{"study", "slurm", fresh}, &stdout, &stderr); code == 0 ||
		!strings.Contains(stderr.String(), "Unable to contact slurm controller") || !fileExists(filepath.Join(fresh, "slurm", "array.sbatch")) {
		t.Errorf("submission with Slurm down: exit %d: %s", code, stderr.String())
	}
}
