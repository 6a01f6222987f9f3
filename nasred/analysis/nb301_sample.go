package analysis

import (
	"bufio"
	"context"
	"fmt"
	"image/color"
	"io"
	"math"

	"github.com/nasred/nasred/nasred/atomicfile"
	"github.com/nasred/nasred/nasred/plot"
	"github.com/nasred/nasred/nasred/space/darts"
)

// SampleFile runs "nasred sample": it writes opt.N genotypes to the file
// out (atomically: a failed run leaves no partial file) or, when out is
// "", to stdout (buffered, flushed at the end).
func SampleFile(ctx context.Context, opt darts.SampleOptions, out string, stdout io.Writer) error {
	if out != "" {
		return atomicfile.Write(out, func(w io.Writer) error { return darts.WriteSamples(ctx, w, opt) })
	}
	bw := bufio.NewWriter(stdout)
	if err := darts.WriteSamples(ctx, bw, opt); err != nil {
		return err
	}
	return bw.Flush()
}

// NB301Samples are predicted errors of genotypes drawn by the built-in
// constrained samplers (paper §5).
type NB301Samples struct {
	// Constraints are the sampler names; Genotypes[k] and Errors[k] the
	// samples of Constraints[k] and their predicted validation errors.
	Constraints []string
	Genotypes   [][]darts.Genotype
	Errors      [][]float64
	Surrogate   string
}

// SampleNB301 is the sampling study of the paper (Section 5): n genotypes
// per constraint (darts.SampleConstraints; constraint k seeded with
// seed+k) and their validation error predicted by p.
func SampleNB301(ctx context.Context, p darts.Predictor, surrogateDesc string, constraints []string, n int, seed uint64) (*NB301Samples, error) {
	samples, err := darts.SampleConstraints(ctx, constraints, n, seed)
	if err != nil {
		return nil, err
	}
	out := &NB301Samples{Constraints: constraints, Surrogate: surrogateDesc}
	for k, c := range constraints {
		gs := samples[k]
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
