package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nasred/nasred/nasred/space/darts"
)

func sampleCLI(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), append([]string{"sample"}, args...), &stdout, &stderr)
	return stdout.String(), stderr.String(), code
}

// TestSampleCLI checks the contract of issue 4: N lines, each a genotype
// in NASLib compact list form, satisfying the constraint, reproducible
// for a seed.
func TestSampleCLI(t *testing.T) {
	for _, name := range []string{"random", "prim", "skip", "primskip"} {
		out, errs, code := sampleCLI(t, "--constraint", name, "-n", "25", "--seed", "3")
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", name, code, errs)
		}
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		if len(lines) != 25 {
			t.Fatalf("%s: %d lines, want 25", name, len(lines))
		}
		c, _ := darts.BuiltinConstraint(name)
		for _, l := range lines {
			if !strings.HasPrefix(l, "[[(") || !strings.HasSuffix(l, ")]]") {
				t.Fatalf("%s: line %q is not in compact list form", name, l)
			}
			g, err := darts.ParseCompact(l)
			if err != nil {
				t.Fatal(err)
			}
			if g.CompactString() != l {
				t.Fatalf("%s: line %q is not canonical compact form", name, l)
			}
			if err := c.Check(g); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		}
		again, _, _ := sampleCLI(t, "--constraint", name, "-n", "25", "--seed", "3")
		if again != out {
			t.Errorf("%s: same seed, different output", name)
		}
		other, _, _ := sampleCLI(t, "--constraint", name, "-n", "25", "--seed", "4")
		if other == out {
			t.Errorf("%s: seeds 3 and 4 give the same output", name)
		}
	}
}

func TestSampleCLIOptions(t *testing.T) {
	out, errs, code := sampleCLI(t, "--constraint", "prim", "-n", "3", "--seed", "1", "--format", "darts")
	if code != 0 || strings.Count(out, "Genotype(normal=") != 3 {
		t.Fatalf("darts format: exit %d, %q, %s", code, out, errs)
	}
	dir := t.TempDir()
	spec := filepath.Join(dir, "spec.json")
	os.WriteFile(spec, []byte(`{"ops": ["sep_conv_3x3"]}`), 0o644)
	dst := filepath.Join(dir, "out.txt")
	if _, errs, code := sampleCLI(t, "--constraint-file", spec, "-n", "4", "--seed", "1", "--out", dst); code != 0 {
		t.Fatalf("constraint file: %s", errs)
	}
	b, _ := os.ReadFile(dst)
	lines := strings.Fields(strings.ReplaceAll(string(b), ", ", ","))
	if len(lines) != 4 || strings.Contains(string(b), ", 2)") {
		t.Errorf("constraint file output %q", b)
	}
	out, _, code = sampleCLI(t, "-n", "0")
	if code != 0 || out != "" {
		t.Errorf("-n 0: exit %d, %q", code, out)
	}
	bad := []struct {
		args []string
		want string
	}{
		{[]string{"--constraint", "bogus"}, `unknown constraint "bogus"`},
		{[]string{"-n", "-1"}, "N must be >= 0, got -1"},
		{[]string{"--format", "xml"}, `unknown format "xml"`},
		{[]string{"--constraint-file", filepath.Join(dir, "missing.json")}, "missing.json"},
		{[]string{"extra"}, "unexpected arguments"},
		{[]string{"--seed", "-3"}, "invalid value"},
		{[]string{"--wiring", "some"}, `unknown wiring "some"`},
	}
	for _, tc := range bad {
		_, errs, code := sampleCLI(t, tc.args...)
		if code == 0 || !strings.Contains(errs, tc.want) {
			t.Errorf("%v: exit %d, stderr %q, want %q", tc.args, code, errs, tc.want)
		}
	}
}

// TestSampleCLIWiring: --wiring original draws the reference code's Skip
// sampler, whose node 3 reads only the two cell inputs; --wiring all
// (the default) lets node 3 read node 2 as well.
func TestSampleCLIWiring(t *testing.T) {
	count := func(wiring string) (node3FromNode2, n int) {
		out, errs, code := sampleCLI(t, "--constraint", "skip", "-n", "300", "--seed", "4", "--wiring", wiring)
		if code != 0 {
			t.Fatalf("--wiring %s: exit %d: %s", wiring, code, errs)
		}
		for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
			g, err := darts.ParseGenotype(line)
			if err != nil {
				t.Fatal(err)
			}
			n++
			for _, cell := range [][darts.CellEdges]darts.Edge{g.Normal, g.Reduce} {
				if cell[2].Input == 2 || cell[3].Input == 2 {
					node3FromNode2++
				}
			}
		}
		return node3FromNode2, n
	}
	if k, n := count("original"); k != 0 || n != 300 {
		t.Errorf("original wiring: %d of %d genotypes have node 3 reading node 2", k, n)
	}
	// All wiring: node 3 reads node 2 on one of its two distinct inputs
	// with probability 2/3 per cell; in 600 cells, far from 0.
	if k, _ := count("all"); k < 300 {
		t.Errorf("all wiring: only %d of 600 cells have node 3 reading node 2", k)
	}
}
