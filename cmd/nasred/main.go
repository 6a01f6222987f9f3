package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"sort"

	"github.com/nasred/nasred/internal/cmdenv"
)

// commands lists every subcommand. Each entry's run function lives in the
// file named after the subcommand; those that train run nasred-train
// (trainer.go).
func commands() map[string]cmdenv.Command {
	return map[string]cmdenv.Command{
		"importance": {Summary: "operation importance of every edge (nb201, nb301)", Run: runImportance},
		"gspan":      {Summary: "frequent subgraph mining (gSpan, directed or undirected)", Run: runGspan},
		"removal":    {Summary: "removal experiment: prune NB301 edges by importance, re-score, test (paper §3)", Run: runRemoval},
		"motifs":     {Summary: "frequent motifs among important edges, vs random reference (nb201, nb301)", Run: runMotifs},
		"sample":     {Summary: "draw DARTS genotypes under a constraint (random, prim, skip, primskip)", Run: runSample},
		"study":      {Summary: "train genotypes x seeds on local workers or a Slurm job array; collect a labelled CSV", Run: runTrainer("study")},
		"surrogate":  {Summary: "train / cross-validate an NB301 surrogate (train, cv)", Run: runSurrogate},
		"train":      {Summary: "train an NB201 cell or DARTS genotype on MNIST, Fashion-MNIST or CIFAR-10", Run: runTrainer("train")},
	}
}

func main() { cmdenv.Main(run) }

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
	return cmdenv.Exec(ctx, args[0], c, args[1:], stdout, stderr)
}

func usage(w io.Writer, cmds map[string]cmdenv.Command) {
	fmt.Fprintln(w, "usage: nasred <command> [flags]\n\ncommands:")
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-12s %s\n", n, cmds[n].Summary)
	}
	fmt.Fprintln(w, "\nRun 'nasred <command> -h' for the flags of one command.")
}
