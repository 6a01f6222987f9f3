package study

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gomlx/compute"
	"github.com/nasred/nasred/nasred/atomicfile"
)

// Files of STUDY/slurm.
const (
	// ScriptFile is the array job script that Slurm writes and submits.
	ScriptFile = "array.sbatch"
	// JobsFile lists the submitted jobs.
	JobsFile = "jobs.json"
)

// PassEnv are the environment variables that an array job script sets to
// their values at submission (the GPU set-up of train.XLAHelp and the
// data folders), so that a requeued or resubmitted task runs as the first.
var PassEnv = []string{compute.ConfigEnvVar, "GOMLX_NO_AUTO_INSTALL", "XLA_FLAGS", "LD_LIBRARY_PATH", "NASRED_DATA", "NASRED_MNIST_DIR"}

// SlurmOptions describe the array job of `nasred study slurm`.
type SlurmOptions struct {
	// Partition, Gres (e.g. gpu:1), Time (e.g. 4:00:00) and CPUsPerTask
	// become #SBATCH lines when set.
	Partition, Gres, Time string
	CPUsPerTask           int
	// MaxParallel > 0 caps the array tasks running at once (%K).
	MaxParallel int
	// Backend, when set, is exported as $GOMLX_BACKEND for the tasks
	// (e.g. xla:/abs/path/xla_cuda_plugin.so); the other PassEnv
	// variables are exported with their current values.
	Backend string
	// Retries is passed to each task's run-one.
	Retries int
	// Nasred is the nasred executable the tasks run (default: this one).
	Nasred string
	// DryRun writes the script without submitting it.
	DryRun bool
	// Sbatch and Squeue are the Slurm commands (default "sbatch" and
	// "squeue" from $PATH).
	Sbatch, Squeue string
}

// Job is a submitted array job (STUDY/slurm/jobs.json).
type Job struct {
	ID        string    `json:"id"`
	Submitted time.Time `json:"submitted"`
	// Array is the --array specification: the item indices.
	Array string `json:"array"`
}

// Submission is what Slurm did.
type Submission struct {
	// Script is the path of the array job script.
	Script string
	// Indices are the items of the array; Array their --array value.
	Indices []int
	Array   string
	// JobID is the job id printed by sbatch ("" for a dry run or when
	// nothing was pending).
	JobID string
	// Queued are items left out because a recorded job still has them
	// queued or running.
	Queued int
}

// Slurm writes STUDY/slurm/array.sbatch, an array job with one task per
// item that is neither done nor running nor queued in a job submitted
// before (each task runs `nasred study run-one STUDY --index
// $SLURM_ARRAY_TASK_ID`, which skips a finished item and resumes an
// interrupted one, so requeued tasks and resubmissions are safe), and
// submits it with sbatch unless opts.DryRun. The job id is recorded in
// STUDY/slurm/jobs.json for Status. When Slurm does not answer, the
// script stays for the user to submit and the error says so.
func Slurm(ctx context.Context, dir string, opts SlurmOptions) (*Submission, error) {
	s, err := Load(dir)
	if err != nil {
		return nil, err
	}
	if opts.Nasred == "" {
		if opts.Nasred, err = os.Executable(); err != nil {
			return nil, fmt.Errorf("study slurm: find the nasred executable (give --nasred): %w", err)
		}
	}
	if opts.Nasred, err = filepath.Abs(opts.Nasred); err != nil {
		return nil, fmt.Errorf("study slurm: %w", err)
	}
	if opts.MaxParallel < 0 || opts.CPUsPerTask < 0 || opts.Retries < 0 {
		return nil, fmt.Errorf("study slurm: max-parallel %d, cpus-per-task %d, retries %d: expected >= 0", opts.MaxParallel, opts.CPUsPerTask, opts.Retries)
	}
	sts, err := s.Statuses()
	if err != nil {
		return nil, err
	}
	queued, qerr := s.queued(ctx, opts.Squeue)
	if qerr != nil && !opts.DryRun {
		return nil, fmt.Errorf("study slurm: %w", qerr)
	}
	sub := &Submission{Script: filepath.Join(s.Dir, SlurmDir, ScriptFile)}
	for _, st := range sts {
		switch {
		case st.State == Done || st.State == Running:
		case queued[st.Index] != "":
			sub.Queued++
		default:
			sub.Indices = append(sub.Indices, st.Index)
		}
	}
	if len(sub.Indices) == 0 {
		return sub, nil
	}
	sub.Array = ArraySpec(sub.Indices)
	script := s.sbatchScript(sub.Array, opts)
	if err := atomicfile.WriteBytes(sub.Script, []byte(script)); err != nil {
		return nil, fmt.Errorf("study slurm: %w", err)
	}
	if opts.DryRun {
		return sub, nil
	}
	sbatch := cmdOr(opts.Sbatch, "sbatch")
	out, err := exec.CommandContext(ctx, sbatch, "--parsable", sub.Script).Output()
	if err != nil {
		return nil, fmt.Errorf("study slurm: %s: %w (the script %s is written; submit it with sbatch once Slurm answers)", sbatch, slurmError(err), sub.Script)
	}
	id, _, _ := strings.Cut(strings.TrimSpace(string(out)), ";")
	if _, err := strconv.Atoi(id); err != nil {
		return nil, fmt.Errorf("study slurm: sbatch printed %q, expected a job id", out)
	}
	sub.JobID = id
	jobs, err := s.jobs()
	if err != nil {
		return sub, err
	}
	jobs = append(jobs, Job{ID: id, Submitted: time.Now().UTC().Truncate(time.Second), Array: sub.Array})
	if err := writeJSON(filepath.Join(s.Dir, SlurmDir, JobsFile), jobs); err != nil {
		return sub, fmt.Errorf("study slurm: job %s submitted, but: %w", id, err)
	}
	return sub, nil
}

// sbatchScript is the array job script.
func (s *Study) sbatchScript(array string, opts SlurmOptions) string {
	var b strings.Builder
	fmt.Fprintf(&b, "#!/bin/bash\n")
	fmt.Fprintf(&b, "# nasred study %s: %d items (written by `nasred study slurm`).\n", s.Dir, len(s.Items))
	fmt.Fprintf(&b, "# Array task i trains item i of study.json (`nasred study run-one`): a finished item is\n")
	fmt.Fprintf(&b, "# skipped and an interrupted one resumes from its checkpoint, so requeues and resubmissions are safe.\n")
	if opts.MaxParallel > 0 {
		array += "%" + strconv.Itoa(opts.MaxParallel)
	}
	lines := [][2]string{
		{"job-name", "nasred-study"},
		{"array", array},
		{"output", filepath.Join(s.Dir, SlurmDir, "%A_%a.out")},
		{"open-mode", "append"},
		{"requeue", ""},
		{"ntasks", "1"},
		{"partition", opts.Partition},
		{"gres", opts.Gres},
		{"time", opts.Time},
	}
	if opts.CPUsPerTask > 0 {
		lines = append(lines, [2]string{"cpus-per-task", strconv.Itoa(opts.CPUsPerTask)})
	}
	for _, l := range lines {
		switch {
		case l[0] == "requeue":
			fmt.Fprintf(&b, "#SBATCH --requeue\n")
		case l[1] != "":
			fmt.Fprintf(&b, "#SBATCH --%s=%s\n", l[0], l[1])
		}
	}
	for _, name := range PassEnv {
		v, ok := os.LookupEnv(name)
		if name == compute.ConfigEnvVar && opts.Backend != "" {
			v, ok = opts.Backend, true
		}
		if ok {
			fmt.Fprintf(&b, "export %s=%s\n", name, shellQuote(v))
		}
	}
	fmt.Fprintf(&b, "exec %s study run-one %s --index \"$SLURM_ARRAY_TASK_ID\" --retries %d\n",
		shellQuote(opts.Nasred), shellQuote(s.Dir), opts.Retries)
	return b.String()
}

// ArraySpec writes sorted indices as a Slurm --array value: "0-3,7,9-10".
func ArraySpec(indices []int) string {
	idx := slices.Clone(indices)
	slices.Sort(idx)
	var parts []string
	for k := 0; k < len(idx); {
		j := k
		for j+1 < len(idx) && idx[j+1] == idx[j]+1 {
			j++
		}
		if j > k {
			parts = append(parts, fmt.Sprintf("%d-%d", idx[k], idx[j]))
		} else {
			parts = append(parts, strconv.Itoa(idx[k]))
		}
		k = j + 1
	}
	return strings.Join(parts, ",")
}

// jobs reads STUDY/slurm/jobs.json (none when missing).
func (s *Study) jobs() ([]Job, error) {
	var jobs []Job
	if err := readJSON(filepath.Join(s.Dir, SlurmDir, JobsFile), &jobs); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	return jobs, nil
}

// queued asks squeue which items the recorded jobs still hold: index →
// "JOB_TASK STATE". No recorded job means no question.
func (s *Study) queued(ctx context.Context, squeue string) (map[int]string, error) {
	jobs, err := s.jobs()
	if err != nil || len(jobs) == 0 {
		return nil, err
	}
	ids := make([]string, len(jobs))
	for k, j := range jobs {
		ids[k] = j.ID
	}
	return querySqueue(ctx, cmdOr(squeue, "squeue"), ids, len(s.Items))
}

// querySqueue runs squeue for the array jobs ids and maps the item
// indices (array task ids < n) of their unfinished tasks to "JOB_TASK
// STATE".
func querySqueue(ctx context.Context, squeue string, ids []string, n int) (map[int]string, error) {
	cmd := exec.CommandContext(ctx, squeue, "--noheader", "--array", "--jobs="+strings.Join(ids, ","), "--format=%F|%K|%T")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if strings.Contains(stderr.String(), "Invalid job id") {
			return map[int]string{}, nil // every recorded job has ended and been purged
		}
		if stderr.Len() > 0 {
			err = fmt.Errorf("%w: %s", err, strings.TrimSpace(stderr.String()))
		}
		return nil, fmt.Errorf("%s: %w (is Slurm running? SLURM_CONF=%q)", squeue, slurmError(err), os.Getenv("SLURM_CONF"))
	}
	return parseSqueue(out, n), nil
}

// parseSqueue reads lines "JOB|TASK|STATE" of squeue --array.
func parseSqueue(out []byte, n int) map[int]string {
	m := make(map[int]string)
	for _, line := range strings.Split(string(out), "\n") {
		f := strings.Split(strings.TrimSpace(line), "|")
		if len(f) != 3 {
			continue
		}
		task, err := strconv.Atoi(f[1])
		if err != nil || task < 0 || task >= n {
			continue
		}
		m[task] = f[0] + "_" + f[1] + " " + f[2]
	}
	return m
}

func cmdOr(c, def string) string {
	if c == "" {
		return def
	}
	return c
}

// slurmError explains a failed Slurm command.
func slurmError(err error) error {
	var ee *exec.Error
	if errors.As(err, &ee) {
		return fmt.Errorf("%w: is Slurm installed here? (Debian: apt-get install slurm-client; to try it on one machine: scripts/slurm-local.sh start)", err)
	}
	var xe *exec.ExitError
	if errors.As(err, &xe) && len(xe.Stderr) > 0 {
		return fmt.Errorf("%w: %s", err, strings.TrimSpace(string(xe.Stderr)))
	}
	return err
}
