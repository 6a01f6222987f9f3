package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/nasred/nasred/nasred/analysis"
	"github.com/nasred/nasred/nasred/surrogate"
	"github.com/nasred/nasred/nasred/surrogate/gbt"
)

// runSurrogate implements "nasred surrogate train|cv".
func runSurrogate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	usage := "usage: nasred surrogate train --labels FILE --out MODEL [flags]\n       nasred surrogate cv --labels FILE [--folds 5] [--seed 0] [flags]"
	if len(args) == 0 {
		fmt.Fprintln(stderr, usage)
		return errors.New("missing subcommand (train or cv)")
	}
	sub := args[0]
	if sub != "train" && sub != "cv" {
		if sub == "-h" || sub == "--help" || sub == "help" {
			fmt.Fprintln(stderr, usage)
			return flag.ErrHelp
		}
		return fmt.Errorf("unknown subcommand %q (want train or cv)", sub)
	}
	fs := flag.NewFlagSet("surrogate "+sub, flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o analysis.SurrogateFileOptions
	p := gbt.DefaultParams()
	var enc string
	fs.StringVar(&o.Labels, "labels", "", "labelled genotypes: NASLib labelled JSON or the NB301 training-data zip")
	if sub == "train" {
		fs.StringVar(&o.Out, "out", "", "model file to write")
	} else {
		fs.IntVar(&o.Folds, "folds", 5, "number of cross-validation folds")
	}
	fs.Uint64Var(&o.Seed, "seed", 0, "random seed (fold assignment, subsampling)")
	fs.StringVar(&enc, "encoding", string(surrogate.Graph), "genotype encoding: graph, slots, onehot or configspace")
	fs.IntVar(&p.NumRounds, "rounds", p.NumRounds, "boosting rounds (trees)")
	fs.IntVar(&p.MaxDepth, "depth", p.MaxDepth, "maximum tree depth")
	fs.Float64Var(&p.LearningRate, "lr", p.LearningRate, "learning rate (shrinkage)")
	fs.Float64Var(&p.Subsample, "subsample", p.Subsample, "fraction of rows per tree")
	fs.Float64Var(&p.ColsampleByTree, "colsample", p.ColsampleByTree, "fraction of features per tree")
	fs.Float64Var(&p.MinChildWeight, "min-child-weight", p.MinChildWeight, "minimum rows per leaf")
	fs.Float64Var(&p.Lambda, "lambda", p.Lambda, "L2 regularisation of leaf values")
	fs.StringVar(&o.DataDir, "data", "", "benchmark data folder (default: $NASRED_DATA or ../shared/data)")
	preset := fs.String("preset", "", "start from a preset instead of the defaults: stumps (2000 depth-1 trees, additive) or interaction (6000 depth-2 trees); the flags above that are given override it")
	quiet := fs.Bool("q", false, "no progress messages on stderr")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	o.Encoding = surrogate.Encoding(enc)
	if *preset != "" {
		base, err := analysis.SurrogatePresetParams(*preset)
		if err != nil {
			return fmt.Errorf("--preset: %w", err)
		}
		fs.Visit(func(f *flag.Flag) {
			switch f.Name {
			case "rounds":
				base.NumRounds = p.NumRounds
			case "depth":
				base.MaxDepth = p.MaxDepth
			case "lr":
				base.LearningRate = p.LearningRate
			case "subsample":
				base.Subsample = p.Subsample
			case "colsample":
				base.ColsampleByTree = p.ColsampleByTree
			case "min-child-weight":
				base.MinChildWeight = p.MinChildWeight
			case "lambda":
				base.Lambda = p.Lambda
			}
		})
		p = base
	}
	o.Params = p
	if !*quiet {
		o.Progress = func(msg string) { fmt.Fprintln(stderr, msg) }
	}
	switch sub {
	case "train":
		m, err := analysis.TrainSurrogateFile(ctx, o)
		if err != nil {
			return err
		}
		c, _ := surrogate.CapacityOf(m)
		fmt.Fprintf(stdout, "trained %s (%s encoding) on %d genotypes; wrote %s\n", c, m.Encoding, m.NumTrain, o.Out)
	case "cv":
		r, err := analysis.CrossValidateSurrogateFile(ctx, o)
		if err != nil {
			return err
		}
		for i, s := range r.PerFold {
			fmt.Fprintf(stdout, "fold %d: kendall_tau=%.4f spearman=%.4f r2=%.4f\n", i, s.KendallTau, s.Spearman, s.R2)
		}
		fmt.Fprintf(stdout, "pooled out-of-fold predictions of %d genotypes, %d folds, target validation error:\n", r.N, r.Folds)
		fmt.Fprintf(stdout, "kendall_tau=%.4f spearman=%.4f r2=%.4f\n", r.Pooled.KendallTau, r.Pooled.Spearman, r.Pooled.R2)
	}
	return nil
}
