package training

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/nasred/nasred/nasred/analysis"
	"github.com/nasred/nasred/nasred/dataset"
	"github.com/nasred/nasred/nasred/importance"
	"github.com/nasred/nasred/nasred/plot"
	"github.com/nasred/nasred/nasred/removal"
	"github.com/nasred/nasred/nasred/space/darts"
	"github.com/nasred/nasred/nasred/surrogate"
	"github.com/nasred/nasred/nasred/train"
	"gonum.org/v1/gonum/stat"
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
	// Seeds are the training seeds (initialisation, data order): every
	// cell is trained once per seed, on the same data (the validation
	// split is Config.Data.Seed's), so cells compare seed by seed. nil
	// means {1, 2}.
	Seeds []uint64
	// Config is the training template: data, network size and recipe.
	// Network.Space, Network.Arch and Options.Seed are set per run.
	Config train.Config
	// Progress, when set, receives the training progress of each run
	// (Config.Options.LogEvery sets how often).
	Progress func(cell string, seed uint64, p train.Progress)
}

// DefaultTrainCellsOptions is the small CPU setting of
// notebooks/train_cells.ipynb (8 runs; 5 to 25 s of CPU each with the
// pure-Go backend of 2025, the PrimSkip cell the slowest): DARTS_V2
// pruned of 4 edges each way, cells sampled with seed 1; 4 initial
// channels and 3 cells (one normal cell, two
// reduction cells) on 1,000 Fashion-MNIST training images (20 % of them
// held out for validation) and 400 test images; the quick recipe
// (train.RecipeQuick: SGD lr 0.1 cosine to 0, momentum 0.9, weight decay
// 3e-4, clipping 5, auxiliary head, no cutout, mixup or drop-path) for 40
// steps of 16 images, batch-norm statistics recalibrated over 5 batches
// before each evaluation (at steps 20 and 40); seeds 1 and 2.
func DefaultTrainCellsOptions() TrainCellsOptions {
	cfg := train.DefaultConfig(train.SpaceDARTS, "", dataset.FashionMNIST)
	cfg.Network.Channels, cfg.Network.Cells = 4, 3
	cfg.Data.TrainLimit, cfg.Data.TestLimit, cfg.Data.Seed = 1000, 400, 1
	o := &cfg.Options
	o.Steps, o.BatchSize, o.EvalEvery = 40, 16, 20
	o.RecalibrateBatches = 5
	return TrainCellsOptions{Base: "DARTS_V2", Prune: 4, SampleSeed: 1, Seeds: []uint64{1, 2}, Config: cfg}
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
	// Results are the runs, one per seed of TrainCellsOptions.Seeds.
	Results []*train.Result
}

// final returns a final metric of each run of c.
func (c *TrainedCell) final(metric func(*train.Result) float64) []float64 {
	v := make([]float64, len(c.Results))
	for i, r := range c.Results {
		v[i] = math.NaN()
		if r != nil {
			v[i] = metric(r)
		}
	}
	return v
}

// TestAccuracies returns the final test accuracy of each seed's run.
func (c *TrainedCell) TestAccuracies() []float64 {
	return c.final(func(r *train.Result) float64 { return r.TestAccuracy })
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
	// Seeds are the training seeds, in the order of each cell's Results.
	Seeds []uint64
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
	if opts.Seeds == nil {
		opts.Seeds = []uint64{1, 2}
	}
	if len(opts.Seeds) == 0 {
		return nil, errors.New("train cells: no seeds: expected at least one (nil for the defaults)")
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
	res := &TrainCellsResult{Surrogate: desc, Base: base, BaseErr: ois[0].Err, OI: ois[0].OI, Seeds: slices.Clone(opts.Seeds)}

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
		res.Cells[i].PredictedErr = errs[i]
	}
	// Seed by seed, so that an interrupted notebook has every cell's
	// first seed.
	for _, seed := range opts.Seeds {
		for i := range res.Cells {
			c := &res.Cells[i]
			cfg := opts.Config
			cfg.Network.Space, cfg.Network.Arch = train.SpaceDARTS, c.Genotype.CompactString()
			cfg.Options.Seed = seed
			if opts.Progress != nil {
				name := c.Name
				cfg.Options.Progress = func(p train.Progress) { opts.Progress(name, seed, p) }
			}
			r, err := train.Run(ctx, cfg)
			if err != nil {
				return nil, fmt.Errorf("train cells: %s %s, seed %d: %w", c.Name, c.Genotype.CompactString(), seed, err)
			}
			c.Results = append(c.Results, r)
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
// against the step, mean ± sd over the seeds (SeedCurveFigures).
func (r *TrainCellsResult) Figures() (loss, accuracy *plot.Figure, err error) {
	runs := make([][]*train.Result, len(r.Cells))
	for i, c := range r.Cells {
		runs[i] = c.Results
	}
	return SeedCurveFigures(r.names(), runs)
}

// Table lists each cell with its pruned edges, the surrogate's predicted
// NB301 error (percent), and over the seeds' runs the mean ± sample
// standard deviation of the final training loss, validation and test
// accuracy, each seed's test accuracy, and the mean throughput.
func (r *TrainCellsResult) Table() (headers []string, rows [][]string) {
	headers = []string{"cell", "pruned edges", "predicted NB301 error (%)", "final train loss", "val accuracy", "test accuracy", "test accuracy per seed", "images/s"}
	pm := func(v []float64) string {
		m, sd := meanSD(v)
		if len(v) < 2 {
			return fmt3(m)
		}
		return fmt3(m) + " ± " + fmt3(sd)
	}
	for _, c := range r.Cells {
		pruned := "-"
		if c.Pruned != nil {
			pruned = fmt.Sprint(c.Pruned)
		}
		loss := c.final(func(r *train.Result) float64 {
			if len(r.Rows) == 0 {
				return math.NaN()
			}
			return r.Rows[len(r.Rows)-1].TrainLoss
		})
		val := c.final(func(r *train.Result) float64 { return r.ValAccuracy })
		ips, _ := meanSD(c.final(func(r *train.Result) float64 { return r.ImagesPerSecond }))
		seeds := make([]string, len(c.Results))
		for k, a := range c.TestAccuracies() {
			seeds[k] = fmt3(a)
		}
		rows = append(rows, []string{c.Name, pruned, fmt3(100 * c.PredictedErr),
			pm(loss), pm(val), pm(c.TestAccuracies()), strings.Join(seeds, ", "), fmt.Sprintf("%.1f", ips)})
	}
	return headers, rows
}

// Comparison is one paired comparison of TrainCellsResult.Comparisons:
// cell A against cell B, seed by seed.
type Comparison struct {
	A, B string
	// Diffs are A's minus B's final test accuracy, one per seed.
	Diffs []float64
	// Mean and SD are the mean and the sample standard deviation of
	// Diffs (SD 0 for one seed).
	Mean, SD float64
	// Consistent reports that every seed's difference has the sign of
	// the mean (and none is 0).
	Consistent bool
}

// Comparisons compares the cells the paper's claims are about, seed by
// seed (the same seed gives the same initialisation stream and data
// order): the base pruned of its least against its most important edges
// (paper §3: the former should be better), and the PrimSkip sample against
// the random sample (paper §5: likewise).
func (r *TrainCellsResult) Comparisons() []Comparison {
	var out []Comparison
	for _, p := range [][2]int{{3, 2}, {0, 1}} {
		if max(p[0], p[1]) >= len(r.Cells) {
			continue
		}
		a, b := r.Cells[p[0]], r.Cells[p[1]]
		ta, tb := a.TestAccuracies(), b.TestAccuracies()
		c := Comparison{A: a.Name, B: b.Name, Diffs: make([]float64, min(len(ta), len(tb)))}
		for k := range c.Diffs {
			c.Diffs[k] = ta[k] - tb[k]
		}
		c.Mean, c.SD = meanSD(c.Diffs)
		c.Consistent = len(c.Diffs) > 0
		for _, d := range c.Diffs {
			if d == 0 || (d > 0) != (c.Mean > 0) {
				c.Consistent = false
			}
		}
		out = append(out, c)
	}
	return out
}

// String says what the comparison shows, in one sentence.
func (c Comparison) String() string {
	diffs := make([]string, len(c.Diffs))
	for k, d := range c.Diffs {
		diffs[k] = fmt.Sprintf("%+.3f", d)
	}
	verdict := "the seeds do not agree on a sign: no difference shows at this size"
	switch {
	case len(c.Diffs) < 2:
		verdict = "one seed: no spread to judge the difference by"
	case c.Consistent && math.Abs(c.Mean) > 2*c.SD:
		verdict = "every seed agrees and the mean exceeds twice the seeds' spread, but with this few seeds that is a hint, not a test"
	case c.Consistent:
		verdict = "every seed agrees on the sign, but the mean is within twice the seeds' spread"
	}
	return fmt.Sprintf("%s minus %s, test accuracy: %+.3f ± %.3f (per seed %s): %s.", c.A, c.B, c.Mean, c.SD, strings.Join(diffs, ", "), verdict)
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

// meanSD is the mean and the sample standard deviation (n−1) of v; the
// deviation of a single value is 0.
func meanSD(v []float64) (mean, sd float64) {
	if len(v) < 2 {
		return stat.Mean(v, nil), 0
	}
	return stat.MeanStdDev(v, nil)
}
