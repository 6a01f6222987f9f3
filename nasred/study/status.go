package study

import (
	"context"
	"fmt"
	"io"
	"strings"
)

// Report is the state of a study: every item's status and the counts.
type Report struct {
	Study *Study
	Items []ItemStatus
	// Counts by State; Interrupted counts pending items with a checkpoint
	// and Queued pending items that a Slurm job will run.
	Done, Running, Failed, Pending, Interrupted, Queued int
	// Jobs are the recorded Slurm jobs; SlurmErr says why squeue could not
	// be asked (the states then come from the run folders only).
	Jobs     []Job
	SlurmErr error
}

// Status reads the state of every item of the study in dir from its run
// folder and, when Slurm jobs were submitted, from squeue (squeue is the
// command, "" for the one in $PATH): a task that squeue reports running
// counts as running, a pending one as queued.
func Status(ctx context.Context, dir, squeue string) (*Report, error) {
	s, err := Load(dir)
	if err != nil {
		return nil, err
	}
	sts, err := s.Statuses()
	if err != nil {
		return nil, err
	}
	rep := &Report{Study: s, Items: sts}
	if rep.Jobs, err = s.jobs(); err != nil {
		return nil, err
	}
	q, qerr := s.queued(ctx, squeue)
	rep.SlurmErr = qerr
	for k := range rep.Items {
		st := &rep.Items[k]
		if v, ok := q[st.Index]; ok && st.State != Done {
			st.Queued = v
			if strings.HasSuffix(v, " RUNNING") || strings.HasSuffix(v, " COMPLETING") {
				st.State = Running
			}
		}
		switch st.State {
		case Done:
			rep.Done++
		case Running:
			rep.Running++
		case Failed:
			rep.Failed++
		case Pending:
			rep.Pending++
			if st.Interrupted {
				rep.Interrupted++
			}
			if st.Queued != "" {
				rep.Queued++
			}
		}
	}
	return rep, nil
}

// Write prints the report: one summary line, the Slurm jobs, and with
// verbose one line per item (else only the failed ones).
func (r *Report) Write(w io.Writer, verbose bool) error {
	var b strings.Builder
	fmt.Fprintf(&b, "study %s: %d items: %d done, %d running, %d failed, %d pending", r.Study.Dir, len(r.Items), r.Done, r.Running, r.Failed, r.Pending)
	if r.Pending > 0 {
		fmt.Fprintf(&b, " (%d queued in Slurm, %d interrupted with a checkpoint)", r.Queued, r.Interrupted)
	}
	b.WriteString("\n")
	for _, j := range r.Jobs {
		fmt.Fprintf(&b, "slurm job %s (array %s) submitted %s\n", j.ID, j.Array, j.Submitted.Format("2006-01-02 15:04:05Z"))
	}
	if r.SlurmErr != nil {
		fmt.Fprintf(&b, "warning: could not ask Slurm, states from the run folders only: %v\n", r.SlurmErr)
	}
	for _, st := range r.Items {
		if !verbose && st.State != Failed {
			continue
		}
		fmt.Fprintf(&b, "%4d %s %-8s attempts=%d", st.Index, st.Item.ID, st.State, st.Attempts)
		if st.Interrupted {
			b.WriteString(" checkpoint")
		}
		if st.Queued != "" {
			b.WriteString(" slurm=" + strings.ReplaceAll(st.Queued, " ", ":"))
		}
		if st.Reason != "" {
			b.WriteString(" reason: " + st.Reason)
		}
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}
