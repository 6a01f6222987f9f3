package training

import (
	"context"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/nasred/nasred/nasred/analysis"
	"github.com/nasred/nasred/nasred/datadir/datatest"
	"github.com/nasred/nasred/nasred/dataset"
	"github.com/nasred/nasred/nasred/space/darts"
	"github.com/nasred/nasred/nasred/train"
)

// TestTrainCells runs the calls of notebooks/train_cells.ipynb at a tiny
// size (2 steps of 16 images, C=4, 3 cells) and checks how the four cells
// were built: the samples obey their constraints, and the pruned cells are
// the base with exactly the k edges of highest (lowest) importance set to
// none, checked against an independent sort of the OI values.
func TestTrainCells(t *testing.T) {
	labels := datatest.Path(t, analysis.NB301LabelledFile)
	if _, _, err := dataset.Load(dataset.FashionMNIST, ""); err != nil {
		t.Skip(err)
	}
	opts := DefaultTrainCellsOptions()
	opts.LabelsPath = labels
	cfg := &opts.Config
	cfg.Network.Channels, cfg.Network.Cells = 4, 3
	cfg.Data.TrainLimit, cfg.Data.TestLimit = 80, 16
	cfg.Options.Steps, cfg.Options.BatchSize, cfg.Options.EvalEvery, cfg.Options.EvalBatch = 2, 16, 1, 16
	cfg.Options.RecalibrateBatches, cfg.Options.LogEvery = 2, 1
	var calls int
	seen := map[uint64]int{}
	opts.Progress = func(_ string, seed uint64, _ train.Progress) { calls++; seen[seed]++ }
	res, err := TrainCells(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Cells) != 4 || calls != 16 || seen[1] != 8 || seen[2] != 8 || !slices.Equal(res.Seeds, []uint64{1, 2}) {
		t.Fatalf("%d cells, %d progress calls (per seed %v), seeds %v; want 4, 16 (8 per seed 1 and 2), [1 2]", len(res.Cells), calls, seen, res.Seeds)
	}
	if res.Base != darts.DARTSV2 || len(res.OI) != darts.NumEdges || !strings.Contains(res.Surrogate, "725") {
		t.Fatalf("base %v, %d OIs, surrogate %q", res.Base, len(res.OI), res.Surrogate)
	}
	for k, name := range []string{"primskip", "random"} {
		c, err := darts.BuiltinConstraint(name)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Check(res.Cells[k].Genotype); err != nil {
			t.Errorf("%s sample %v: %v", name, res.Cells[k].Genotype, err)
		}
	}
	// Oracle: rank edges by OI with a plain sort (ties by index).
	idx := make([]int, darts.NumEdges)
	for i := range idx {
		idx[i] = i
	}
	sort := func(desc bool) []int {
		e := slices.Clone(idx)
		for i := range e {
			for j := i + 1; j < len(e); j++ {
				a, b := res.OI[e[i]], res.OI[e[j]]
				if (desc && b > a) || (!desc && b < a) || (a == b && e[j] < e[i]) {
					e[i], e[j] = e[j], e[i]
				}
			}
		}
		top := e[:opts.Prune]
		slices.Sort(top)
		return top
	}
	for k, want := range [][]int{sort(true), sort(false)} {
		c := res.Cells[2+k]
		if !slices.Equal(c.Pruned, want) {
			t.Errorf("%s: pruned %v, want %v (OI %v)", c.Name, c.Pruned, want, res.OI)
		}
		for e := range darts.NumEdges {
			got, base := c.Genotype.Edge(e), res.Base.Edge(e)
			if slices.Contains(want, e) {
				base.Op = darts.None
			}
			if got != base {
				t.Errorf("%s edge %d: %v, want %v", c.Name, e, got, base)
			}
		}
	}
	if !(res.Cells[2].PredictedErr > res.Cells[3].PredictedErr) {
		t.Errorf("predicted error after pruning the most important edges %.4f, least %.4f: want more > less",
			res.Cells[2].PredictedErr, res.Cells[3].PredictedErr)
	}
	for _, c := range res.Cells {
		if len(c.Results) != 2 {
			t.Fatalf("%s: %d results, want one per seed", c.Name, len(c.Results))
		}
		for k, r := range c.Results {
			if r == nil || len(r.Rows) != 2 || math.IsNaN(r.TestAccuracy) || math.IsNaN(r.ValAccuracy) {
				t.Fatalf("%s seed %d: result %+v", c.Name, res.Seeds[k], r)
			}
			t.Logf("%s %s seed %d: predicted error %.3f, loss %.3f, test accuracy %.3f", c.Name, c.Genotype.CompactString(), res.Seeds[k], c.PredictedErr, r.Rows[1].TrainLoss, r.TestAccuracy)
		}
		// Another seed is another initialisation and data order.
		if c.Results[0].Rows[0].TrainLoss == c.Results[1].Rows[0].TrainLoss {
			t.Errorf("%s: seeds 1 and 2 have the same first loss %v", c.Name, c.Results[0].Rows[0].TrainLoss)
		}
	}
	if cs := res.Comparisons(); len(cs) != 2 || cs[0].A != res.Cells[3].Name || cs[1].B != res.Cells[1].Name || len(cs[0].Diffs) != 2 {
		t.Errorf("comparisons %+v", cs)
	}
	if loss, acc, err := res.Figures(); err != nil || loss == nil || acc == nil {
		t.Fatalf("figures: %v %v %v", loss, acc, err)
	}
	if h, rows := res.Table(); len(rows) != 4 || len(rows[0]) != len(h) {
		t.Errorf("table %v %v", h, rows)
	}
	if h, rows := res.EdgeTable(); len(rows) != darts.NumEdges || len(rows[0]) != len(h) {
		t.Errorf("edge table %v %v", h, rows)
	}
}

func TestTrainCellsBadOptions(t *testing.T) {
	for _, tc := range []struct {
		name string
		mod  func(*TrainCellsOptions)
		want string
	}{
		{"prune", func(o *TrainCellsOptions) { o.Prune = 17 }, "prune 17"},
		{"base", func(o *TrainCellsOptions) { o.Base = "[[(0, 9)]]" }, "base cell"},
		{"labels", func(o *TrainCellsOptions) { o.LabelsPath = "/nonexistent/labels.json" }, "/nonexistent/labels.json"},
		{"seeds", func(o *TrainCellsOptions) { o.Seeds = []uint64{} }, "no seeds"},
	} {
		o := DefaultTrainCellsOptions()
		tc.mod(&o)
		_, err := TrainCells(context.Background(), o)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want it to mention %q", tc.name, err, tc.want)
		}
	}
}

// cellsOf builds a TrainCellsResult with the given final test accuracies
// (one slice of seeds per cell) and one metrics row per run.
func cellsOf(acc ...[]float64) *TrainCellsResult {
	r := &TrainCellsResult{}
	for i, a := range acc {
		c := TrainedCell{Name: string(rune('A' + i))}
		for _, x := range a {
			c.Results = append(c.Results, &train.Result{TestAccuracy: x, ValAccuracy: x - 0.01, ImagesPerSecond: 10,
				Rows: []train.Row{{Step: 4, TrainLoss: 1 - x, ValAccuracy: x - 0.01, TestAccuracy: x}}})
		}
		r.Cells = append(r.Cells, c)
	}
	return r
}

// TestTrainCellsComparisons checks the paired differences (pruned least
// minus most, PrimSkip minus random) against values worked out by hand.
func TestTrainCellsComparisons(t *testing.T) {
	for _, tc := range []struct {
		name         string
		res          *TrainCellsResult
		mean0, sd0   float64
		consistent   [2]bool
		wantVerdicts [2]string
	}{
		// Cell 3 − cell 2: 0.8−0.5, 0.7−0.6 = 0.3, 0.1: mean 0.2, sd √0.02;
		// cell 0 − cell 1: 0.5−0.6, 0.6−0.5: mixed signs.
		{"two seeds", cellsOf([]float64{0.5, 0.6}, []float64{0.6, 0.5}, []float64{0.5, 0.6}, []float64{0.8, 0.7}),
			0.2, math.Sqrt(0.02), [2]bool{true, false}, [2]string{"within twice the seeds' spread", "do not agree"}},
		// 0.9−0.5, 0.9−0.52, 0.9−0.51: mean 0.39, sd 0.01 → beyond 2 sd.
		{"three seeds", cellsOf([]float64{0.5, 0.5, 0.5}, []float64{0.5, 0.5, 0.5}, []float64{0.5, 0.52, 0.51}, []float64{0.9, 0.9, 0.9}),
			0.39, 0.01, [2]bool{true, false}, [2]string{"a hint, not a test", "do not agree"}},
		{"one seed", cellsOf([]float64{0.5}, []float64{0.4}, []float64{0.5}, []float64{0.6}),
			0.1, 0, [2]bool{true, true}, [2]string{"one seed", "one seed"}},
	} {
		cs := tc.res.Comparisons()
		if len(cs) != 2 || cs[0].A != "D" || cs[0].B != "C" || cs[1].A != "A" || cs[1].B != "B" {
			t.Fatalf("%s: comparisons %+v", tc.name, cs)
		}
		if math.Abs(cs[0].Mean-tc.mean0) > 1e-12 || math.Abs(cs[0].SD-tc.sd0) > 1e-12 {
			t.Errorf("%s: mean %v sd %v, want %v %v", tc.name, cs[0].Mean, cs[0].SD, tc.mean0, tc.sd0)
		}
		for k, c := range cs {
			if c.Consistent != tc.consistent[k] || !strings.Contains(c.String(), tc.wantVerdicts[k]) {
				t.Errorf("%s: comparison %d consistent=%v %q, want %v and %q", tc.name, k, c.Consistent, c, tc.consistent[k], tc.wantVerdicts[k])
			}
		}
	}
	if got := cellsOf([]float64{0.5, 0.6}, []float64{0.6, 0.5}).Comparisons(); len(got) != 1 || got[0].A != "A" {
		t.Errorf("two cells: %+v", got)
	}
}

// TestTrainCellsTable: mean ± sample sd and the per-seed values.
func TestTrainCellsTable(t *testing.T) {
	res := cellsOf([]float64{0.5, 0.7}, []float64{0.25})
	h, rows := res.Table()
	if len(rows) != 2 || len(rows[0]) != len(h) {
		t.Fatalf("table %v %v", h, rows)
	}
	// sd of {0.5, 0.7} = √0.02 = 0.141.
	if rows[0][5] != "0.600 ± 0.141" || rows[0][6] != "0.500, 0.700" || rows[0][3] != "0.400 ± 0.141" || rows[1][5] != "0.250" {
		t.Errorf("rows %q", rows)
	}
}
