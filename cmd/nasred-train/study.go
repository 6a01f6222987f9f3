package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/nasred/nasred/nasred/study"
	"github.com/nasred/nasred/nasred/train"
)

const studyUsage = `usage: nasred study <plan|run|run-one|slurm|status|collect> ...

  plan    --out STUDY [genotypes] [--seeds 0,1,2] -- <nasred train flags>
          genotypes: --arch G (repeatable), --genotypes FILE (repeatable),
          --sample primskip:20,random:20 [--sample-seed S],
          --prune-base DARTS_V2 [--prune 2,4] [--prune-order most,least] [--labels FILE]
  run     STUDY [--workers N] [--retries R] [--backend B]     train pending items here
  run-one STUDY --index I [--retries R]                      one item (a Slurm array task)
  slurm   STUDY [--partition P] [--gres gpu:1] [--time T] [--cpus-per-task C]
          [--max-parallel K] [--backend xla:/abs/plugin.so] [--dry-run]
  status  STUDY [-v]
  collect STUDY --out results.csv

Run 'nasred study <subcommand> -h' for the flags of one subcommand.
`

// runStudy implements `nasred study`: plan a study of genotypes × seeds
// under one `nasred train` recipe, run it on local workers or as a Slurm
// job array, and collect it into a CSV (package study).
func runStudy(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stderr, studyUsage)
		if len(args) == 0 {
			return errors.New("missing subcommand")
		}
		return flag.ErrHelp
	}
	sub := map[string]func(context.Context, []string, io.Writer, io.Writer) error{
		"plan": studyPlan, "run": studyRun, "run-one": studyRunOne, "slurm": studySlurm, "status": studyStatus, "collect": studyCollect,
	}[args[0]]
	if sub == nil {
		fmt.Fprint(stderr, studyUsage)
		return fmt.Errorf("unknown subcommand %q", args[0])
	}
	return sub(ctx, args[1:], stdout, stderr)
}

// studyFlags parses "STUDY [flags]" or "[flags] STUDY" and returns STUDY.
func studyFlags(fs *flag.FlagSet, args []string) (string, error) {
	dir := ""
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		dir, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		return "", err
	}
	if dir == "" && fs.NArg() > 0 {
		dir = fs.Arg(0)
		if err := fs.Parse(fs.Args()[1:]); err != nil {
			return "", err
		}
	}
	if fs.NArg() > 0 {
		return "", fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if dir == "" {
		return "", errors.New("missing the study folder STUDY")
	}
	return dir, nil
}

// listFlag is a repeatable string flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, " ") }
func (l *listFlag) Set(s string) error { *l = append(*l, s); return nil }

func parseUints(s, name string) ([]uint64, error) {
	var out []uint64
	for _, f := range strings.Split(s, ",") {
		v, err := strconv.ParseUint(strings.TrimSpace(f), 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%s %q: expected comma-separated non-negative integers", name, s)
		}
		out = append(out, v)
	}
	return out, nil
}

func studyPlan(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o study.PlanOptions
	fs := flag.NewFlagSet("study plan", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.Out, "out", "", "study folder to create (required)")
	fs.Var((*listFlag)(&o.Arches), "arch", "a genotype in any text form, or DARTS_V1/DARTS_V2/PC_DARTS (repeatable)")
	fs.Var((*listFlag)(&o.Files), "genotypes", "genotype file: darts one per line in any form, NASLib JSON or the NB301 zip; nb201 one cell per line (repeatable)")
	fs.StringVar(&o.Sample, "sample", "", "sampled genotypes NAME:N[,NAME:N...]; NAME random, prim, skip, primskip or a constraint JSON file (nb201: random)")
	fs.Uint64Var(&o.SampleSeed, "sample-seed", 0, "seed of --sample")
	fs.StringVar(&o.PruneBase, "prune-base", "", "darts genotype whose pruned variants (edges set to none by operation importance) are trained")
	prune := fs.String("prune", "", "numbers of edges pruned from --prune-base, e.g. 2,4 (default 4)")
	orders := fs.String("prune-order", "most,least", "which edges are pruned first: most and/or least important")
	fs.StringVar(&o.Labels, "labels", "", "labelled NB301 genotypes for the pruning surrogate (default: the NASLib file of the data folder)")
	fs.StringVar(&o.DataDir, "data-dir", "", "benchmark data folder (default $NASRED_DATA, else ../shared/data)")
	seeds := fs.String("seeds", "0", "training seeds, comma-separated: one item per genotype and seed")
	if err := fs.Parse(args); err != nil {
		return err
	}
	o.Recipe = fs.Args()
	var err error
	if o.Seeds, err = parseUints(*seeds, "--seeds"); err != nil {
		return err
	}
	if *prune != "" {
		ks, err := parseUints(*prune, "--prune")
		if err != nil {
			return err
		}
		for _, k := range ks {
			o.Prune = append(o.Prune, int(min(k, 1<<20)))
		}
	}
	if o.PruneBase != "" {
		for _, s := range strings.Split(*orders, ",") {
			ord, err := study.ParseOrder(strings.TrimSpace(s))
			if err != nil {
				return err
			}
			o.PruneOrders = append(o.PruneOrders, ord)
		}
	}
	s, err := study.Plan(ctx, o)
	if err != nil {
		return err
	}
	for _, src := range s.Sources {
		fmt.Fprintln(stderr, src)
	}
	fmt.Fprintf(stdout, "study %s: %d items (space %s, recipe %s)\n", s.Dir, len(s.Items), s.Space, s.RecipeHash)
	return nil
}

// runFlags defines the flags shared by run and run-one.
func runFlags(fs *flag.FlagSet, o *study.RunOptions) {
	fs.IntVar(&o.Retries, "retries", 1, "retry a failed item this many times (resuming from its checkpoint)")
	fs.StringVar(&o.Nasred, "nasred", "", "nasred executable that trains the items (default: this one)")
	fs.StringVar(&o.Backend, "backend", "", "GoMLX backend of the items, e.g. xla:/abs/path/xla_cuda_plugin.so (default $GOMLX_BACKEND, else "+train.DefaultBackend+")")
}

func studyRun(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o := study.RunOptions{Log: stderr, Terminal: isTerminal(stderr)}
	fs := flag.NewFlagSet("study run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&o.Workers, "workers", 1, "items trained at once")
	runFlags(fs, &o)
	dir, err := studyFlags(fs, args)
	if err != nil {
		return err
	}
	sum, err := study.Run(ctx, dir, o)
	if sum != nil {
		fmt.Fprintf(stdout, "%s\n", sum)
	}
	return err
}

func studyRunOne(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o := study.RunOptions{Log: stderr}
	fs := flag.NewFlagSet("study run-one", flag.ContinueOnError)
	fs.SetOutput(stderr)
	index := fs.Int("index", -1, "index of the item in study.json (a Slurm array task passes $SLURM_ARRAY_TASK_ID) (required)")
	runFlags(fs, &o)
	dir, err := studyFlags(fs, args)
	if err != nil {
		return err
	}
	if *index < 0 {
		return errors.New("missing --index")
	}
	return study.RunOne(ctx, dir, *index, o)
}

func studySlurm(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o study.SlurmOptions
	fs := flag.NewFlagSet("study slurm", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.Partition, "partition", "", "Slurm partition")
	fs.StringVar(&o.Gres, "gres", "", "generic resources per task, e.g. gpu:1")
	fs.StringVar(&o.Time, "time", "", "time limit per task, e.g. 4:00:00")
	fs.IntVar(&o.CPUsPerTask, "cpus-per-task", 0, "CPUs per task (0: Slurm's default)")
	fs.IntVar(&o.MaxParallel, "max-parallel", 0, "array tasks running at once (0: no limit)")
	fs.StringVar(&o.Backend, "backend", "", "GoMLX backend of the tasks, e.g. xla:/abs/path/xla_cuda_plugin.so (default: $GOMLX_BACKEND at submission)")
	fs.IntVar(&o.Retries, "retries", 1, "retries of a failed item inside its task")
	fs.StringVar(&o.Nasred, "nasred", "", "nasred executable the tasks run, on a path the nodes see (default: this one)")
	fs.BoolVar(&o.DryRun, "dry-run", false, "write STUDY/slurm/"+study.ScriptFile+" without submitting it")
	dir, err := studyFlags(fs, args)
	if err != nil {
		return err
	}
	sub, err := study.Slurm(ctx, dir, o)
	if err != nil {
		return err
	}
	switch {
	case len(sub.Indices) == 0:
		fmt.Fprintf(stderr, "nothing to submit: every item is done, running or queued (%d queued)\n", sub.Queued)
	case o.DryRun:
		fmt.Fprintf(stderr, "wrote %s: %d items (array %s); submit it with: sbatch %s\n", sub.Script, len(sub.Indices), sub.Array, sub.Script)
	default:
		fmt.Fprintf(stderr, "submitted %s: %d items (array %s)\n", sub.Script, len(sub.Indices), sub.Array)
		fmt.Fprintln(stdout, sub.JobID)
	}
	return nil
}

func studyStatus(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("study status", flag.ContinueOnError)
	fs.SetOutput(stderr)
	verbose := fs.Bool("v", false, "one line per item")
	dir, err := studyFlags(fs, args)
	if err != nil {
		return err
	}
	rep, err := study.Status(ctx, dir, "")
	if err != nil {
		return err
	}
	return rep.Write(stdout, *verbose)
}

func studyCollect(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("study collect", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "CSV file to write (required)")
	dir, err := studyFlags(fs, args)
	if err != nil {
		return err
	}
	n, left, err := study.Collect(dir, *out)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s: %d finished items (%d not finished)\n", *out, n, left)
	return nil
}
