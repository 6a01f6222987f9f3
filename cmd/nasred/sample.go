package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/nasred/nasred/nasred/analysis"
	"github.com/nasred/nasred/nasred/space/darts"
)

// runSample is "nasred sample": draw DARTS genotypes under a constraint of
// the paper (package darts), one per line.
func runSample(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("sample", flag.ContinueOnError)
	fs.SetOutput(stderr)
	opt := darts.DefaultSampleOptions()
	fs.StringVar(&opt.Constraint, "constraint", opt.Constraint, "built-in constraint: random, prim, skip or primskip")
	fs.StringVar(&opt.ConstraintFile, "constraint-file", "", "JSON constraint file (overrides --constraint); see package darts, type Constraint")
	fs.IntVar(&opt.N, "n", opt.N, "number of genotypes")
	fs.Uint64Var(&opt.Seed, "seed", opt.Seed, "random seed (PCG)")
	fs.StringVar(&opt.Format, "format", opt.Format, "output form: compact (NASLib [[(input, op), ...], [...]]) or darts (Genotype(...))")
	fs.TextVar(&opt.Wiring, "wiring", opt.Wiring, "wiring of the later nodes: all (node j reads 2 of its j predecessors, paper §6) or original (the reference code's Skip/PrimSkip sampler: node 3 reads the inputs, node 4 never node 3, node 5 never node 4)")
	out := fs.String("out", "", "write to this file instead of standard output")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: nasred sample --constraint {random|prim|skip|primskip} -n N --seed S [--constraint-file spec.json] [--wiring all|original] [--format compact|darts] [--out FILE]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	return analysis.SampleFile(ctx, opt, *out, stdout)
}
