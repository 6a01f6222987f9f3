package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"sync"
	"syscall"

	"github.com/nasred/nasred/internal/input"
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
		"motifs":     {"frequent motifs among important edges, vs random reference (nb201)", runMotifs},
		"sample":     {"draw DARTS genotypes under a constraint (random, prim, skip, primskip)", runSample},
		"study":      {"train genotypes x seeds on local workers or a Slurm job array; collect a labelled CSV", runTrainer("study")},
		"surrogate":  {"train / cross-validate an NB301 surrogate (train, cv)", runSurrogate},
		"train":      {"train an NB201 cell or DARTS genotype on MNIST, Fashion-MNIST or CIFAR-10", runTrainer("train")},
	}
}

func main() {
	ctx, stop := interruptible(context.Background(), os.Stderr, os.Exit)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// interruptible returns a context that the first SIGINT or SIGTERM
// cancels: the command stops cleanly (training saves a checkpoint). A
// second signal calls exit at once with status 128+signal, so that no
// blocked system call can hold the process. stop ends the handling.
func interruptible(parent context.Context, stderr io.Writer, exit func(int)) (ctx context.Context, stop func()) {
	ctx, cancel := context.WithCancel(parent)
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case s := <-sigs:
			fmt.Fprintf(stderr, "nasred: %v: stopping (send it again to exit at once)\n", s)
			cancel()
		case <-done:
			return
		}
		select {
		case s := <-sigs:
			fmt.Fprintf(stderr, "nasred: second %v: exiting now\n", s)
			code := 130
			if n, ok := s.(syscall.Signal); ok {
				code = 128 + int(n)
			}
			exit(code)
		case <-done:
		}
	}()
	var once sync.Once
	return ctx, func() {
		once.Do(func() {
			signal.Stop(sigs)
			close(done)
			cancel()
		})
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cmds := commands()
	if s := os.Getenv(input.EnvMaxBytes); s != "" {
		n, err := input.ParseSize(s)
		if err != nil {
			fmt.Fprintf(stderr, "nasred: %s: %v\n", input.EnvMaxBytes, err)
			return 2
		}
		ctx = input.WithMaxBytes(ctx, n)
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
