package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/nasred/nasred/nasred/atomicfile"
)

func main() {
	if err := run(os.Args[1:], os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "mknb:", err)
		os.Exit(1)
	}
}

// run parses the command line and regenerates or checks the notebooks.
func run(args []string, log io.Writer) error {
	fl := flag.NewFlagSet("mknb", flag.ContinueOnError)
	fl.SetOutput(log)
	dir := fl.String("dir", "notebooks", "notebooks folder; sources are in its src/ subfolder")
	check := fl.Bool("check", false, "only check that every notebook equals what its source generates and has no outputs")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if fl.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q (usage: mknb [-check] [-dir DIR])", fl.Args())
	}
	if *check {
		problems, err := Check(*dir)
		if err != nil {
			return err
		}
		if len(problems) > 0 {
			for _, p := range problems {
				fmt.Fprintln(log, p)
			}
			return fmt.Errorf("%d notebook(s) out of sync with %s; edit the sources, then run `go run ./internal/cmd/mknb`",
				len(problems), filepath.Join(*dir, "src"))
		}
		return nil
	}
	written, err := Generate(*dir)
	for _, p := range written {
		fmt.Fprintln(log, "wrote", p)
	}
	return err
}

// notebook is one source and the notebook generated from it.
type notebook struct {
	src, out string // paths
	want     []byte // generated notebook
}

// notebooks generates the notebook of every source in dir/src, sorted by name.
func notebooks(dir string) ([]notebook, error) {
	srcs, err := filepath.Glob(filepath.Join(dir, "src", "*.gonb"))
	if err != nil {
		return nil, err
	}
	if len(srcs) == 0 {
		return nil, fmt.Errorf("no notebook sources (*.gonb) in %s", filepath.Join(dir, "src"))
	}
	sort.Strings(srcs)
	nbs := make([]notebook, 0, len(srcs))
	for _, src := range srcs {
		text, err := os.ReadFile(src)
		if err != nil {
			return nil, err
		}
		want, err := Convert(src, text)
		if err != nil {
			return nil, err
		}
		name := strings.TrimSuffix(filepath.Base(src), ".gonb") + ".ipynb"
		nbs = append(nbs, notebook{src: src, out: filepath.Join(dir, name), want: want})
	}
	return nbs, nil
}

// Generate writes dir/NAME.ipynb for every source dir/src/NAME.gonb whose
// notebook is missing or differs, and returns the paths written.
func Generate(dir string) ([]string, error) {
	nbs, err := notebooks(dir)
	if err != nil {
		return nil, err
	}
	var written []string
	for _, nb := range nbs {
		have, err := os.ReadFile(nb.out)
		if err == nil && bytes.Equal(have, nb.want) {
			continue
		}
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return written, err
		}
		if err := atomicfile.WriteBytes(nb.out, nb.want); err != nil {
			return written, fmt.Errorf("writing notebook of %s: %w", nb.src, err)
		}
		written = append(written, nb.out)
	}
	return written, nil
}

// Check compares every notebook in dir with what its source generates and
// returns one line per problem: a notebook missing, stale, carrying
// outputs, or without a source.
func Check(dir string) ([]string, error) {
	nbs, err := notebooks(dir)
	if err != nil {
		return nil, err
	}
	var problems []string
	known := make(map[string]bool, len(nbs))
	for _, nb := range nbs {
		known[nb.out] = true
		have, err := os.ReadFile(nb.out)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			problems = append(problems, fmt.Sprintf("%s: missing (source %s)", nb.out, nb.src))
		case err != nil:
			return nil, err
		case !bytes.Equal(have, nb.want):
			problems = append(problems, fmt.Sprintf("%s: %s", nb.out, difference(have, nb.want, nb.src)))
		}
	}
	all, err := filepath.Glob(filepath.Join(dir, "*.ipynb"))
	if err != nil {
		return nil, err
	}
	for _, p := range all {
		if !known[p] {
			problems = append(problems, fmt.Sprintf("%s: no source %s", p,
				filepath.Join(dir, "src", strings.TrimSuffix(filepath.Base(p), ".ipynb")+".gonb")))
		}
	}
	return problems, nil
}

// difference says how a committed notebook differs from the generated one.
func difference(have, want []byte, src string) string {
	var nb struct {
		Cells []struct {
			Outputs        []json.RawMessage `json:"outputs"`
			ExecutionCount *int              `json:"execution_count"`
		} `json:"cells"`
	}
	if err := json.Unmarshal(have, &nb); err != nil {
		return fmt.Sprintf("not valid notebook JSON (%v); regenerate it from %s", err, src)
	}
	withOutputs := 0
	for _, c := range nb.Cells {
		if len(c.Outputs) > 0 || c.ExecutionCount != nil {
			withOutputs++
		}
	}
	if withOutputs > 0 {
		return fmt.Sprintf("has outputs in %d cell(s); committed notebooks must be output-free", withOutputs)
	}
	hl, wl := bytes.Split(have, []byte("\n")), bytes.Split(want, []byte("\n"))
	line := 1
	for line <= len(hl) && line <= len(wl) && bytes.Equal(hl[line-1], wl[line-1]) {
		line++
	}
	return fmt.Sprintf("stale: differs from what %s generates from line %d on", src, line)
}
