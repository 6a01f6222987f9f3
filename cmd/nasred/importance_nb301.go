package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/nasred/nasred/nasred/analysis"
	"github.com/nasred/nasred/nasred/importance"
)

// runImportanceNB301 implements "nasred importance nb301": operation
// importance of DARTS genotypes scored by a surrogate.
func runImportanceNB301(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("importance nb301", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o analysis.NB301ImportanceOptions
	def := analysis.NB301SelectDefaults()
	fs.StringVar(&o.Archs, "archs", "", "genotypes: NASLib archs JSON, NASLib labelled JSON, the NB301 training-data zip, or a text file with one genotype per line")
	fs.StringVar(&o.Surrogate, "surrogate", "", "surrogate: a nasred model file (nasred surrogate train) or an official NB301 ensemble folder")
	fs.StringVar(&o.Out, "out", "", "output CSV file (required); FILE.meta.json is written next to it")
	fs.StringVar(&o.DataDir, "data", "", "benchmark data folder (default $NASRED_DATA, else ../shared/data)")
	sel := fs.String("select", "all", "architectures to write: all, top, bottom, middle or uniform")
	fs.Float64Var(&o.SelectOptions.Fraction, "fraction", def.Fraction, "fraction of architectures in the top and bottom sets")
	fs.Float64Var(&o.SelectOptions.MiddleFraction, "middle-fraction", def.MiddleFraction, "size of the middle sample as a fraction of all architectures")
	fs.IntVar(&o.SelectOptions.N, "n", def.N, "size of the uniform sample")
	fs.Uint64Var(&o.SelectOptions.Seed, "seed", 0, "seed of the middle and uniform samples")
	fs.IntVar(&o.Workers, "workers", 0, "goroutines scoring batches (default GOMAXPROCS)")
	fs.IntVar(&o.BatchSize, "batch", 0, "genotypes per batch (default 256, i.e. ~31,000 predictions)")
	quiet := fs.Bool("q", false, "no progress messages on stderr")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	s, err := importance.ParseSelection(*sel)
	if err != nil {
		return fmt.Errorf("--select: %w", err)
	}
	o.Select = s
	if !*quiet {
		o.Progress = func(msg string) { fmt.Fprintln(stderr, msg) }
	}
	r, err := analysis.NB301ImportanceFile(ctx, o)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %d rows (%s of %d genotypes; ranking: %s) to %s and %s.meta.json\n",
		len(r.Picked), s, len(r.Archs.Genotypes), r.Ranking, o.Out, o.Out)
	return nil
}
