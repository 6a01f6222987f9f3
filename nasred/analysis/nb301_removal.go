package analysis

import (
	"context"
	"fmt"
	"image/color"
	"math"

	"github.com/nasred/nasred/nasred/plot"
	"github.com/nasred/nasred/nasred/removal"
	"github.com/nasred/nasred/nasred/space/darts"
)

// NB301RemovalOptions parametrise NB301Removal.
type NB301RemovalOptions struct {
	// N is the number of top architectures pruned (default 40) and Seed
	// seeds their choice.
	N    int
	Seed uint64
	// MaxRemoved is the number of edges removed at most (default 8).
	MaxRemoved int
}

// NB301Removal runs the removal experiment (paper.md §4) on N seeded top
// architectures of study s, re-scoring the pruned genotypes with p (which
// must accept `none` edges, as nasred's own surrogate does).
func NB301Removal(ctx context.Context, s *NB301Study, p removal.Predictor, opt NB301RemovalOptions) (*removal.Result, []int, error) {
	if opt.N == 0 {
		opt.N = 40
	}
	if opt.N < 0 {
		return nil, nil, fmt.Errorf("removal: N = %d architectures, want > 0", opt.N)
	}
	pick := removal.Choose(len(s.Top), opt.N, opt.Seed)
	var gs []darts.Genotype
	var ois [][]float64
	var chosen []int
	for _, k := range pick {
		i := s.Top[k]
		chosen = append(chosen, i)
		gs = append(gs, s.Archs.Genotypes[i])
		ois = append(ois, s.Results[i].OI)
	}
	r, err := removal.Run(ctx, p, gs, ois, removal.Options{MaxRemoved: opt.MaxRemoved})
	return r, chosen, err
}

// NB301Samples are predicted errors of genotypes drawn by the built-in
// constrained samplers (paper.md §6).
type NB301Samples struct {
	// Constraints are the sampler names; Genotypes[k] and Errors[k] the
	// samples of Constraints[k] and their predicted validation errors.
	Constraints []string
	Genotypes   [][]darts.Genotype
	Errors      [][]float64
	Surrogate   string
}

// SampleNB301 draws n genotypes per constraint (seeded; constraint k uses
// seed+k) and predicts their validation error with p.
func SampleNB301(ctx context.Context, p removal.Predictor, surrogateDesc string, constraints []string, n int, seed uint64) (*NB301Samples, error) {
	if n <= 0 {
		return nil, fmt.Errorf("sample: n = %d, want > 0", n)
	}
	out := &NB301Samples{Constraints: constraints, Surrogate: surrogateDesc}
	for k, c := range constraints {
		gs, err := darts.SampleN(ctx, darts.SampleOptions{Constraint: c, N: n, Seed: seed + uint64(k)})
		if err != nil {
			return nil, fmt.Errorf("sample %s: %w", c, err)
		}
		errs := make([]float64, len(gs))
		if err := p.PredictErrors(ctx, gs, errs); err != nil {
			return nil, fmt.Errorf("predict %s samples: %w", c, err)
		}
		out.Genotypes = append(out.Genotypes, gs)
		out.Errors = append(out.Errors, errs)
	}
	return out, nil
}

// Figure draws the predicted validation error (percent) per constraint as
// box plots.
func (s *NB301Samples) Figure() (*plot.Figure, error) {
	vals := make([][]float64, len(s.Errors))
	for k, e := range s.Errors {
		for _, v := range e {
			vals[k] = append(vals[k], 100*v)
		}
	}
	return plot.OIBoxes(fmt.Sprintf("Predicted validation error of %d samples per constraint", len(s.Errors[0])),
		s.Constraints, []plot.BoxGroup{{Name: "predicted", Values: vals}}, 0,
		plot.BoxOptions{XLabel: "constraint", YLabel: "predicted validation error (%)", ShowCounts: true,
			Colors: []color.Color{plot.SeriesColor(0)}})
}

// Table summarises each constraint's predicted error (percent): mean, sd,
// min, median, max.
func (s *NB301Samples) Table() (headers []string, rows [][]string) {
	headers = []string{"constraint", "n", "mean (%)", "sd (%)", "min (%)", "median (%)", "max (%)"}
	for k, c := range s.Constraints {
		v := make([]float64, len(s.Errors[k]))
		for i, e := range s.Errors[k] {
			v[i] = 100 * e
		}
		st, err := plot.NewBoxStats(v)
		mean, sd := meanSD(v)
		if err != nil {
			continue
		}
		rows = append(rows, []string{c, fmt.Sprint(len(v)), f3(mean), f3(sd), f3(st.Min), f3(st.Median), f3(st.Max)})
	}
	return headers, rows
}

func f3(x float64) string { return fmt.Sprintf("%.3f", x) }

func meanSD(v []float64) (float64, float64) {
	var m float64
	for _, x := range v {
		m += x
	}
	m /= float64(len(v))
	var ss float64
	for _, x := range v {
		ss += (x - m) * (x - m)
	}
	if len(v) < 2 {
		return m, 0
	}
	return m, math.Sqrt(ss / float64(len(v)-1))
}
