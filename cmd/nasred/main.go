package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"

	"github.com/nasred/nasred/internal/cmdenv"
)

// command is one subcommand: run parses args (everything after the
// subcommand name) and writes its normal output to stdout.
type command struct {
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

// commands lists every subcommand. Each entry's run function lives in the
// file named after the subcommand; those that train run nasred-train
// (trainer.go).
func commands() map[string]command {
	return map[string]command{
		"importance": {"operation importance of every edge (nb201, nb301)", runImportance},
		"gspan":      {"frequent subgraph mining (gSpan, directed or undirected)", runGspan},
		"removal":    {"removal experiment: prune NB301 edges by importance, re-score, test (paper §3)", runRemoval},
		"motifs":     {"frequent motifs among important edges, vs random reference (nb201, nb301)", runMotifs},
		"sample":     {"draw DARTS genotypes under a constraint (random, prim, skip, primskip)", runSample},
		"study":      {"train genotypes x seeds on local workers or a Slurm job array; collect a labelled CSV", runTrainer("study")},
		"surrogate":  {"train / cross-validate an NB301 surrogate (train, cv)", runSurrogate},
		"train":      {"train an NB201 cell or DARTS genotype on MNIST, Fashion-MNIST or CIFAR-10", runTrainer("train")},
	}
}

func main() {
	ctx, stop := cmdenv.Interruptible(context.Background(), "nasred", os.Stderr, os.Exit)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cmds := commands()
	ctx, err := cmdenv.WithInputLimit(ctx, os.Getenv)
	if err != nil {
		fmt.Fprintf(stderr, "nasred: %v\n", err)
		return 2
	}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stderr, cmds)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	c, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "nasred: unknown command %q\n", args[0])
		usage(stderr, cmds)
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

func usage(w io.Writer, cmds map[string]command) {
	fmt.Fprintln(w, "usage: nasred <command> [flags]\n\ncommands:")
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-12s %s\n", n, cmds[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'nasred <command> -h' for the flags of one command.")
}
