package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/nasred/nasred/nasred/analysis"
	"github.com/nasred/nasred/nasred/removal"
)

// runRemoval implements "nasred removal": the removal experiment of
// paper §3 on NB301 genotypes scored by a surrogate.
func runRemoval(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("removal", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o analysis.NB301RemovalFileOptions
	ranking := nb301SourceFlags(fs, &o.Source, false)
	fs.IntVar(&o.Removal.N, "n", 40, "number of top architectures pruned")
	fs.Uint64Var(&o.Removal.Seed, "seed", 0, "seed of the choice of architectures")
	fs.IntVar(&o.Removal.MaxRemoved, "max-removed", 8, "edges removed at most")
	fs.StringVar(&o.Out, "out", "", "output folder (required): trials.csv, steps.csv, original_steps.csv, removal.png/.svg, meta.json")
	quiet := fs.Bool("q", false, "no progress messages on stderr")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if err := ranking(); err != nil {
		return err
	}
	if !*quiet {
		o.Progress = func(msg string) { fmt.Fprintln(stderr, msg) }
	}
	r, s, err := analysis.NB301RemovalFile(ctx, o)
	if err != nil {
		return err
	}
	last := r.Steps()[r.MaxRemoved-1]
	fmt.Fprintf(stdout, "%d architectures (ranking: %s); after %d removals: least first %+.3f ± %.3f pp, most first %+.3f ± %.3f pp, Wilcoxon p=%.3g, t-test p=%.3g; wrote %s\n",
		len(r.Trials), s.Ranking, last.K, last.MeanLeast, last.SDLeast, last.MeanMost, last.SDMost, last.Wilcoxon.P, last.T.P, o.Out)
	for _, ord := range removal.Orders() {
		fmt.Fprintf(stdout, "original statistics, %s: median (30th, 70th pct), one-sample Wilcoxon 'less', * p<0.01:", ord)
		for _, st := range r.OriginalSteps(ord) {
			mark := ""
			if st.Marked {
				mark = "*"
			}
			fmt.Fprintf(stdout, " k=%d %+.3f (%+.3f, %+.3f)%s", st.K, st.Median, st.P30, st.P70, mark)
		}
		fmt.Fprintln(stdout)
	}
	fmt.Fprintf(stdout, "surrogate limits: %s\n", s.Limits)
	return nil
}
