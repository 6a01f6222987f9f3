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
	opts.Progress = func(string, train.Progress) { calls++ }
	res, err := TrainCells(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Cells) != 4 || calls != 8 {
		t.Fatalf("%d cells, %d progress calls; want 4 and 8", len(res.Cells), calls)
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
		r := c.Result
		if r == nil || len(r.Rows) != 2 || math.IsNaN(r.TestAccuracy) || math.IsNaN(r.ValAccuracy) {
			t.Fatalf("%s: result %+v", c.Name, r)
		}
		t.Logf("%s %s: predicted error %.3f, loss %.3f, test accuracy %.3f", c.Name, c.Genotype.CompactString(), c.PredictedErr, r.Rows[1].TrainLoss, r.TestAccuracy)
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
	} {
		o := DefaultTrainCellsOptions()
		tc.mod(&o)
		_, err := TrainCells(context.Background(), o)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want it to mention %q", tc.name, err, tc.want)
		}
	}
}
