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
	const usage = "usage: nasred motifs nb201 --dataset cifar10 [--select top] [--threshold 0.001] [--support 0.05] [--max-vertices 6] [--seed 0] [--data DIR] --out DIR"
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(stderr, usage)
		if len(args) == 0 {
			return fmt.Errorf("missing search space (want nb201)")
		}
		return flag.ErrHelp
	}
	switch args[0] {
	case "nb201":
		return runMotifsNB201(ctx, args[1:], stdout, stderr)
	}
	return fmt.Errorf("unknown search space %q (want nb201)", args[0])
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
	fs.Float64Var(&opt.Threshold, "threshold", opt.Threshold, "importance threshold t (error fraction; 0.001 = 0.1 points)")
	direction := fs.String("direction", "", "keep OI >= t (positive) or OI <= -t (negative); default negative for --select bottom, else positive")
	fs.Float64Var(&opt.Support, "support", opt.Support, "minimum support: a fraction of the cells (< 1) or a count")
	fs.IntVar(&opt.MinVertices, "min-vertices", opt.MinVertices, "smallest motif, in vertices")
	fs.IntVar(&opt.MaxVertices, "max-vertices", opt.MaxVertices, "largest motif, in vertices (0 = no bound)")
	fs.Uint64Var(&opt.Seed, "seed", opt.Seed, "seed of the reference subgraphs and of sampled selections")
	fs.Float64Var(&opt.Smoothing, "smoothing", opt.Smoothing, "normalised support = support / (reference incidence + smoothing)")
	fs.IntVar(&opt.TopK, "top-k", opt.TopK, "motifs drawn in the figures")
	fs.IntVar(&opt.MaxPatterns, "max-patterns", 0, "stop mining after this many patterns (0 = no limit)")
	timeout := fs.Duration("timeout", 0, "stop mining after this long, reporting what was found (0 = no limit)")
	fs.IntVar(&opt.Workers, "workers", 0, "goroutines (0 = all cores)")
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
	var err error
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
	if *timeout > 0 {
		opt.Deadline = time.Now().Add(*timeout)
	}
	res, err := analysis.NB201MotifsFile(ctx, analysis.NB201MotifsFileOptions{DataDir: *data, Cells: no, Motif: opt, Out: *out})
	if err != nil {
		return err
	}
	r := res.Report
	fmt.Fprintf(stdout, "%s: %d %s cells of %s, threshold %g (%s), min support %d: %d motifs, %d with a node of in-degree >= 2, in %.2fs\n",
		res.Source, len(r.Cells), no.Selection, no.Dataset, opt.Threshold, opt.Direction, r.MinSupport, len(r.Motifs), len(r.Missed()), res.Seconds)
	if !r.Complete {
		fmt.Fprintf(stdout, "incomplete: mining stopped at its %s budget\n", r.Reason)
	}
	fmt.Fprintf(stdout, "wrote %s/{motifs.csv,motifs.txt,motifs.json,motifs.dot,cells.json,motif_grid.png,motif_grid.svg,support_bars.png,support_bars.svg}\n", *out)
	return nil
}
