package train

import (
	"flag"
	"fmt"
	"io"
	"slices"
)

// ParseArgs reads the command line of `nasred train` (its flags, without
// the command name) into a configuration. The recipe's values are the
// defaults: --recipe, else DefaultRecipe of --dataset (quick for MNIST and
// Fashion-MNIST, paper otherwise); flags given explicitly override them
// (Config.Flags lists them, Config.RecipeLine shows the result). It does
// not require --space, --arch, --dataset or --out (a study's recipe leaves
// --arch and --out to each item); Run checks what it needs. Usage and flag
// errors go to output; -h returns flag.ErrHelp.
func ParseArgs(args []string, output io.Writer) (Config, error) {
	// A first, silent pass finds the data set and the recipe; the second
	// parses the flags over that recipe's values, so that only the flags
	// given override them. A bad command line fails the first pass and is
	// reported by the second, over the paper's values.
	recipe := RecipePaper
	if cfg, err := parseArgs(args, RecipePaper, io.Discard); err == nil {
		recipe = DefaultRecipe(cfg.Data.Dataset)
		if slices.Contains(cfg.Flags, "recipe") {
			if _, err := NewConfig(cfg.Recipe, "", "", ""); err != nil {
				return cfg, fmt.Errorf("--recipe: %w", err)
			}
			recipe = cfg.Recipe
		}
	}
	return parseArgs(args, recipe, output)
}

// parseArgs parses args over the defaults of the named recipe.
func parseArgs(args []string, recipe string, output io.Writer) (Config, error) {
	cfg, err := NewConfig(recipe, "", "", "")
	if err != nil {
		return cfg, err
	}
	o := &cfg.Options
	fs := flag.NewFlagSet("train", flag.ContinueOnError)
	fs.SetOutput(output)
	fs.StringVar(&cfg.Recipe, "recipe", recipe, "training recipe: "+RecipeQuick+" (short runs: lr 0.1, no cutout, mixup or drop-path, batch-norm recalibration) or "+RecipePaper+" (the paper's proxy training); default "+RecipeQuick+" for mnist and fashion-mnist, "+RecipePaper+" otherwise. Its values are the defaults of the flags below (shown: "+RecipePaper+"'s); flags given override them")
	fs.StringVar(&cfg.Network.Space, "space", "", "search space: nb201 or darts (required)")
	fs.StringVar(&cfg.Network.Arch, "arch", "", "cell: NB201 string |op~0|+|op~0|op~1|+|op~0|op~1|op~2|, or a DARTS Genotype(...), NASLib compact [[(input, op), ...], [...]], NB301 configuration JSON, or DARTS_V1/DARTS_V2/PC_DARTS (required)")
	fs.StringVar(&cfg.Data.Dataset, "dataset", "", "data set: mnist, fashion-mnist, cifar10, or synthetic (generated 32x32x3 images for benchmarks) (required)")
	fs.StringVar(&cfg.Data.Dir, "data-dir", "", "data folder: CIFAR-10 binary batches (required for cifar10); overrides the MNIST / Fashion-MNIST defaults")
	fs.IntVar(&cfg.Network.Channels, "channels", 0, "initial channels C (0: 16 for nb201, 32 for darts)")
	fs.IntVar(&cfg.Network.Cells, "cells", 0, "cells per stage for nb201 (0: 5), total cells for darts (0: 8)")
	fs.BoolVar(&cfg.Network.Auxiliary, "auxiliary", true, "darts: train with the auxiliary head")
	fs.IntVar(&o.Epochs, "epochs", o.Epochs, "training epochs (ignored when --steps > 0)")
	fs.IntVar(&o.Steps, "steps", 0, "train exactly this many steps instead of --epochs")
	fs.IntVar(&o.BatchSize, "batch", o.BatchSize, "batch size")
	var seed uint64 = 1
	fs.Uint64Var(&seed, "seed", seed, "seed of initialisation, data order, augmentation, drop-path and the validation split")
	fs.StringVar(&o.OutDir, "out", "", "output folder for metrics.csv and checkpoint.bin (required); a run resumes from its checkpoint when the configuration matches")
	fs.Float64Var(&o.LearningRate, "lr", o.LearningRate, "initial learning rate (cosine schedule)")
	fs.Float64Var(&o.MinLearningRate, "min-lr", o.MinLearningRate, "final learning rate of the cosine schedule")
	fs.Float64Var(&o.Momentum, "momentum", o.Momentum, "SGD momentum")
	fs.Float64Var(&o.WeightDecay, "weight-decay", o.WeightDecay, "SGD weight decay")
	fs.Float64Var(&o.ClipNorm, "clip", o.ClipNorm, "gradient clipping by global norm (0: off)")
	fs.Float64Var(&o.AuxWeight, "aux-weight", o.AuxWeight, "weight of the auxiliary head's loss")
	fs.Float64Var(&o.DropPath, "drop-path", o.DropPath, "final drop-path probability for darts (linear schedule from 0; 0: off)")
	fs.IntVar(&o.Cutout, "cutout", o.Cutout, "cutout square side (0: off; -1: 16 scaled to the image side, 16 for 32x32, 14 for 28x28)")
	fs.Float64Var(&o.MixupAlpha, "mixup", o.MixupAlpha, "mixup alpha (0: off)")
	fs.Float64Var(&cfg.Data.ValFraction, "val-fraction", cfg.Data.ValFraction, "fraction of the training images held out for validation (paper: 0.2; 0: none)")
	fs.IntVar(&cfg.Data.TrainLimit, "train-limit", 0, "use only the first N training images (0: all)")
	fs.IntVar(&cfg.Data.TestLimit, "test-limit", 0, "use only the first N test images (0: all)")
	fs.IntVar(&o.RecalibrateBatches, "recalibrate", o.RecalibrateBatches, "refresh batch-norm running averages over N training batches before every evaluation (0: off, the paper's recipe; helps short runs)")
	fs.IntVar(&o.EvalEvery, "eval-every", 0, "add a metrics row every N steps (there is always one per epoch and at the end)")
	fs.IntVar(&o.EvalBatch, "eval-batch", o.EvalBatch, "evaluation batch size")
	fs.IntVar(&o.LogEvery, "log-every", o.LogEvery, "progress line every N steps (0: none)")
	fs.IntVar(&o.CheckpointEvery, "checkpoint-every", 0, "also checkpoint every N steps (one is always written per metrics row and on interruption)")
	fs.DurationVar(&o.StepTimeout, "step-timeout", o.StepTimeout, "fail when one step takes longer (the first gets 10 extra minutes for compilation)")
	fs.StringVar(&o.Backend, "backend", "", "GoMLX backend (default $GOMLX_BACKEND, else "+DefaultBackend+"; GPU: xla:/abs/path/xla_cuda_plugin.so)")
	fs.BoolVar(&cfg.Resume, "resume", false, "require a checkpoint in --out to continue from")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	fs.Visit(func(f *flag.Flag) { cfg.Flags = append(cfg.Flags, f.Name) })
	cfg.Data.Seed, o.Seed = seed, seed
	return cfg, nil
}
