package analysis

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/nasred/nasred/nasred/atomicfile"
	"github.com/nasred/nasred/nasred/importance"
	"github.com/nasred/nasred/nasred/space/darts"
)

// Ranking sources reported by NB301Importance (which errors ordered the
// architectures for the top / bottom / middle selections).
const (
	RankOfficial  = "official validation accuracy (NB301 training data)"
	RankLabelled  = "NASLib labelled val_accuracy (most likely NB301 surrogate predictions)"
	RankSurrogate = "surrogate-predicted validation error"
	RankNone      = "none (all architectures)"
)

// NB301SelectDefaults returns the paper's NB301 selection settings: top
// and bottom 5%, a 10% sample of the middle, a uniform sample of 2,000.
func NB301SelectDefaults() importance.SelectOptions {
	return importance.SelectOptions{Fraction: 0.05, MiddleFraction: 0.10, N: 2000}
}

// NB301ImportanceOptions are the settings of "nasred importance nb301";
// every flag is a field.
type NB301ImportanceOptions struct {
	// Archs is the architecture file (--archs; see ReadNB301Archs).
	Archs string
	// Surrogate is a nasred model file or an official ensemble folder
	// (--surrogate; see surrogate.Load).
	Surrogate string
	// Out is the CSV file to write (--out); a sidecar Out+".meta.json"
	// records the inputs, the ranking source and the counts.
	Out string
	// DataDir is the benchmark data folder for the official surrogate's
	// ConfigSpace (--data; "" = resolve).
	DataDir string
	// Select picks the architectures written (--select, default All);
	// SelectOptions its parameters (--fraction, --middle-fraction, --n,
	// --seed); zero fields take NB301SelectDefaults.
	Select        importance.Selection
	SelectOptions importance.SelectOptions
	// Workers and BatchSize tune importance.Compute (0 = defaults).
	Workers, BatchSize int
	// Progress, if not nil, receives progress messages.
	Progress func(msg string)
}

// NB301ImportanceResult is the outcome of NB301Importance.
type NB301ImportanceResult struct {
	Archs *NB301Archs
	// Ranking says which errors ranked the architectures (a Rank
	// constant), RankErrors holds them (nil for RankNone).
	Ranking    string
	RankErrors []float64
	Selection  importance.Selection
	// Picked are positions in Archs.Genotypes, ascending; Results[k] is
	// the OI of Archs.Genotypes[Picked[k]].
	Picked  []int
	Results []importance.Result
}

// Rows returns the CSV rows of the result (index, compact genotype, OI),
// sorted by index.
func (r *NB301ImportanceResult) Rows() []importance.Row {
	rows := make([]importance.Row, len(r.Picked))
	for k, i := range r.Picked {
		rows[k] = importance.Row{Index: r.Archs.Index[i], Arch: r.Archs.Genotypes[i].CompactString(), Result: r.Results[k]}
	}
	slices.SortStableFunc(rows, func(a, b importance.Row) int { return a.Index - b.Index })
	return rows
}

// NB301Importance selects architectures of a and computes the OI of their
// 16 edges with predictor p. The ranking for Top / Bottom / Middle comes
// from the file's labels when it has them (official zip: validation
// accuracy; NASLib labelled JSON: val_accuracy), otherwise from p's
// predictions for every architecture; the result says which.
func NB301Importance(ctx context.Context, p darts.Predictor, a *NB301Archs, sel importance.Selection, so importance.SelectOptions, opt importance.Options) (*NB301ImportanceResult, error) {
	def := NB301SelectDefaults()
	if so.Fraction == 0 {
		so.Fraction = def.Fraction
	}
	if so.MiddleFraction == 0 {
		so.MiddleFraction = def.MiddleFraction
	}
	if so.N == 0 {
		so.N = def.N
	}
	r := &NB301ImportanceResult{Archs: a, Selection: sel, Ranking: RankNone}
	switch {
	case sel == importance.All || sel == importance.Uniform:
		// Rank-free selections.
	case a.ValErrors != nil && a.Format == FormatZip:
		r.Ranking, r.RankErrors = RankOfficial, a.ValErrors
	case a.ValErrors != nil:
		r.Ranking, r.RankErrors = RankLabelled, a.ValErrors
	default:
		r.Ranking = RankSurrogate
		r.RankErrors = make([]float64, len(a.Genotypes))
		if err := p.PredictErrors(ctx, a.Genotypes, r.RankErrors); err != nil {
			return nil, fmt.Errorf("rank %s by the surrogate: %w", a.Path, err)
		}
	}
	errs := r.RankErrors
	if errs == nil {
		errs = make([]float64, len(a.Genotypes)) // only the length matters
	}
	picked, err := importance.Select(errs, sel, so)
	if err != nil {
		return nil, err
	}
	r.Picked = picked
	gs := make([]darts.Genotype, len(picked))
	for k, i := range picked {
		gs[k] = a.Genotypes[i]
	}
	if r.Results, err = importance.NB301(ctx, p, gs, opt); err != nil {
		return nil, fmt.Errorf("operation importance of %s: %w", a.Path, err)
	}
	return r, nil
}

// nb301Meta is the JSON sidecar of "nasred importance nb301".
type nb301Meta struct {
	Archs          string   `json:"archs"`
	ArchsFormat    string   `json:"archs_format"`
	NumArchs       int      `json:"num_archs"`
	Skipped        []string `json:"skipped,omitempty"`
	Surrogate      string   `json:"surrogate"`
	Selection      string   `json:"selection"`
	Fraction       float64  `json:"fraction"`
	MiddleFraction float64  `json:"middle_fraction"`
	N              int      `json:"n"`
	Seed           uint64   `json:"seed"`
	Ranking        string   `json:"ranking"`
	Rows           int      `json:"rows"`
	Predictions    int      `json:"predictions"`
	Seconds        float64  `json:"seconds"`
}

// NB301ImportanceFile runs "nasred importance nb301": it reads o.Archs,
// loads o.Surrogate, runs NB301Importance and writes o.Out (columns
// index,genotype,err,oi0..oi15; genotype in NASLib compact form, err the
// surrogate's prediction) and o.Out+".meta.json".
func NB301ImportanceFile(ctx context.Context, o NB301ImportanceOptions) (*NB301ImportanceResult, error) {
	start := time.Now()
	if o.Archs == "" {
		return nil, fmt.Errorf("no architecture file given (--archs)")
	}
	if o.Surrogate == "" {
		return nil, fmt.Errorf("no surrogate given (--surrogate MODEL: a nasred model file or an official ensemble folder)")
	}
	if o.Out == "" {
		return nil, fmt.Errorf("no output file given (--out FILE.csv)")
	}
	say := func(format string, args ...any) {
		if o.Progress != nil {
			o.Progress(fmt.Sprintf(format, args...))
		}
	}
	a, err := ReadNB301Archs(ctx, o.Archs, nil)
	if err != nil {
		return nil, err
	}
	say("read %d genotypes from %s (%s)", len(a.Genotypes), o.Archs, a.Format)
	for _, s := range a.Skipped {
		say("skipped %s", s)
	}
	p, err := LoadSurrogate(ctx, o.Surrogate, o.DataDir)
	if err != nil {
		return nil, err
	}
	last := -1
	opt := importance.Options{Workers: o.Workers, BatchSize: o.BatchSize, Progress: func(done, total int) {
		if pct := 10 * done / max(total, 1); pct != last {
			last = pct
			say("importance: %d/%d genotypes (%.1f s)", done, total, time.Since(start).Seconds())
		}
	}}
	if o.Progress == nil {
		opt.Progress = nil
	}
	so := o.SelectOptions
	r, err := NB301Importance(ctx, p, a, o.Select, so, opt)
	if err != nil {
		return nil, err
	}
	say("ranking: %s", r.Ranking)
	rows := r.Rows()
	if err := atomicfile.Write(o.Out, func(w io.Writer) error { return importance.WriteCSV(w, "genotype", rows) }); err != nil {
		return nil, err
	}
	def := NB301SelectDefaults()
	meta := nb301Meta{
		Archs: o.Archs, ArchsFormat: a.Format, NumArchs: len(a.Genotypes), Skipped: a.Skipped,
		Surrogate: o.Surrogate, Selection: o.Select.String(),
		Fraction: or(so.Fraction, def.Fraction), MiddleFraction: or(so.MiddleFraction, def.MiddleFraction),
		N: int(or(float64(so.N), float64(def.N))), Seed: so.Seed,
		Ranking: r.Ranking, Rows: len(rows), Seconds: time.Since(start).Seconds(),
	}
	for k := range r.Picked {
		meta.Predictions += 1 + countNeighbours(a.Genotypes[r.Picked[k]])
	}
	b, err := json.MarshalIndent(meta, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := atomicfile.WriteBytes(o.Out+".meta.json", append(b, '\n')); err != nil {
		return nil, err
	}
	return r, nil
}

func or(v, def float64) float64 {
	if v == 0 {
		return def
	}
	return v
}

// countNeighbours is the number of neighbours importance.NB301 scores for g.
func countNeighbours(g darts.Genotype) int {
	n := 0
	for e := range darts.NumEdges {
		n += darts.NeighbourCount(e)
		if g.Edge(e).Op == darts.None {
			n++
		}
	}
	return n
}
