package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/nasred/nasred/nasred/atomicfile"
	"github.com/nasred/nasred/nasred/gspan"
)

// runGspan mines frequent subgraphs of a gSpan-format file:
//
//	nasred gspan --in FILE --support N [--directed] [--min-vertices 2]
//	    [--max-vertices 0] [--out FILE]
//
// and writes the patterns in gBolt's output format. With --bench it times
// mining instead (synthetic molecules, or --in) at --bench-supports.
func runGspan(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("gspan", flag.ContinueOnError)
	fs.SetOutput(stderr)
	in := fs.String("in", "", "input graphs in the gSpan text format (t/v/e lines); - for stdin")
	support := fs.String("support", "", "minimum support: a count of graphs (integer) or a fraction such as 0.05")
	directed := fs.Bool("directed", false, "mine directed patterns (\"e u v\" means u -> v)")
	minV := fs.Int("min-vertices", 2, "smallest number of vertices of a reported pattern")
	maxV := fs.Int("max-vertices", 0, "largest number of vertices of a pattern (0: no maximum)")
	maxP := fs.Int("max-patterns", 0, "stop after this many patterns (0: no budget); the output is then incomplete")
	timeout := fs.Duration("timeout", 0, "stop after this long (0: none); the output is then incomplete")
	workers := fs.Int("workers", 0, "goroutines mining in parallel (0: all CPUs)")
	out := fs.String("out", "", "output file (written atomically); stdout when empty")
	progress := fs.Duration("progress", 5*time.Second, "interval of progress lines on stderr (0: none)")
	bench := fs.Bool("bench", false, "time mining at --bench-supports instead (synthetic molecules unless --in is given)")
	benchGraphs := fs.Int("bench-graphs", 300, "number of synthetic molecules for --bench")
	benchSeed := fs.Uint64("bench-seed", 1, "seed of the synthetic molecules for --bench")
	benchSupports := fs.String("bench-supports", "0.1,0.05", "comma-separated support fractions for --bench")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: nasred gspan --in FILE --support N [--directed] [--min-vertices 2] [--max-vertices 0] [--out FILE]")
		fmt.Fprintln(stderr, "       nasred gspan --bench [--in FILE] [--bench-supports 0.1,0.05] [--directed]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	var graphs []gspan.Graph
	if *in != "" {
		var err error
		if graphs, err = readGraphFile(*in); err != nil {
			return err
		}
		if len(graphs) == 0 {
			return fmt.Errorf("%s: no graphs (expected \"t # id\" lines)", *in)
		}
	}
	if *bench {
		var sups []float64
		for _, s := range strings.Split(*benchSupports, ",") {
			f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
			if err != nil {
				return fmt.Errorf("--bench-supports %q: expected comma-separated fractions", *benchSupports)
			}
			sups = append(sups, f)
		}
		rs, err := gspan.RunBench(ctx, gspan.BenchOptions{
			Graphs: graphs, NGraphs: *benchGraphs, Seed: *benchSeed, Supports: sups,
			Directed: *directed, MaxVertices: *maxV, Workers: *workers, Timeout: *timeout,
		})
		for _, r := range rs {
			fmt.Fprintln(stdout, r)
		}
		return err
	}
	if *in == "" {
		return errors.New("--in is required (a file of graphs in the gSpan format)")
	}
	if *support == "" {
		return errors.New("--support is required (a count of graphs or a fraction such as 0.05)")
	}
	minSup, err := gspan.ParseSupport(*support, len(graphs))
	if err != nil {
		return fmt.Errorf("--support: %w", err)
	}
	opt := gspan.Options{
		Directed:    *directed,
		MinSupport:  minSup,
		MinVertices: *minV,
		MaxVertices: *maxV,
		MaxPatterns: *maxP,
		Workers:     *workers,
	}
	if *timeout > 0 {
		opt.Deadline = time.Now().Add(*timeout)
	}
	if *progress > 0 {
		opt.ProgressEvery = *progress
		opt.Progress = func(p gspan.Progress) {
			fmt.Fprintf(stderr, "gspan: %d patterns so far, %d/%d first-edge branches done, %s\n",
				p.Patterns, p.BranchesDone, p.Branches, p.Elapsed.Round(time.Second))
		}
	}
	// Patterns are streamed to the output as they are found, in order.
	mine := func(w io.Writer) error {
		pw := gspan.NewPatternWriter(w)
		opt.OnPattern = pw.Write
		opt.DiscardPatterns = true
		start := time.Now()
		res, err := gspan.Mine(ctx, graphs, opt)
		if err != nil {
			return err
		}
		if err := pw.Flush(); err != nil {
			return err
		}
		if !res.Complete {
			fmt.Fprintf(stderr, "gspan: search stopped early (%s): the patterns written are not all frequent patterns\n", res.Reason)
		}
		if *progress > 0 && time.Since(start) > *progress {
			fmt.Fprintf(stderr, "gspan: done (support >= %d of %d graphs) in %s\n",
				minSup, len(graphs), time.Since(start).Round(time.Millisecond))
		}
		return nil
	}
	if *out == "" {
		return mine(stdout)
	}
	return atomicfile.Write(*out, mine)
}

func readGraphFile(path string) ([]gspan.Graph, error) {
	if path == "-" {
		return gspan.ReadGraphs(os.Stdin, "stdin")
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return gspan.ReadGraphs(f, path)
}
