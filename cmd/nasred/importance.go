package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"slices"

	"github.com/nasred/nasred/nasred/analysis"
	nb201bench "github.com/nasred/nasred/nasred/bench/nb201"
	"github.com/nasred/nasred/nasred/importance"
)

// importanceSpaces lists the search spaces "nasred importance" knows.
func importanceSpaces() map[string]func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return map[string]func(ctx context.Context, args []string, stdout, stderr io.Writer) error{
		"nb201": runImportanceNB201,
		"nb301": runImportanceNB301,
	}
}

func runImportance(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	spaces := importanceSpaces()
	names := make([]string, 0, len(spaces))
	for n := range spaces {
		names = append(names, n)
	}
	slices.Sort(names)
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintf(stderr, "usage: nasred importance {%s} [flags]\n", joinOr(names))
		if len(args) == 0 {
			return fmt.Errorf("missing search space (want one of %s)", joinOr(names))
		}
		return flag.ErrHelp
	}
	f, ok := spaces[args[0]]
	if !ok {
		return fmt.Errorf("unknown search space %q (want one of %s)", args[0], joinOr(names))
	}
	return f(ctx, args[1:], stdout, stderr)
}

func joinOr(names []string) string {
	s := ""
	for i, n := range names {
		if i > 0 {
			s += "|"
		}
		s += n
	}
	return s
}

func runImportanceNB201(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("importance nb201", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dataset := fs.String("dataset", "cifar10", "data set: cifar10, cifar100 or ImageNet16-120")
	data := fs.String("data", "", "benchmark data folder (default $NASRED_DATA, else ../shared/data)")
	sel := fs.String("select", "all", "architectures to write: all, top, bottom, middle or uniform")
	var o analysis.NB201ImportanceOptions
	so := &o.SelectOptions
	fs.Float64Var(&so.Fraction, "fraction", 0.05, "fraction of architectures in the top and bottom sets")
	fs.Float64Var(&so.MiddleFraction, "middle-fraction", 0.10, "size of the middle sample as a fraction of all architectures")
	fs.IntVar(&so.N, "n", 1000, "size of the uniform sample")
	fs.Uint64Var(&so.Seed, "seed", 0, "seed of the middle and uniform samples")
	out := fs.String("out", "", "output CSV file (required)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if *out == "" {
		return fmt.Errorf("--out FILE.csv is required")
	}
	d, err := nb201bench.ParseDataset(*dataset)
	if err != nil {
		return fmt.Errorf("--dataset: %w", err)
	}
	s, err := importance.ParseSelection(*sel)
	if err != nil {
		return fmt.Errorf("--select: %w", err)
	}
	o.Dataset, o.DataDir, o.Select, o.Out = d, *data, s, *out
	n, err := analysis.NB201ImportanceFile(ctx, o)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %d rows (%s, %s) to %s\n", n, d, s, *out)
	return nil
}
