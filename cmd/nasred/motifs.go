package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/nasred/nasred/nasred/analysis"
	nb201bench "github.com/nasred/nasred/nasred/bench/nb201"
	"github.com/nasred/nasred/nasred/importance"
	"github.com/nasred/nasred/nasred/motif"
)

// runMotifs is "nasred motifs SPACE [flags]": the motif analysis of
// the paper (package motif, study analysis.NB201MotifsFile).
func runMotifs(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	const usage = "usage: nasred motifs nb201 --dataset cifar10 [--select top] [--threshold 0.001] [--support 0.05] [--max-vertices 6] [--seed 0] [--mode corrected|original] [--data DIR] --out DIR\n" +
		"       nasred motifs nb301 [--cells normal|reduce|both] [--min-vertices 2] [--max-vertices 6] [--threshold 0.001] [--mode corrected|original] [--ranking auto|labels|surrogate] [--surrogate-depth 1|2] [--archs FILE] [--surrogate MODEL] --out DIR"
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(stderr, usage)
		if len(args) == 0 {
			return fmt.Errorf("missing search space (want nb201 or nb301)")
		}
		return flag.ErrHelp
	}
	switch args[0] {
	case "nb201":
		return runMotifsNB201(ctx, args[1:], stdout, stderr)
	case "nb301":
		return runMotifsNB301(ctx, args[1:], stdout, stderr)
	}
	return fmt.Errorf("unknown search space %q (want nb201 or nb301)", args[0])
}

func runMotifsNB201(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("motifs nb201", flag.ContinueOnError)
	fs.SetOutput(stderr)
	opt := motif.DefaultOptions()
	no := analysis.DefaultNB201MotifOptions()
	dataset := fs.String("dataset", "cifar10", "data set: cifar10, cifar100 or ImageNet16-120")
	sel := fs.String("select", "top", "cells to analyse: top, bottom, middle, uniform or all")
	fs.Float64Var(&no.Select.Fraction, "fraction", 0.05, "fraction of cells in the top and bottom sets")
	fs.IntVar(&no.Select.N, "n", 1000, "size of the uniform sample")
	data := fs.String("data", "", "benchmark data folder (default $NASRED_DATA, else ../shared/data)")
	direction := fs.String("direction", "", "keep OI >= t (positive) or OI <= -t (negative); default negative for --select bottom, else positive")
	mf := motifFlags(fs, &opt)
	out := fs.String("out", "", "output folder (required)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if *out == "" {
		return fmt.Errorf("--out DIR is required")
	}
	mode, err := mf()
	if err != nil {
		return err
	}
	if no.Dataset, err = nb201bench.ParseDataset(*dataset); err != nil {
		return fmt.Errorf("--dataset: %w", err)
	}
	if no.Selection, err = importance.ParseSelection(*sel); err != nil {
		return fmt.Errorf("--select: %w", err)
	}
	no.Select.Seed = opt.Seed
	switch {
	case *direction != "":
		if opt.Direction, err = motif.ParseDirection(*direction); err != nil {
			return fmt.Errorf("--direction: %w", err)
		}
	case no.Selection == importance.Bottom:
		opt.Direction = motif.Negative
	}
	res, err := analysis.NB201MotifsFile(ctx, analysis.NB201MotifsFileOptions{DataDir: *data, Cells: no, Motif: opt, Mode: mode, Out: *out})
	if err != nil {
		return err
	}
	r := res.Report
	fmt.Fprintf(stdout, "%s: %d %s cells of %s, threshold %g (%s), mode %s, min support %d: %d motifs, %d with a node of in-degree >= 2, in %.2fs\n",
		res.Source, len(r.Cells), no.Selection, no.Dataset, opt.Threshold, opt.Direction, modeName(mode), r.MinSupport, len(r.Motifs), len(r.Missed()), res.Seconds)
	printMotifs(stdout, r, *out, false)
	return nil
}

// motifFlags registers the motif-analysis flags shared by nb201 and nb301
// on fs and returns a function to call after parsing: it applies
// --reference, --induced-reference and --timeout to opt and returns the
// --mode.
func motifFlags(fs *flag.FlagSet, opt *motif.Options) func() (string, error) {
	fs.Float64Var(&opt.Threshold, "threshold", opt.Threshold, "importance threshold t (error fraction; 0.001 = 0.1 points)")
	fs.Float64Var(&opt.Support, "support", opt.Support, "minimum support: a fraction of the cells (< 1) or a count")
	fs.IntVar(&opt.MinVertices, "min-vertices", opt.MinVertices, "smallest motif, in vertices")
	fs.IntVar(&opt.MaxVertices, "max-vertices", opt.MaxVertices, "largest motif, in vertices (0 = no bound)")
	fs.Uint64Var(&opt.Seed, "seed", opt.Seed, "seed of the reference subgraphs and of sampled selections")
	fs.Float64Var(&opt.Smoothing, "smoothing", opt.Smoothing, "normalised support = support / (reference incidence + smoothing); 0 = the paper's ratio")
	reference := fs.String("reference", "exact", "size of the random reference subgraphs: exact (as many edges as the important subgraph, paper) or original (randint(k) edges, the reference code's normal-only NB301 run)")
	fs.BoolVar(&opt.InducedReference, "induced-reference", false, "count reference incidence by node-induced subgraph isomorphism, as the reference code (networkx) did")
	mode := fs.String("mode", analysis.ModeCorrected, "corrected (the flags above) or original (the reference code's settings: its reference rule, induced matching, ratio support/incidence, min support np.round(fraction x architectures); overrides --reference, --induced-reference, --smoothing and a fractional --support)")
	fs.IntVar(&opt.TopK, "top-k", opt.TopK, "motifs drawn in the figures")
	fs.IntVar(&opt.MaxPatterns, "max-patterns", 0, "stop mining after this many patterns (0 = no limit)")
	timeout := fs.Duration("timeout", 0, "stop mining after this long, reporting what was found (0 = no limit)")
	fs.IntVar(&opt.Workers, "workers", 0, "goroutines (0 = all cores)")
	return func() (string, error) {
		var err error
		if opt.Reference, err = motif.ParseReferenceRule(*reference); err != nil {
			return "", fmt.Errorf("--reference: %w", err)
		}
		if *mode != analysis.ModeCorrected && *mode != analysis.ModeOriginal {
			return "", fmt.Errorf("--mode %q: want corrected or original", *mode)
		}
		if *timeout > 0 {
			opt.Deadline = time.Now().Add(*timeout)
		}
		return *mode, nil
	}
}

func modeName(m string) string {
	if m == "" {
		return analysis.ModeCorrected
	}
	return m
}

// printMotifs prints the top motifs of r with both ratios and the files
// written to dir (meta: whether meta.json was written too).
func printMotifs(w io.Writer, r *motif.Report, dir string, meta bool) {
	if !r.Complete {
		fmt.Fprintf(w, "incomplete: mining stopped at its %s budget\n", r.Reason)
	}
	fmt.Fprintf(w, "rank support(%%cells) incidence paper_ratio smoothed max_in_degree pattern\n")
	for _, m := range r.Top(10) {
		fmt.Fprintf(w, "%d %d(%.1f%%) %d %.2f %.2f %d %s\n", m.Rank, m.Support, 100*m.SupportFraction, m.RefIncidence, m.PaperRatio,
			float64(m.Support)/float64(m.RefIncidence+1), m.MaxInDegree, m)
	}
	for _, op := range []string{"skip_connect"} {
		for _, m := range r.SingleEdge(op) {
			fmt.Fprintf(w, "two-vertex %s motif %q: rank %d, support %d (%.1f%%), incidence %d, paper ratio %.2f\n", op, m.String(), m.Rank, m.Support, 100*m.SupportFraction, m.RefIncidence, m.PaperRatio)
		}
	}
	files := "motifs.csv,motifs.txt,motifs.json,motifs.dot,cells.json,motif_grid.png,motif_grid.svg,support_bars.png,support_bars.svg"
	if meta {
		files += ",meta.json"
	}
	fmt.Fprintf(w, "wrote %s/{%s}\n", dir, files)
}

func runMotifsNB301(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("motifs nb301", flag.ContinueOnError)
	fs.SetOutput(stderr)
	o := analysis.NB301MotifsFileOptions{Motif: motif.DefaultOptions()}
	ranking := nb301SourceFlags(fs, &o.Source, true)
	fs.StringVar(&o.Cells, "cells", analysis.CellsNormal, "cells mined: normal (the paper's headline run, the reference code's --normal_only), reduce, or both")
	mf := motifFlags(fs, &o.Motif)
	fs.StringVar(&o.Out, "out", "", "output folder (required)")
	quiet := fs.Bool("q", false, "no progress messages on stderr")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if o.Out == "" {
		return fmt.Errorf("--out DIR is required")
	}
	if err := ranking(); err != nil {
		return err
	}
	var err error
	if o.Mode, err = mf(); err != nil {
		return err
	}
	if !*quiet {
		o.Progress = func(msg string) { fmt.Fprintln(stderr, msg) }
	}
	res, err := analysis.NB301MotifsFile(ctx, o)
	if err != nil {
		return err
	}
	r, s := res.Report, res.Study
	fmt.Fprintf(stdout, "%s: %d %s cells of the top %d (ranked by %s), threshold %g, mode %s (reference %s, induced %v, smoothing %g), min support %d: %d motifs, %d with a node of in-degree >= 2, in %.2fs\n",
		s.Archs.Path, len(r.Cells), o.Cells, len(s.Top), s.Ranking, res.Options.Threshold, modeName(o.Mode), res.Options.Reference,
		res.Options.InducedReference, res.Options.Smoothing, r.MinSupport, len(r.Motifs), len(r.Missed()), res.Seconds)
	fmt.Fprintf(stdout, "surrogate limits: %s\n", s.Limits)
	printMotifs(stdout, r, o.Out, true)
	return nil
}
