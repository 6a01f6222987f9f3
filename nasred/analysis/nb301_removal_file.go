package analysis

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"

	"github.com/nasred/nasred/nasred/atomicfile"
	"github.com/nasred/nasred/nasred/removal"
)

// NB301RemovalFileOptions are the settings of "nasred removal"; every flag
// is a field.
type NB301RemovalFileOptions struct {
	// Source gives the genotypes (required: Source.Archs), the surrogate
	// (required: Source.Surrogate), the ranking, the labels the limits are
	// checked against and the top fraction (default 0.05).
	Source NB301Source
	// Removal sets N (default 40), Seed and MaxRemoved (default 8).
	Removal NB301RemovalOptions
	// Out is the output folder: trials.csv, steps.csv (the two orders
	// compared pairwise), original_steps.csv (the reference code's
	// statistics), removal.png, removal.svg (both side by side) and
	// meta.json.
	Out string
	// Progress, if not nil, receives progress messages.
	Progress func(msg string)
}

// NB301RemovalFile runs "nasred removal": OI of the top and bottom
// architectures of o.Source, the removal experiment on N seeded top
// architectures, and its tables and figure in o.Out.
func NB301RemovalFile(ctx context.Context, o NB301RemovalFileOptions) (*removal.Result, *NB301Study, error) {
	switch {
	case o.Source.Archs == "":
		return nil, nil, fmt.Errorf("no architecture file given (--archs)")
	case o.Source.Surrogate == "":
		return nil, nil, fmt.Errorf("no surrogate given (--surrogate MODEL: a nasred model file or an official ensemble folder)")
	case o.Out == "":
		return nil, nil, fmt.Errorf("no output folder given (--out DIR)")
	}
	s, p, err := o.Source.Study(ctx, o.Progress)
	if err != nil {
		return nil, nil, err
	}
	r, chosen, err := NB301Removal(ctx, s, p, o.Removal)
	if err != nil {
		return nil, nil, err
	}
	if err := os.MkdirAll(o.Out, 0o755); err != nil {
		return nil, nil, fmt.Errorf("removal: %w", err)
	}
	files := []struct {
		name  string
		write func(io.Writer) error
	}{
		{"trials.csv", func(w io.Writer) error { return writeTrials(w, r, s.Archs, chosen) }},
		{"steps.csv", func(w io.Writer) error { return writeSteps(w, r) }},
		{"original_steps.csv", func(w io.Writer) error { return writeOriginalSteps(w, r) }},
	}
	for _, f := range files {
		if err := atomicfile.Write(filepath.Join(o.Out, f.name), f.write); err != nil {
			return nil, nil, err
		}
	}
	g, err := RemovalGrid(r, s.Caption())
	if err != nil {
		return nil, nil, err
	}
	for _, ext := range []string{"png", "svg"} {
		if err := g.Save(filepath.Join(o.Out, "removal."+ext)); err != nil {
			return nil, nil, err
		}
	}
	meta := map[string]any{
		"archs": s.Archs.Path, "archs_format": s.Archs.Format, "num_archs": len(s.Archs.Genotypes),
		"surrogate": s.Surrogate, "surrogate_limits": s.Limits.String(), "ranking": s.Ranking, "top": len(s.Top),
		"n": len(r.Trials), "seed": o.Removal.Seed, "max_removed": r.MaxRemoved,
	}
	b, err := json.MarshalIndent(meta, "", "  ")
	if err != nil {
		return nil, nil, err
	}
	if err := atomicfile.WriteBytes(filepath.Join(o.Out, "meta.json"), append(b, '\n')); err != nil {
		return nil, nil, err
	}
	return r, s, nil
}

// writeTrials writes one row per trial, order and step:
// trial,index,genotype,order,k,edge,err,acc_change (k = 0 is the unpruned
// genotype, edge −1).
func writeTrials(w io.Writer, r *removal.Result, a *NB301Archs, chosen []int) error {
	buf := []byte("trial,index,genotype,order,k,edge,err,acc_change\n")
	g := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	for t, tr := range r.Trials {
		for _, o := range removal.Orders() {
			ord := orderName(o)
			for k := 0; k <= r.MaxRemoved; k++ {
				e, errK := -1, tr.BaseErr
				if k > 0 {
					e, errK = tr.Edges[o][k-1], tr.Err[o][k-1]
				}
				buf = fmt.Appendf(buf, "%d,%d,%q,%s,%d,%d,%s,%s\n", t, a.Index[chosen[t]], tr.Genotype.CompactString(), ord, k, e,
					g(errK), g(100*(tr.BaseErr-errK)))
			}
		}
	}
	_, err := w.Write(buf)
	return err
}

// writeSteps writes the per-step comparison of the two orders.
func writeSteps(w io.Writer, r *removal.Result) error {
	buf := []byte("k,mean_least,sd_least,mean_most,sd_most,wilcoxon_w,wilcoxon_p,wilcoxon_exact,t,t_df,t_p\n")
	g := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	for _, s := range r.Steps() {
		ww, wp, wx, t, df, tp := "", "", "", "", "", ""
		if s.WilcoxonErr == nil {
			ww, wp, wx = g(s.Wilcoxon.Statistic), g(s.Wilcoxon.P), strconv.FormatBool(s.Wilcoxon.Exact)
		}
		if s.TErr == nil {
			t, df, tp = g(s.T.T), g(s.T.DF), g(s.T.P)
		}
		buf = fmt.Appendf(buf, "%d,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\n", s.K, g(s.MeanLeast), g(s.SDLeast), g(s.MeanMost), g(s.SDMost), ww, wp, wx, t, df, tp)
	}
	_, err := w.Write(buf)
	return err
}

// writeOriginalSteps writes the reference code's statistics per order and
// step (removal.OriginalSteps): order,k,n,median,p30,p70,wilcoxon_w,
// wilcoxon_p,wilcoxon_exact,marked (p < 0.01; alternative 'less').
func writeOriginalSteps(w io.Writer, r *removal.Result) error {
	buf := []byte("order,k,n,median,p30,p70,wilcoxon_w,wilcoxon_p,wilcoxon_exact,marked\n")
	g := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	for _, o := range removal.Orders() {
		for _, s := range r.OriginalSteps(o) {
			ww, wp, wx := "", "", ""
			if s.WilcoxonErr == nil {
				ww, wp, wx = g(s.Wilcoxon.Statistic), g(s.Wilcoxon.P), strconv.FormatBool(s.Wilcoxon.Exact)
			}
			buf = fmt.Appendf(buf, "%s,%d,%d,%s,%s,%s,%s,%s,%s,%t\n", orderName(o), s.K, s.N, g(s.Median), g(s.P30), g(s.P70), ww, wp, wx, s.Marked)
		}
	}
	_, err := w.Write(buf)
	return err
}

// orderName is the CSV name of a removal order.
func orderName(o removal.Order) string {
	if o == removal.MostFirst {
		return "most_first"
	}
	return "least_first"
}
