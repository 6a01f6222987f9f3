package study

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/nasred/nasred/nasred/atomicfile"
)

// CSVHeader are the columns of a collected study (Collect). Accuracies
// are fractions; an empty validation accuracy means no validation set.
// `nasred surrogate train --labels` reads such a file (genotype and
// val_accuracy).
var CSVHeader = []string{"id", "genotype", "source", "seed", "recipe_hash", "parameters", "steps",
	"final_test_accuracy", "best_test_accuracy", "val_accuracy", "best_val_accuracy", "wall_seconds", "backend", "host"}

// Collect writes one CSV row (CSVHeader) per finished item of the study in
// dir, in item order, to out atomically, and returns the number of rows
// and of items not finished. A study with no finished item is an error.
func Collect(dir, out string) (rows, unfinished int, err error) {
	if out == "" {
		return 0, 0, errors.New("study collect: no output file (--out results.csv)")
	}
	s, err := Load(dir)
	if err != nil {
		return 0, 0, err
	}
	var res []Result
	for i := range s.Items {
		r, ok, err := readResult(s.RunDir(i))
		if err != nil {
			return 0, 0, fmt.Errorf("study collect: item %d (%s): %w", i, s.Items[i].ID, err)
		}
		if ok {
			res = append(res, r)
		}
	}
	if len(res) == 0 {
		return 0, len(s.Items), fmt.Errorf("study collect %s: none of the %d items has finished (see `nasred study status`)", s.Dir, len(s.Items))
	}
	err = atomicfile.Write(out, func(w io.Writer) error { return WriteCSV(w, res) })
	return len(res), len(s.Items) - len(res), err
}

// WriteCSV writes results as CSV with CSVHeader.
func WriteCSV(w io.Writer, res []Result) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	acc := func(v float64) string {
		if math.IsNaN(v) {
			return ""
		}
		return strconv.FormatFloat(v, 'f', 6, 64)
	}
	for _, r := range res {
		if err := cw.Write([]string{r.ID, r.Genotype, r.Source, strconv.FormatUint(r.Seed, 10), r.RecipeHash,
			strconv.Itoa(r.Parameters), strconv.Itoa(r.Steps), acc(r.FinalTest), acc(r.BestTest), acc(r.Val), acc(r.BestVal),
			strconv.FormatFloat(r.WallSeconds, 'f', 1, 64), r.Backend, r.Host}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
