package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/nasred/nasred/internal/cmdenv"
)

// commands lists the subcommands that train. nasred runs this binary for
// them, with the subcommand name first.
func commands() map[string]cmdenv.Command {
	return map[string]cmdenv.Command{
		"study": {Summary: "train genotypes x seeds on local workers or a Slurm job array; collect a labelled CSV", Run: runStudy},
		"train": {Summary: "train an NB201 cell or DARTS genotype on MNIST, Fashion-MNIST or CIFAR-10", Run: runTrain},
	}
}

func main() { cmdenv.Main(run) }

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
	return cmdenv.Exec(ctx, args[0], c, args[1:], stdout, stderr)
}
