package analysis

import (
	"bufio"
	"context"
	"fmt"
	"image/color"
	"io"
	"math"
	"strings"

	"github.com/nasred/nasred/nasred/atomicfile"
	"github.com/nasred/nasred/nasred/plot"
	"github.com/nasred/nasred/nasred/space/darts"
	"github.com/nasred/nasred/nasred/surrogate"
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
	// Mode is ModeCorrected or ModeOriginal (the wiring of the Skip and
	// PrimSkip samplers, see NB301SampleOptions).
	Mode string
	// Range[k] checks Errors[k] against the range of the labels the
	// surrogate was trained on (nil without NB301SampleOptions.TrainLabels).
	Range []surrogate.RangeCheck
}

// NB301SampleOptions parametrise SampleNB301.
type NB301SampleOptions struct {
	// Constraints are built-in constraint names (darts.BuiltinNames); N
	// genotypes are drawn under each, constraint k seeded with Seed+k.
	Constraints []string
	N           int
	Seed        uint64
	// Mode ModeOriginal draws Skip and PrimSkip with the reference code's
	// wiring (darts.WiringOriginal: node 3 reads the two cell inputs, node
	// 4 never node 3, node 5 never node 4), as its
	// get_constrained_random_arch did; Random and Prim were correctly
	// wired there and stay so. ModeCorrected ("") wires every sampler as
	// paper §5 says.
	Mode string
	// TrainLabels, when set, are the label errors the surrogate was
	// trained on: each constraint's predictions are checked against their
	// range (NB301Samples.Range).
	TrainLabels []float64
}

// originalWiring lists the samplers the reference code wired with its
// off-by-one.
var originalWiring = map[string]bool{"skip": true, "primskip": true}

// SampleNB301 is the sampling study of the paper (Section 5): opt.N
// genotypes per constraint and their validation error predicted by p.
func SampleNB301(ctx context.Context, p darts.Predictor, surrogateDesc string, opt NB301SampleOptions) (*NB301Samples, error) {
	if opt.N <= 0 {
		return nil, fmt.Errorf("sample: n = %d, want > 0", opt.N)
	}
	if opt.Mode == "" {
		opt.Mode = ModeCorrected
	}
	if opt.Mode != ModeCorrected && opt.Mode != ModeOriginal {
		return nil, fmt.Errorf("sample: unknown mode %q (want original or corrected)", opt.Mode)
	}
	out := &NB301Samples{Constraints: opt.Constraints, Surrogate: surrogateDesc, Mode: opt.Mode}
	for k, c := range opt.Constraints {
		so := darts.SampleOptions{Constraint: c, N: opt.N, Seed: opt.Seed + uint64(k)}
		if opt.Mode == ModeOriginal && originalWiring[c] {
			so.Wiring = darts.WiringOriginal
		}
		gs, err := darts.SampleN(ctx, so)
		if err != nil {
			return nil, fmt.Errorf("sample %s: %w", c, err)
		}
		errs := make([]float64, len(gs))
		if err := p.PredictErrors(ctx, gs, errs); err != nil {
			return nil, fmt.Errorf("predict %s samples: %w", c, err)
		}
		out.Genotypes = append(out.Genotypes, gs)
		out.Errors = append(out.Errors, errs)
		if opt.TrainLabels != nil {
			rc, err := surrogate.CheckRange(opt.TrainLabels, errs)
			if err != nil {
				return nil, fmt.Errorf("sample %s: %w", c, err)
			}
			out.Range = append(out.Range, rc)
		}
	}
	return out, nil
}

// Figure draws the predicted validation error (percent) per constraint as
// box plots; the title names the mode and the share of predictions below
// the surrogate's label range.
func (s *NB301Samples) Figure() (*plot.Figure, error) {
	vals := make([][]float64, len(s.Errors))
	for k, e := range s.Errors {
		for _, v := range e {
			vals[k] = append(vals[k], 100*v)
		}
	}
	title := fmt.Sprintf("Predicted validation error of %d samples per constraint (%s wiring)", len(s.Errors[0]), s.Mode)
	if len(s.Range) > 0 {
		var parts []string
		for k, r := range s.Range {
			parts = append(parts, fmt.Sprintf("%s %.0f%%", s.Constraints[k], 100*r.FracOutside()))
		}
		title += fmt.Sprintf("\noutside the surrogate's label range [%.2f, %.2f]%%: %s", 100*s.Range[0].LabelMin, 100*s.Range[0].LabelMax, strings.Join(parts, ", "))
	}
	return plot.OIBoxes(title,
		s.Constraints, []plot.BoxGroup{{Name: "predicted", Values: vals}}, 0,
		plot.BoxOptions{XLabel: "constraint", YLabel: "predicted validation error (%)", ShowCounts: true,
			Colors: []color.Color{plot.SeriesColor(0)}})
}

// Table summarises each constraint's predicted error (percent): mean, sd,
// min, median, max, and, when the range was checked, the share of
// predictions below and above the surrogate's label range (extrapolations,
// flagged with "!" when any).
func (s *NB301Samples) Table() (headers []string, rows [][]string) {
	headers = []string{"constraint", "wiring", "n", "mean (%)", "sd (%)", "min (%)", "median (%)", "max (%)"}
	if len(s.Range) > 0 {
		headers = append(headers, "below label range (%)", "above (%)")
	}
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
		wiring := "all"
		if s.Mode == ModeOriginal && originalWiring[c] {
			wiring = "original"
		}
		row := []string{c, wiring, fmt.Sprint(len(v)), f3(mean), f3(sd), f3(st.Min), f3(st.Median), f3(st.Max)}
		if k < len(s.Range) {
			r := s.Range[k]
			flag := ""
			if r.Below+r.Above > 0 {
				flag = " !"
			}
			row = append(row, fmt.Sprintf("%.1f%s", 100*r.FracBelow(), flag), fmt.Sprintf("%.1f", 100*r.FracAbove()))
		}
		rows = append(rows, row)
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
