package training

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/nasred/nasred/nasred/analysis"
	"github.com/nasred/nasred/nasred/importance"
	"github.com/nasred/nasred/nasred/plot"
	"github.com/nasred/nasred/nasred/removal"
	"github.com/nasred/nasred/nasred/space/darts"
	"github.com/nasred/nasred/nasred/surrogate"
	"github.com/nasred/nasred/nasred/train"
)

// TrainCellsOptions parametrise TrainCells. Zero fields take the defaults
// of DefaultTrainCellsOptions where noted.
type TrainCellsOptions struct {
	// LabelsPath is the NB301 labelled-genotype file the pruning surrogate
	// is trained on ("" = NB301LabelledFile in the benchmark data folder).
	LabelsPath string
	// Base is the cell that is pruned: a known name (DARTS_V2, ...) or a
	// genotype in any form darts.ParseGenotype reads ("" = DARTS_V2).
	Base string
	// Prune is the number of edges set to `none` in each pruned cell
	// (default 4).
	Prune int
	// SampleSeed seeds the PrimSkip and random samples (darts.NewRand;
	// the PrimSkip sample is drawn first, then the random one).
	SampleSeed uint64
	// Config is the training template: data, network size and recipe.
	// Network.Space and Network.Arch are set per cell.
	Config train.Config
	// Progress, when set, receives the training progress of each cell
	// (Config.Options.LogEvery sets how often).
	Progress func(cell string, p train.Progress)
}

// DefaultTrainCellsOptions is the small CPU setting of
// notebooks/train_cells.ipynb: DARTS_V2 pruned of 4 edges each way, cells
// sampled with seed 1; 8 initial channels and 4 cells on 1,600
// Fashion-MNIST training images (20 % of them held out for validation) and
// 500 test images; 60 SGD steps of 32 images at learning rate 0.05 with
// the paper's momentum, weight decay, clipping, auxiliary head and
// drop-path schedule, no cutout or mixup; batch-norm statistics
// recalibrated over 10 batches before each evaluation (every 10 steps and
// at the end of the 40-step epoch).
func DefaultTrainCellsOptions() TrainCellsOptions {
	cfg := train.DefaultConfig(train.SpaceDARTS, "", "fashion-mnist")
	cfg.Network.Channels, cfg.Network.Cells = 8, 4
	cfg.Data.TrainLimit, cfg.Data.TestLimit, cfg.Data.Seed = 1600, 500, 1
	o := &cfg.Options
	o.Steps, o.BatchSize, o.EvalEvery, o.LearningRate = 60, 32, 10, 0.05
	o.Cutout, o.MixupAlpha = 0, 0
	o.RecalibrateBatches = 10
	o.Seed = 1
	return TrainCellsOptions{Base: "DARTS_V2", Prune: 4, SampleSeed: 1, Config: cfg}
}

// TrainedCell is one trained genotype of TrainCells.
type TrainedCell struct {
	// Name says what the cell is ("PrimSkip sample", ...).
	Name     string
	Genotype darts.Genotype
	// PredictedErr is the surrogate's predicted NB301 validation error
	// (a fraction) of the genotype.
	PredictedErr float64
	// Pruned lists the edges (0-7 normal, 8-15 reduction cell) set to
	// `none` in the base cell; nil for the samples.
	Pruned []int
	Result *train.Result
}

// TrainCellsResult holds the four trained cells and how the pruned ones
// were chosen.
type TrainCellsResult struct {
	// Surrogate describes the predictor that ranked the edges.
	Surrogate string
	// Base is the pruned cell and BaseErr its predicted error; OI[e] is
	// the operation importance of its edge e under the surrogate.
	Base    darts.Genotype
	BaseErr float64
	OI      []float64
	// Cells are, in order: the PrimSkip sample, the random sample, the
	// base pruned of its Prune most important edges and of its Prune
	// least important edges.
	Cells []TrainedCell
}

// TrainCells trains, with opts.Config, a PrimSkip sample, an unconstrained
// random sample and the base cell pruned of its most and of its least
// important edges (paper §3 and §5). The pruning order comes from the
// operation importance (importance.NB301) of the base cell's 16 edges
// under nasred's own NB301 surrogate trained on the labelled genotypes
// (OwnSurrogate); removal.RemovalOrder and removal.Prune pick and remove
// the edges.
func TrainCells(ctx context.Context, opts TrainCellsOptions) (*TrainCellsResult, error) {
	if opts.Prune == 0 {
		opts.Prune = 4
	}
	if opts.Prune < 0 || opts.Prune > darts.NumEdges {
		return nil, fmt.Errorf("train cells: prune %d edges, expected 1..%d", opts.Prune, darts.NumEdges)
	}
	base, err := parseBase(opts.Base)
	if err != nil {
		return nil, err
	}
	if opts.LabelsPath == "" {
		if _, opts.LabelsPath, err = analysis.NB301Data(""); err != nil {
			return nil, fmt.Errorf("train cells: %w", err)
		}
	}
	model, desc, err := analysis.OwnSurrogate(ctx, opts.LabelsPath)
	if err != nil {
		return nil, fmt.Errorf("train cells: surrogate: %w", err)
	}
	ois, err := importance.NB301(ctx, model, []darts.Genotype{base}, importance.Options{})
	if err != nil {
		return nil, fmt.Errorf("train cells: importance of %s: %w", base.CompactString(), err)
	}
	res := &TrainCellsResult{Surrogate: desc, Base: base, BaseErr: ois[0].Err, OI: ois[0].OI}

	r := darts.NewRand(opts.SampleSeed)
	for _, s := range []struct{ sampler, name string }{{"primskip", "PrimSkip sample"}, {"random", "random sample"}} {
		smp, err := darts.NewSampler(s.sampler)
		if err != nil {
			return nil, fmt.Errorf("train cells: %w", err)
		}
		res.Cells = append(res.Cells, TrainedCell{Name: s.name, Genotype: smp.Sample(r)})
	}
	for _, o := range []removal.Order{removal.MostFirst, removal.LeastFirst} {
		edges := slices.Clone(removal.RemovalOrder(res.OI, o)[:opts.Prune])
		slices.Sort(edges)
		name := fmt.Sprintf("pruned: %d most important", opts.Prune)
		if o == removal.LeastFirst {
			name = fmt.Sprintf("pruned: %d least important", opts.Prune)
		}
		res.Cells = append(res.Cells, TrainedCell{Name: name, Genotype: removal.Prune(base, edges), Pruned: edges})
	}
	gs := make([]darts.Genotype, len(res.Cells))
	for i, c := range res.Cells {
		gs[i] = c.Genotype
	}
	errs := make([]float64, len(gs))
	if err := model.PredictErrors(ctx, gs, errs); err != nil {
		return nil, fmt.Errorf("train cells: predict: %w", err)
	}
	for i := range res.Cells {
		c := &res.Cells[i]
		c.PredictedErr = errs[i]
		cfg := opts.Config
		cfg.Network.Space, cfg.Network.Arch = train.SpaceDARTS, c.Genotype.CompactString()
		if opts.Progress != nil {
			name := c.Name
			cfg.Options.Progress = func(p train.Progress) { opts.Progress(name, p) }
		}
		if c.Result, err = train.Run(ctx, cfg); err != nil {
			return nil, fmt.Errorf("train cells: %s %s: %w", c.Name, c.Genotype.CompactString(), err)
		}
	}
	return res, nil
}

// parseBase reads TrainCellsOptions.Base.
func parseBase(s string) (darts.Genotype, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		s = "DARTS_V2"
	}
	if g, ok := darts.Known()[s]; ok {
		return g, nil
	}
	g, err := darts.ParseGenotype(s)
	if err != nil {
		return g, fmt.Errorf("train cells: base cell: %w", err)
	}
	if err := g.Validate(false); err != nil {
		return g, fmt.Errorf("train cells: base cell %s: %w", g.CompactString(), err)
	}
	return g, nil
}

// names returns the cell names.
func (r *TrainCellsResult) names() []string {
	out := make([]string, len(r.Cells))
	for i, c := range r.Cells {
		out[i] = c.Name
	}
	return out
}

// Figures draws the training loss and the held-out accuracy of every cell
// against the step (CurveFigures).
func (r *TrainCellsResult) Figures() (loss, accuracy *plot.Figure, err error) {
	results := make([]*train.Result, len(r.Cells))
	for i, c := range r.Cells {
		results[i] = c.Result
	}
	return CurveFigures(r.names(), results)
}

// Table lists each cell with its pruned edges, the surrogate's predicted
// NB301 error (percent) and the final training loss, validation and test
// accuracy and throughput of its run.
func (r *TrainCellsResult) Table() (headers []string, rows [][]string) {
	headers = []string{"cell", "pruned edges", "predicted NB301 error (%)", "final train loss", "val accuracy", "test accuracy", "images/s"}
	for _, c := range r.Cells {
		pruned := "-"
		if c.Pruned != nil {
			pruned = fmt.Sprint(c.Pruned)
		}
		loss, val, test, ips := math.NaN(), math.NaN(), math.NaN(), math.NaN()
		if res := c.Result; res != nil && len(res.Rows) > 0 {
			loss, val, test, ips = res.Rows[len(res.Rows)-1].TrainLoss, res.ValAccuracy, res.TestAccuracy, res.ImagesPerSecond
		}
		rows = append(rows, []string{c.Name, pruned, fmt3(100 * c.PredictedErr),
			fmt3(loss), fmt3(val), fmt3(test), fmt.Sprintf("%.1f", ips)})
	}
	return headers, rows
}

// EdgeTable lists the base cell's edges with their operation, input and
// importance, most important first.
func (r *TrainCellsResult) EdgeTable() (headers []string, rows [][]string) {
	headers = []string{"edge", "cell", "operation", "input", "OI (%)"}
	for _, e := range removal.RemovalOrder(r.OI, removal.MostFirst) {
		ed := r.Base.Edge(e)
		cell := "normal"
		if e >= darts.CellEdges {
			cell = "reduce"
		}
		rows = append(rows, []string{fmt.Sprint(e), cell, ed.Op.String(), fmt.Sprint(ed.Input), fmt.Sprintf("%.3f", 100*r.OI[e])})
	}
	return headers, rows
}

var _ darts.Predictor = (*surrogate.Model)(nil)

func fmt3(x float64) string { return fmt.Sprintf("%.3f", x) }
