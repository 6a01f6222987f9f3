package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"slices"
	"unsafe"

	"github.com/nasred/nasred/nasred/analysis"
	"github.com/nasred/nasred/nasred/atomicfile"
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
	var so importance.SelectOptions
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
	t, _, err := analysis.LoadNB201(*data)
	if err != nil {
		return err
	}
	if !t.Complete() {
		return fmt.Errorf("the NB201 table holds %d of the 15625 cells: operation importance needs every neighbour", t.Len())
	}
	res, err := importance.NB201(ctx, t, d, importance.Options{})
	if err != nil {
		return err
	}
	errs := make([]float64, len(res))
	for i, r := range res {
		errs[i] = r.Err
	}
	picked, err := importance.Select(errs, s, so)
	if err != nil {
		return err
	}
	tableRows := t.Rows()
	rows := make([]importance.Row, len(picked))
	arena := make([]byte, 0, 100*len(picked)) // all architecture strings, one allocation
	for k, i := range picked {
		start := len(arena)
		arena = tableRows[i].Cell.AppendString(arena)
		rows[k] = importance.Row{Index: tableRows[i].Index, Result: res[i]}
		rows[k].Arch = unsafe.String(&arena[start], len(arena)-start) // arena is never written again
	}
	slices.SortFunc(rows, func(a, b importance.Row) int { return a.Index - b.Index })
	if err := atomicfile.Write(*out, func(w io.Writer) error { return importance.WriteCSV(w, "arch", rows) }); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %d rows (%s, %s) to %s\n", len(rows), d, s, *out)
	return nil
}
