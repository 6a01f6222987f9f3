package study

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/nasred/nasred/nasred/atomicfile"
	"github.com/nasred/nasred/nasred/train"
)

// Files of an item's run folder STUDY/runs/ID, besides `nasred train`'s
// metrics.csv and checkpoint.bin.
const (
	// ResultFile marks a finished item and holds its numbers.
	ResultFile = "result.json"
	// StateFile records every attempt at the item.
	StateFile = "attempts.json"
	// LogFile collects the output of every attempt's `nasred train`.
	LogFile = "train.log"
	// lockFile is locked (flock) by the process running the item.
	lockFile = "lock"
)

// Outcomes of an attempt.
const (
	OutcomeRunning     = "running"
	OutcomeDone        = "done"
	OutcomeFailed      = "failed"
	OutcomeInterrupted = "interrupted"
)

// Attempt is one try at an item: one `nasred train` process.
type Attempt struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end,omitzero"`
	Host  string    `json:"host"`
	PID   int       `json:"pid"`
	// Slurm is "JOB_TASK" when the attempt ran as a Slurm array task.
	Slurm   string `json:"slurm,omitempty"`
	Backend string `json:"backend"`
	// Outcome is OutcomeRunning while the process runs; a "running"
	// attempt whose item is not locked was killed.
	Outcome string `json:"outcome"`
	// Reason says why an attempt failed: the trainer's last error line or
	// how the process ended.
	Reason string `json:"reason,omitempty"`
}

// Result is a finished item (STUDY/runs/ID/result.json): what collect
// writes per row.
type Result struct {
	ID       string `json:"id"`
	Genotype string `json:"genotype"`
	Source   string `json:"source"`
	Seed     uint64 `json:"seed"`
	// RecipeHash is the study's (RecipeHash).
	RecipeHash string `json:"recipe_hash"`
	// Parameters counts the trainable parameters of the network without
	// its auxiliary head (nn.NumParameters).
	Parameters int `json:"parameters"`
	// Steps is the number of optimizer steps trained.
	Steps int `json:"steps"`
	// FinalTest is the test accuracy at the end, BestTest the best test
	// accuracy of any metrics row (the trainer evaluates the test set at
	// the end only, so the two agree unless that changes); Val and BestVal
	// the final and best validation accuracy (NaN without a validation
	// set). Accuracies are fractions.
	FinalTest float64 `json:"final_test_accuracy"`
	BestTest  float64 `json:"best_test_accuracy"`
	Val       float64 `json:"val_accuracy"`
	BestVal   float64 `json:"best_val_accuracy"`
	// WallSeconds is the wall-clock time of all attempts together,
	// process start-up, data loading and compilation included.
	WallSeconds float64 `json:"wall_seconds"`
	// Backend and Host are those of the attempt that finished the item.
	Backend string `json:"backend"`
	Host    string `json:"host"`
	// Attempts is the number of attempts it took.
	Attempts int `json:"attempts"`
}

// MarshalJSON writes NaN accuracies as null.
func (r Result) MarshalJSON() ([]byte, error) {
	type plain Result
	type out struct {
		plain
		Val     *float64 `json:"val_accuracy"`
		BestVal *float64 `json:"best_val_accuracy"`
	}
	o := out{plain: plain(r)}
	if r.Val == r.Val { // not NaN
		o.Val, o.BestVal = &r.Val, &r.BestVal
	}
	return json.Marshal(o)
}

// UnmarshalJSON reads null accuracies as NaN.
func (r *Result) UnmarshalJSON(b []byte) error {
	type plain Result
	var in struct {
		plain
		Val     *float64 `json:"val_accuracy"`
		BestVal *float64 `json:"best_val_accuracy"`
	}
	if err := json.Unmarshal(b, &in); err != nil {
		return err
	}
	*r = Result(in.plain)
	r.Val, r.BestVal = nan(), nan()
	if in.Val != nil && in.BestVal != nil {
		r.Val, r.BestVal = *in.Val, *in.BestVal
	}
	return nil
}

// readJSON decodes path into v; a missing file leaves v and returns
// fs.ErrNotExist (wrapped).
func readJSON(path string, v any) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

func writeJSON(path string, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return atomicfile.WriteBytes(path, append(data, '\n'))
}

// readAttempts reads the attempts of the item in run folder dir (none
// when the file is missing).
func readAttempts(dir string) ([]Attempt, error) {
	var a []Attempt
	if err := readJSON(filepath.Join(dir, StateFile), &a); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	return a, nil
}

// readResult reads result.json of run folder dir; ok is false when the
// item has not finished.
func readResult(dir string) (r Result, ok bool, err error) {
	err = readJSON(filepath.Join(dir, ResultFile), &r)
	if errors.Is(err, fs.ErrNotExist) {
		return r, false, nil
	}
	return r, err == nil, err
}

// State is where an item stands.
type State int

// The states of an item, as `nasred study status` counts them.
const (
	// Pending items have not finished and nothing runs them; Interrupted
	// in ItemStatus says whether they have a checkpoint to resume.
	Pending State = iota
	// Running items are locked by a process on this machine or reported
	// running by Slurm.
	Running
	// Done items have result.json.
	Done
	// Failed items' last attempt failed (they are retried by the next
	// run).
	Failed
)

func (s State) String() string {
	switch s {
	case Pending:
		return "pending"
	case Running:
		return "running"
	case Done:
		return "done"
	case Failed:
		return "failed"
	}
	return fmt.Sprintf("State(%d)", int(s))
}

// ItemStatus is the state of one item, from its run folder.
type ItemStatus struct {
	Index int
	Item  Item
	State State
	// Interrupted is true for an unfinished item with a checkpoint: the
	// next attempt resumes from it.
	Interrupted bool
	// Attempts is the number of attempts so far; Reason the last failure.
	Attempts int
	Reason   string
	// Queued names the Slurm job ("JOB_TASK") that will run a pending
	// item, or that runs a running one.
	Queued string
}

// itemStatus reads the state of item i from its run folder.
func (s *Study) itemStatus(i int) (ItemStatus, error) {
	dir := s.RunDir(i)
	st := ItemStatus{Index: i, Item: s.Items[i]}
	if _, ok, err := readResult(dir); err != nil {
		return st, err
	} else if ok {
		st.State = Done
	}
	att, err := readAttempts(dir)
	if err != nil {
		return st, err
	}
	st.Attempts = len(att)
	if st.State == Done {
		return st, nil
	}
	if locked, err := isLocked(filepath.Join(dir, lockFile)); err != nil {
		return st, err
	} else if locked {
		st.State = Running
		return st, nil
	}
	st.Interrupted = train.HasCheckpoint(dir)
	if n := len(att); n > 0 && att[n-1].Outcome == OutcomeFailed {
		st.State, st.Reason = Failed, att[n-1].Reason
	}
	return st, nil
}

// Statuses reads the state of every item from the run folders (without
// asking Slurm; see Status).
func (s *Study) Statuses() ([]ItemStatus, error) {
	out := make([]ItemStatus, len(s.Items))
	for i := range s.Items {
		var err error
		if out[i], err = s.itemStatus(i); err != nil {
			return nil, fmt.Errorf("study %s: item %d (%s): %w", s.Dir, i, s.Items[i].ID, err)
		}
	}
	return out, nil
}
