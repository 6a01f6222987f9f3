package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/nasred/nasred/internal/cmdenv"
)

// command is one subcommand: run parses args (everything after the
// subcommand name) and writes its normal output to stdout.
type command struct {
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

// commands lists the subcommands that train. nasred runs this binary for
// them, with the subcommand name first.
func commands() map[string]command {
	return map[string]command{
		"study": {"train genotypes x seeds on local workers or a Slurm job array; collect a labelled CSV", runStudy},
		"train": {"train an NB201 cell or DARTS genotype on MNIST, Fashion-MNIST or CIFAR-10", runTrain},
	}
}

func main() {
	ctx, stop := cmdenv.Interruptible(context.Background(), "nasred", os.Stderr, os.Exit)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run runs the subcommand args[0]; messages name the command nasred, as
// users type it.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cmds := commands()
	ctx, err := cmdenv.WithInputLimit(ctx, os.Getenv)
	if err != nil {
		fmt.Fprintf(stderr, "nasred: %v\n", err)
		return 2
	}
	if len(args) == 0 {
		fmt.Fprintln(stderr, "usage: nasred {study|train} [flags] (nasred-train runs the subcommands of nasred that train)")
		return 2
	}
	c, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "nasred-train: unknown command %q (want study or train)\n", args[0])
		return 2
	}
	if err := c.run(ctx, args[1:], stdout, stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintf(stderr, "nasred %s: %v\n", args[0], err)
		return 1
	}
	return 0
}
