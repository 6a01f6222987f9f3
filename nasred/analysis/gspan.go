package analysis

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/nasred/nasred/internal/input"
	"github.com/nasred/nasred/nasred/atomicfile"
	"github.com/nasred/nasred/nasred/gspan"
)

// GspanFileOptions are the settings of "nasred gspan"; every flag is a
// field.
type GspanFileOptions struct {
	// In is the input file in the gSpan text format ("-": Stdin).
	In string
	// Support is a count of graphs or a fraction such as 0.05.
	Support string
	// Directed mines directed patterns.
	Directed bool
	// MinVertices, MaxVertices (0: no maximum), MaxPatterns (0: no
	// budget) and Workers (0: all CPUs) tune the search; Timeout (0:
	// none) stops it.
	MinVertices, MaxVertices, MaxPatterns, Workers int
	Timeout                                        time.Duration
	// Out is the output file (written atomically); "" writes to Stdout.
	Out string
	// Progress is the interval of progress lines on Stderr (0: none).
	Progress time.Duration
	// Bench times mining at BenchSupports (comma-separated fractions)
	// instead: on In when given, else on BenchGraphs synthetic molecules
	// of seed BenchSeed.
	Bench         bool
	BenchGraphs   int
	BenchSeed     uint64
	BenchSupports string
	// Stdin, Stdout and Stderr are the command's streams.
	Stdin          io.Reader
	Stdout, Stderr io.Writer
}

// GspanFile runs "nasred gspan": it mines the frequent subgraphs of o.In
// and streams them, in order, in gBolt's output format to o.Out, or with
// o.Bench times mining instead.
func GspanFile(ctx context.Context, o GspanFileOptions) error {
	var graphs []gspan.Graph
	if o.In != "" {
		var err error
		if graphs, err = readGraphFile(ctx, o.In, o.Stdin); err != nil {
			return err
		}
		if len(graphs) == 0 {
			return fmt.Errorf("%s: no graphs (expected \"t # id\" lines)", o.In)
		}
	}
	if o.Bench {
		var sups []float64
		for _, s := range strings.Split(o.BenchSupports, ",") {
			f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
			if err != nil {
				return fmt.Errorf("--bench-supports %q: expected comma-separated fractions", o.BenchSupports)
			}
			sups = append(sups, f)
		}
		rs, err := gspan.RunBench(ctx, gspan.BenchOptions{
			Graphs: graphs, NGraphs: o.BenchGraphs, Seed: o.BenchSeed, Supports: sups,
			Directed: o.Directed, MaxVertices: o.MaxVertices, Workers: o.Workers, Timeout: o.Timeout,
		})
		for _, r := range rs {
			fmt.Fprintln(o.Stdout, r)
		}
		return err
	}
	if o.In == "" {
		return errors.New("--in is required (a file of graphs in the gSpan format)")
	}
	if o.Support == "" {
		return errors.New("--support is required (a count of graphs or a fraction such as 0.05)")
	}
	minSup, err := gspan.ParseSupport(o.Support, len(graphs))
	if err != nil {
		return fmt.Errorf("--support: %w", err)
	}
	opt := gspan.Options{
		Directed:    o.Directed,
		MinSupport:  minSup,
		MinVertices: o.MinVertices,
		MaxVertices: o.MaxVertices,
		MaxPatterns: o.MaxPatterns,
		Workers:     o.Workers,
	}
	if o.Timeout > 0 {
		opt.Deadline = time.Now().Add(o.Timeout)
	}
	if o.Progress > 0 {
		opt.ProgressEvery = o.Progress
		opt.Progress = func(p gspan.Progress) {
			fmt.Fprintf(o.Stderr, "gspan: %d patterns so far, %d/%d first-edge branches done, %s\n",
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
			fmt.Fprintf(o.Stderr, "gspan: search stopped early (%s): the patterns written are not all frequent patterns\n", res.Reason)
		}
		if o.Progress > 0 && time.Since(start) > o.Progress {
			fmt.Fprintf(o.Stderr, "gspan: done (support >= %d of %d graphs) in %s\n",
				minSup, len(graphs), time.Since(start).Round(time.Millisecond))
		}
		return nil
	}
	if o.Out == "" {
		return mine(o.Stdout)
	}
	return atomicfile.Write(o.Out, mine)
}

// GspanFileMaxBytes bounds a gSpan graph file (--in; raise it with
// NASRED_MAX_INPUT_BYTES): 1 GiB, where the largest real one here,
// Compound_422, has 285 KB. The file is read line by line.
const GspanFileMaxBytes = 1 << 30

func readGraphFile(ctx context.Context, path string, stdin io.Reader) ([]gspan.Graph, error) {
	var f *input.File
	if path == input.Stdin && stdin != nil {
		f = input.FromReader(ctx, stdin, "stdin", input.Limit{What: "a gSpan graph file (--in)", Bytes: GspanFileMaxBytes})
	} else {
		var err error
		if f, err = input.Open(ctx, path, input.Limit{What: "a gSpan graph file (--in)", Bytes: GspanFileMaxBytes}); err != nil {
			return nil, err
		}
	}
	defer f.Close()
	return gspan.ReadGraphs(f, f.Name())
}
