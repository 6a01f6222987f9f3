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
	}
	for _, tc := range bad {
		_, errs, code := sampleCLI(t, tc.args...)
		if code == 0 || !strings.Contains(errs, tc.want) {
			t.Errorf("%v: exit %d, stderr %q, want %q", tc.args, code, errs, tc.want)
		}
	}
}
