package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/nasred/nasred/nasred/analysis"
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
	return analysis.GspanFile(ctx, analysis.GspanFileOptions{
		In: *in, Support: *support, Directed: *directed,
		MinVertices: *minV, MaxVertices: *maxV, MaxPatterns: *maxP, Workers: *workers, Timeout: *timeout,
		Out: *out, Progress: *progress,
		Bench: *bench, BenchGraphs: *benchGraphs, BenchSeed: *benchSeed, BenchSupports: *benchSupports,
		Stdin: os.Stdin, Stdout: stdout, Stderr: stderr,
	})
}
