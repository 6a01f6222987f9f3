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
	"github.com/nasred/nasred/nasred/importance"
	"github.com/nasred/nasred/nasred/removal"
)

// NB301RemovalFileOptions are the settings of "nasred removal"; every flag
// is a field.
type NB301RemovalFileOptions struct {
	// Archs, Surrogate and DataDir are as in NB301ImportanceOptions.
	Archs, Surrogate, DataDir string
	// Fraction is the top fraction the architectures are chosen from
	// (default 0.05).
	Fraction float64
	// Removal sets N (default 40), Seed and MaxRemoved (default 8).
	Removal NB301RemovalOptions
	// Out is the output folder: trials.csv, steps.csv, removal.png,
	// removal.svg and meta.json.
	Out string
	// Progress, if not nil, receives progress messages.
	Progress func(msg string)
}

// NB301RemovalFile runs "nasred removal": OI of every architecture of
// o.Archs with o.Surrogate, the removal experiment on N seeded top
// architectures, and its tables and figure in o.Out.
func NB301RemovalFile(ctx context.Context, o NB301RemovalFileOptions) (*removal.Result, *NB301Study, error) {
	switch {
	case o.Archs == "":
		return nil, nil, fmt.Errorf("no architecture file given (--archs)")
	case o.Surrogate == "":
		return nil, nil, fmt.Errorf("no surrogate given (--surrogate MODEL: a nasred model file or an official ensemble folder)")
	case o.Out == "":
		return nil, nil, fmt.Errorf("no output folder given (--out DIR)")
	}
	say := func(format string, args ...any) {
		if o.Progress != nil {
			o.Progress(fmt.Sprintf(format, args...))
		}
	}
	a, err := ReadNB301Archs(ctx, o.Archs, nil)
	if err != nil {
		return nil, nil, err
	}
	say("read %d genotypes from %s (%s)", len(a.Genotypes), o.Archs, a.Format)
	p, err := LoadSurrogate(ctx, o.Surrogate, o.DataDir)
	if err != nil {
		return nil, nil, err
	}
	s, err := NB301Ops(ctx, a, p, o.Surrogate, NB301Options{Select: importance.SelectOptions{Fraction: o.Fraction}})
	if err != nil {
		return nil, nil, err
	}
	say("ranking: %s; top %d", s.Ranking, len(s.Top))
	r, chosen, err := NB301Removal(ctx, s, p, o.Removal)
	if err != nil {
		return nil, nil, err
	}
	if err := os.MkdirAll(o.Out, 0o755); err != nil {
		return nil, nil, fmt.Errorf("removal: %w", err)
	}
	err = atomicfile.Write(filepath.Join(o.Out, "trials.csv"), func(w io.Writer) error {
		return writeTrials(w, r, a, chosen)
	})
	if err != nil {
		return nil, nil, err
	}
	err = atomicfile.Write(filepath.Join(o.Out, "steps.csv"), func(w io.Writer) error { return writeSteps(w, r) })
	if err != nil {
		return nil, nil, err
	}
	f, err := RemovalFigure(r, fmt.Sprintf("Removing edges from %d top NB301 architectures", len(r.Trials)))
	if err != nil {
		return nil, nil, err
	}
	for _, ext := range []string{"png", "svg"} {
		if err := f.Save(filepath.Join(o.Out, "removal."+ext)); err != nil {
			return nil, nil, err
		}
	}
	meta := map[string]any{
		"archs": o.Archs, "archs_format": a.Format, "num_archs": len(a.Genotypes),
		"surrogate": o.Surrogate, "ranking": s.Ranking, "top": len(s.Top),
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
			ord := "least_first"
			if o == removal.MostFirst {
				ord = "most_first"
			}
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
