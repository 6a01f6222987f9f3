package study

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
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
	res, unfinished, err := Results(dir)
	if err != nil {
		return 0, 0, err
	}
	if len(res) == 0 {
		return 0, unfinished, fmt.Errorf("study collect %s: none of the %d items has finished (see `nasred study status`)", dir, unfinished)
	}
	err = atomicfile.Write(out, func(w io.Writer) error { return WriteCSV(w, res) })
	return len(res), unfinished, err
}

// Results reads the results of the finished items of the study in dir, in
// item order, and counts the unfinished ones.
func Results(dir string) (res []Result, unfinished int, err error) {
	s, err := Load(dir)
	if err != nil {
		return nil, 0, err
	}
	for i := range s.Items {
		r, ok, err := readResult(s.RunDir(i))
		if err != nil {
			return nil, 0, fmt.Errorf("study %s: item %d (%s): %w", s.Dir, i, s.Items[i].ID, err)
		}
		if ok {
			res = append(res, r)
		}
	}
	return res, len(s.Items) - len(res), nil
}

// BySource groups a value of each result by the item's source (sampling
// constraint, pruning, file; in order of first appearance) and seed
// (ascending): values[k][i] are the values of the results of seeds[k]
// from sources[i]. It is the input of plot.Points.
func BySource(res []Result, value func(Result) float64) (sources []string, seeds []uint64, values [][][]float64) {
	si, ki := map[string]int{}, map[uint64]int{}
	for _, r := range res {
		if _, ok := si[r.Source]; !ok {
			si[r.Source] = len(sources)
			sources = append(sources, r.Source)
		}
		if _, ok := ki[r.Seed]; !ok {
			ki[r.Seed] = 0
			seeds = append(seeds, r.Seed)
		}
	}
	slices.Sort(seeds)
	for k, s := range seeds {
		ki[s] = k
	}
	values = make([][][]float64, len(seeds))
	for k := range values {
		values[k] = make([][]float64, len(sources))
	}
	for _, r := range res {
		k, i := ki[r.Seed], si[r.Source]
		values[k][i] = append(values[k][i], value(r))
	}
	return sources, seeds, values
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
