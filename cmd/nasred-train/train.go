package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strings"

	"github.com/nasred/nasred/nasred/analysis/training"
	"github.com/nasred/nasred/nasred/train"
)

// runTrain implements `nasred train`: it trains one NB201 cell or DARTS
// genotype on MNIST, Fashion-MNIST or CIFAR-10 with the data set's recipe
// (--recipe: quick for MNIST and Fashion-MNIST, the paper's otherwise;
// explicit flags override it), prints the effective recipe on stderr,
// writes OUT/metrics.csv and a checkpoint, and prints the final test
// accuracy on its last line as test_accuracy=0.xxxx.
//
// Resuming: when --out holds a checkpoint of the same configuration, the
// run continues from it (an interrupted run, e.g. by Ctrl-C, saves one) and
// ends with exactly the numbers of an uninterrupted run; a checkpoint of a
// different configuration is an error. --resume additionally requires the
// checkpoint to exist.
func runTrain(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := train.ParseArgs(args, stderr)
	if err != nil {
		return err
	}
	o := &cfg.Options
	var missing []string
	for _, f := range []struct{ name, v string }{{"--space", cfg.Network.Space}, {"--arch", cfg.Network.Arch}, {"--dataset", cfg.Data.Dataset}, {"--out", o.OutDir}} {
		if f.v == "" {
			missing = append(missing, f.name)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("missing %s", strings.Join(missing, ", "))
	}
	fmt.Fprintln(stderr, cfg.RecipeLine())
	tty := isTerminal(stderr)
	o.Progress = func(p train.Progress) {
		if tty {
			fmt.Fprintf(stderr, "\r%s %s", bar(p.Step, p.TotalSteps, 30), p)
			if p.Step == p.TotalSteps {
				fmt.Fprintln(stderr)
			}
			return
		}
		fmt.Fprintln(stderr, p)
	}
	if tty && o.LogEvery > 1 {
		o.LogEvery = 1 // the bar redraws every step
	}
	res, err := training.Train(ctx, cfg)
	if err != nil {
		if errors.Is(err, context.Canceled) && tty {
			fmt.Fprintln(stderr)
		}
		return err
	}
	if res.StartStep > 0 {
		fmt.Fprintf(stderr, "resumed from step %d of %d\n", res.StartStep, res.Steps)
	}
	if n := len(res.Rows); n > 0 {
		r := res.Rows[n-1]
		fmt.Fprintf(stdout, "steps=%d train_loss=%.4f train_accuracy=%.4f", r.Step, r.TrainLoss, r.TrainAccuracy)
		if !math.IsNaN(r.ValAccuracy) {
			fmt.Fprintf(stdout, " val_accuracy=%.4f", r.ValAccuracy)
		}
		if res.ImagesPerSecond > 0 {
			fmt.Fprintf(stdout, " images_per_second=%.1f", res.ImagesPerSecond)
		}
		fmt.Fprintln(stdout)
	}
	fmt.Fprintf(stdout, "test_accuracy=%.4f\n", res.TestAccuracy)
	return nil
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func bar(done, total, width int) string {
	n := 0
	if total > 0 {
		n = done * width / total
	}
	return "[" + strings.Repeat("=", n) + strings.Repeat(" ", width-n) + "]"
}
