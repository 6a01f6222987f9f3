package analysis

import (
	"context"
	"fmt"
	"strconv"

	"github.com/nasred/nasred/nasred/importance"
	"github.com/nasred/nasred/nasred/plot"
	"github.com/nasred/nasred/nasred/space/darts"
	"github.com/nasred/nasred/nasred/surrogate"
)

// OwnSurrogate trains nasred's own surrogate (package surrogate, preset
// PresetStumps, seed 0) on the labelled genotypes of labelsPath — a
// NASLib labelled JSON file or the official training-data zip — and
// returns it with a one-line description for reports. On the 725 NASLib
// genotypes it takes well under a second. OwnSurrogatePreset chooses the
// preset.
func OwnSurrogate(ctx context.Context, labelsPath string) (*surrogate.Model, string, error) {
	m, desc, _, err := OwnSurrogatePreset(ctx, labelsPath, PresetStumps)
	return m, desc, err
}

// OwnSurrogatePreset is OwnSurrogate with the boosting preset named preset
// (see SurrogatePresetParams); it also returns the labels it trained on.
// The interaction preset trains in about 0.5 s on the 725 genotypes but
// predicts about 60 times slower than the stumps.
func OwnSurrogatePreset(ctx context.Context, labelsPath, preset string) (*surrogate.Model, string, *surrogate.Labels, error) {
	params, err := SurrogatePresetParams(preset)
	if err != nil {
		return nil, "", nil, err
	}
	l, err := surrogate.ReadLabels(ctx, labelsPath, nil)
	if err != nil {
		return nil, "", nil, err
	}
	m, err := surrogate.Train(ctx, l.Genotypes, l.ValErrors, surrogate.TrainOptions{Params: &params})
	if err != nil {
		return nil, "", nil, err
	}
	m.Source = l.Source
	desc := fmt.Sprintf("nasred's own surrogate, preset %s (%d trees, %s encoding) trained on %d labelled genotypes from %s",
		preset, m.Forest().NumTrees(), m.Encoding, m.NumTrain, labelsPath)
	return m, desc, l, nil
}

// LoadNB301Study is the NB301 set-up of the notebooks in one call: the
// NASLib files of the benchmark data folder dataDir ("" = resolve, see
// NB301Data), nasred's own surrogate with preset opt.Preset (default
// stumps) trained on the 725 labelled genotypes (OwnSurrogatePreset), and
// NB301Ops with that surrogate on the 11,221 NASLib training genotypes —
// or, when opt.RankBy is RankByLabels and opt.RankLabels is nil, on the
// 725 labelled genotypes themselves, ranked by their labels (the NASLib
// training genotypes have none). It returns the study and the surrogate
// (for the removal experiment or sampling). It takes about 1 s with the
// stumps; opt.Folds > 1 adds the held-out cross-validation of the
// surrogate (about 1 s with the stumps, 2 s with the interaction preset).
func LoadNB301Study(ctx context.Context, dataDir string, opt NB301Options) (*NB301Study, *surrogate.Model, error) {
	archs, labels, err := NB301Data(dataDir)
	if err != nil {
		return nil, nil, err
	}
	if opt.Preset == "" {
		opt.Preset = PresetStumps
	}
	m, desc, l, err := OwnSurrogatePreset(ctx, labels, opt.Preset)
	if err != nil {
		return nil, nil, err
	}
	if opt.RankBy == RankByLabels && opt.RankLabels == nil {
		archs = labels
	}
	a, err := ReadNB301Archs(ctx, archs, nil)
	if err != nil {
		return nil, nil, err
	}
	if opt.TrainLabels == nil {
		opt.TrainLabels = l
	}
	if opt.SurrogateName == "" {
		opt.SurrogateName = opt.Preset
	}
	s, err := NB301Ops(ctx, a, m, desc, opt)
	if err != nil {
		return nil, nil, err
	}
	return s, m, nil
}

// NB301Options parametrises NB301Ops. Zero fields take the paper's values.
type NB301Options struct {
	// Threshold is the importance threshold (default 0.001).
	Threshold float64
	// Select sets the top / bottom fraction (default 5%).
	Select importance.SelectOptions
	// Importance tunes the OI computation.
	Importance importance.Options
	// RankBy chooses the ranking (default RankByAuto); RankLabels, when
	// set, are recorded labels matched to the architectures by genotype
	// (a NASLib labelled file, the official zip or a study's collected
	// labels, read with surrogate.ReadLabels).
	RankBy     RankBy
	RankLabels *surrogate.Labels
	// TrainLabels are the labels the surrogate was trained on: when set,
	// the study checks its predictions against their range and, with
	// Folds > 1, cross-validates the surrogate on them (Limits).
	TrainLabels *surrogate.Labels
	Folds       int
	// SurrogateName is a short name of the surrogate for figure titles
	// (LoadNB301Study: the preset); Preset is the surrogate preset
	// LoadNB301Study trains (default PresetStumps).
	SurrogateName, Preset string
}

// NB301Study is Section 3 of the paper on the DARTS space: OI of the top
// and bottom architectures of a file scored by a surrogate, and
// per-operation summaries of their normal and reduction cells.
type NB301Study struct {
	Archs *NB301Archs
	// Surrogate describes the predictor and SurrogateName names it in
	// short; Ranking describes the errors that ranked the architectures
	// (RankOfficial, RankLabelled, RankSurrogate or the label file) and
	// RankName names the kind in short ("labels" or "surrogate").
	Surrogate, SurrogateName, Ranking, RankName string
	Threshold                                   float64
	// Results[i] is the OI of Archs.Genotypes[i] for i in Top or Bottom;
	// the OI of other architectures is not computed (nil). RankErrors[i]
	// is the ranking error of Archs.Genotypes[i] (NaN when unlabelled);
	// Labelled counts the ranked architectures.
	Results    []importance.Result
	RankErrors []float64
	Labelled   int
	// Top and Bottom are positions in Archs.Genotypes, ascending.
	Top, Bottom []int
	// Ops[c][s] summarises cell c (0 normal, 1 reduce) of set s (0 top
	// with importance OI ≥ Threshold, 1 bottom with OI ≤ −Threshold).
	Ops [2][2][]importance.OpSummary
	// Limits reports the surrogate's limits for the predicted errors of
	// the top and bottom architectures: capacity always, the range check
	// when NB301Options.TrainLabels was set, the held-out correlation
	// when Folds > 1 as well.
	Limits *surrogate.Limits
}

// Caption is the line every NB301 figure and table of the study carries:
// which ranking and surrogate produced it, and how many of the analysed
// predictions lie outside the surrogate's label range.
func (s *NB301Study) Caption() string {
	c := fmt.Sprintf("ranked by %s, %s surrogate", s.RankName, s.SurrogateName)
	if s.Limits != nil && s.Limits.Range.N > 0 {
		c += fmt.Sprintf(", %.0f%% of predictions outside its label range", 100*s.Limits.Range.FracOutside())
	}
	return c
}

// title appends the study's caption to a figure title.
func (s *NB301Study) title(t string) string { return t + "\n(" + s.Caption() + ")" }

var cellNames = [2]string{"normal", "reduce"}

func cellEdges(c int) []int {
	e := make([]int, darts.CellEdges)
	for i := range e {
		e[i] = c*darts.CellEdges + i
	}
	return e
}

// NB301Ops ranks the genotypes of a (opt.RankBy: recorded labels or
// predictor p), selects the top and bottom sets, computes the OI of their
// genotypes with p (described by surrogateDesc) and summarises them per
// operation.
func NB301Ops(ctx context.Context, a *NB301Archs, p darts.Predictor, surrogateDesc string, opt NB301Options) (*NB301Study, error) {
	if opt.Threshold == 0 {
		opt.Threshold = 0.001
	}
	if opt.Threshold < 0 {
		return nil, fmt.Errorf("nb301 study: threshold %v must be positive", opt.Threshold)
	}
	s := &NB301Study{Archs: a, Surrogate: surrogateDesc, SurrogateName: opt.SurrogateName, Threshold: opt.Threshold}
	if s.SurrogateName == "" {
		s.SurrogateName = "given"
	}
	if err := rankStudy(ctx, s, p, opt); err != nil {
		return nil, err
	}
	sel := append(append([]int(nil), s.Top...), s.Bottom...)
	gs := make([]darts.Genotype, len(sel))
	for k, i := range sel {
		gs[k] = a.Genotypes[i]
	}
	res, err := importance.NB301(ctx, p, gs, opt.Importance)
	if err != nil {
		return nil, fmt.Errorf("nb301 study of %s: %w", a.Path, err)
	}
	s.Results = make([]importance.Result, len(a.Genotypes))
	predicted := make([]float64, len(sel))
	for k, i := range sel {
		s.Results[i] = res[k]
		predicted[k] = res[k].Err
	}
	if s.Limits, err = SurrogateLimits(ctx, p, surrogateDesc, opt.TrainLabels, predicted, opt.Folds); err != nil {
		return nil, err
	}
	op := func(i, e int) string { return a.Genotypes[i].Edge(e).Op.String() }
	names := darts.OpNames()
	for c := range 2 {
		for k, sel := range [][]int{s.Top, s.Bottom} {
			th := opt.Threshold
			if k == 1 {
				th = -th
			}
			s.Ops[c][k], err = importance.Summarize(names, op, s.Results, sel, importance.SummaryOptions{Threshold: th, Edges: cellEdges(c)})
			if err != nil {
				return nil, err
			}
		}
	}
	return s, nil
}

// CountFigure is the operation-count bar chart of cell c (0 normal, 1
// reduce) of the top cells: each operation's share among all edges and
// among the important edges (OI ≥ Threshold).
func (s *NB301Study) CountFigure(c int) (*plot.Figure, error) {
	return plot.OpCounts(
		s.title(fmt.Sprintf("NB301 %s cells: operations in the top %d", cellNames[c], len(s.Top))),
		darts.OpNames(),
		[]plot.Series{
			{Name: "all edges", Values: counts(s.Ops[c][0], false)},
			{Name: fmt.Sprintf("important edges (OI ≥ %g)", s.Threshold), Values: counts(s.Ops[c][0], true)},
		},
		plot.BarOptions{Normalize: true})
}

// CountGrid puts the normal and reduce CountFigure side by side.
func (s *NB301Study) CountGrid() (*plot.Grid, error) {
	n, err := s.CountFigure(0)
	if err != nil {
		return nil, err
	}
	r, err := s.CountFigure(1)
	if err != nil {
		return nil, err
	}
	return plot.NewGrid("", [][]*plot.Figure{{n, r}})
}

// ImportantCountFigure compares the number of important edges per
// operation in normal and reduction cells of the top cells.
func (s *NB301Study) ImportantCountFigure() (*plot.Figure, error) {
	return plot.OpCounts(
		s.title(fmt.Sprintf("NB301 top %d: important edges (OI ≥ %g) per operation", len(s.Top), s.Threshold)),
		darts.OpNames(),
		[]plot.Series{
			{Name: "normal cell", Values: counts(s.Ops[0][0], true)},
			{Name: "reduction cell", Values: counts(s.Ops[1][0], true)},
		},
		plot.BarOptions{Annotate: true})
}

func oiValues(sums []importance.OpSummary) [][]float64 {
	v := make([][]float64, len(sums))
	for i, x := range sums {
		v[i] = x.OI
	}
	return v
}

// OIFigure shows the OI per operation of cell c in top and bottom cells as
// box plots, with the band |OI| < Threshold shaded.
func (s *NB301Study) OIFigure(c int) (*plot.Figure, error) {
	return plot.OIBoxes(
		s.title(fmt.Sprintf("NB301 %s cells: operation importance", cellNames[c])),
		darts.OpNames(),
		[]plot.BoxGroup{
			{Name: fmt.Sprintf("top %d", len(s.Top)), Values: oiValues(s.Ops[c][0])},
			{Name: fmt.Sprintf("bottom %d", len(s.Bottom)), Values: oiValues(s.Ops[c][1])},
		},
		s.Threshold, plot.BoxOptions{YScale: plot.SymLog})
}

// SummaryTable lists, per operation of cell c, its count in top and bottom
// cells, how many of those edges are important and the median OI.
func (s *NB301Study) SummaryTable(c int) (headers []string, rows [][]string) {
	headers = []string{cellNames[c] + " cell: operation",
		"top: edges", fmt.Sprintf("top: OI ≥ %g", s.Threshold), "top: median OI",
		"bottom: edges", fmt.Sprintf("bottom: OI ≤ −%g", s.Threshold), "bottom: median OI"}
	f := func(x float64) string {
		if x != x {
			return "–"
		}
		return strconv.FormatFloat(x, 'f', 4, 64)
	}
	for i := range s.Ops[c][0] {
		t, b := s.Ops[c][0][i], s.Ops[c][1][i]
		rows = append(rows, []string{t.Op,
			strconv.Itoa(t.Count), strconv.Itoa(t.Important), f(t.Median),
			strconv.Itoa(b.Count), strconv.Itoa(b.Important), f(b.Median)})
	}
	return headers, rows
}

// InBand returns the fraction of the edges of cell c (0 normal, 1 reduce)
// of the top cells whose OI lies inside |OI| < Threshold.
func (s *NB301Study) InBand(c int) float64 {
	return importance.BandShare(s.Ops[c][0], s.Threshold)
}

// Skip-connection categories of SkipStats.
var (
	// SkipCellKinds classify a normal cell by its skip connections from
	// the cell inputs.
	SkipCellKinds = []string{"no skip from inputs", "input 0 only", "input 1 only", "inputs 0 and 1"}
	// SkipSources classify a skip edge by the node it reads.
	SkipSources = []string{"from input 0", "from input 1", "from a node"}
)

// SkipStats is the skip-connection analysis of the normal cells of a set:
// how many cells have skip connections from input 0, input 1 or both,
// and the OI of skip edges by source.
type SkipStats struct {
	// Cells[k] counts the cells of kind SkipCellKinds[k].
	Cells []int
	// OI[k] holds the OI of the skip edges of source SkipSources[k].
	OI [][]float64
}

// Skips computes SkipStats of the normal cells of positions sel.
func (s *NB301Study) Skips(sel []int) SkipStats {
	st := SkipStats{Cells: make([]int, len(SkipCellKinds)), OI: make([][]float64, len(SkipSources))}
	for _, i := range sel {
		g := s.Archs.Genotypes[i]
		var from [2]bool
		for e := range darts.CellEdges {
			ed := g.Edge(e)
			if ed.Op != darts.SkipConnect {
				continue
			}
			src := min(ed.Input, 2)
			if ed.Input < 2 {
				from[ed.Input] = true
			}
			st.OI[src] = append(st.OI[src], s.Results[i].OI[e])
		}
		k := 0
		switch {
		case from[0] && from[1]:
			k = 3
		case from[0]:
			k = 1
		case from[1]:
			k = 2
		}
		st.Cells[k]++
	}
	return st
}

// SkipFigures draws the skip-connection analysis of the normal cells, top
// against bottom: the share of cells with skips from input 0 / input 1 /
// both, and box plots of the OI of skip edges by source.
func (s *NB301Study) SkipFigures() (kinds, oi *plot.Figure, err error) {
	top, bot := s.Skips(s.Top), s.Skips(s.Bottom)
	f := func(v []int) []float64 {
		out := make([]float64, len(v))
		for i, x := range v {
			out[i] = float64(x)
		}
		return out
	}
	kinds, err = plot.Bars(s.title("NB301 normal cells: skip connections from the cell inputs"), SkipCellKinds,
		[]plot.Series{{Name: fmt.Sprintf("top %d", len(s.Top)), Values: f(top.Cells)}, {Name: fmt.Sprintf("bottom %d", len(s.Bottom)), Values: f(bot.Cells)}},
		plot.BarOptions{Normalize: true, YLabel: "fraction of cells", XLabel: "skip connections"})
	if err != nil {
		return nil, nil, err
	}
	oi, err = plot.OIBoxes(s.title("NB301 normal cells: OI of skip connections by source"), SkipSources,
		[]plot.BoxGroup{{Name: fmt.Sprintf("top %d", len(s.Top)), Values: top.OI}, {Name: fmt.Sprintf("bottom %d", len(s.Bottom)), Values: bot.OI}},
		s.Threshold, plot.BoxOptions{YScale: plot.SymLog, XLabel: "skip connection", ShowCounts: true})
	return kinds, oi, err
}
