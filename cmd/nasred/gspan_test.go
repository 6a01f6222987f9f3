package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nasred/nasred/nasred/datadir/datatest"
	"github.com/nasred/nasred/nasred/gspan"
)

const gspanCells = `t # 0
v 0 input1
v 1 input2
v 2 op
e 0 2 conv3x3
e 1 2 skip
t # 1
v 0 input1
v 1 input2
v 2 op
v 3 op
e 0 2 conv3x3
e 1 2 skip
e 2 3 conv1x1
t # 2
v 0 input1
v 1 op
e 1 0 conv3x3
`

func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestGspanCLI(t *testing.T) {
	in := writeTemp(t, "cells.txt", gspanCells)
	cases := []struct {
		name  string
		args  []string
		count int // patterns expected
		check func(t *testing.T, ps []gspan.Pattern)
	}{
		{"directed count", []string{"--support", "2", "--directed"}, 3, func(t *testing.T, ps []gspan.Pattern) {
			// input1->op, input2->op and the join input1->op<-input2.
			join := false
			for _, p := range ps {
				in := map[int]int{}
				for _, e := range p.Edges {
					in[e.To]++
					join = join || in[e.To] == 2
				}
			}
			if !join {
				t.Error("the join with an in-degree-2 vertex is missing")
			}
		}},
		// 2/3 of 3 graphs = floor(2.0) = 2.
		{"fraction", []string{"--support", "0.67", "--directed"}, 3, nil},
		// Undirected, op-input1 occurs in all three graphs.
		{"undirected", []string{"--support", "3"}, 1, func(t *testing.T, ps []gspan.Pattern) {
			if ps[0].Support != 3 {
				t.Errorf("support %d, want 3", ps[0].Support)
			}
		}},
		{"min vertices", []string{"--support", "2", "--directed", "--min-vertices", "3"}, 1, nil},
		{"max vertices", []string{"--support", "1", "--directed", "--max-vertices", "2"}, 4, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := run(context.Background(), append([]string{"gspan", "--in", in}, c.args...), &out, &errb)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errb.String())
			}
			ps, err := gspan.ReadPatterns(&out, "stdout")
			if err != nil {
				t.Fatal(err)
			}
			if len(ps) != c.count {
				t.Fatalf("%d patterns, want %d:\n%s", len(ps), c.count, out.String())
			}
			if c.check != nil {
				c.check(t, ps)
			}
		})
	}
}

func TestGspanCLIOutFile(t *testing.T) {
	in := writeTemp(t, "cells.txt", gspanCells)
	outPath := filepath.Join(t.TempDir(), "sub", "patterns.txt")
	var stdout, errb bytes.Buffer
	if code := run(context.Background(), []string{"gspan", "--in", in, "--support", "2", "--directed", "--out", outPath}, &stdout, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if stdout.Len() != 0 {
		t.Errorf("stdout not empty with --out: %q", stdout.String())
	}
	b, err := os.ReadFile(outPath)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(b), "t # 0 * 2\n") || !strings.Contains(string(b), "x: 0 1 \n\n") {
		t.Errorf("unexpected output:\n%s", b)
	}
}

func TestGspanCLIErrors(t *testing.T) {
	in := writeTemp(t, "cells.txt", gspanCells)
	bad := writeTemp(t, "bad.txt", "t # 0\nv 0 a\nv 1 b\ne 0 5 x\n")
	empty := writeTemp(t, "empty.txt", "\n")
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"--support", "2"}, "--in is required"},
		{[]string{"--in", in}, "--support is required"},
		{[]string{"--in", in, "--support", "1.5"}, "fraction must be in (0, 1]"},
		{[]string{"--in", in, "--support", "x"}, "expected a count"},
		{[]string{"--in", in, "--support", "2", "--max-vertices", "1"}, "MaxVertices 1"},
		{[]string{"--in", bad, "--support", "1"}, "bad.txt:4: edge end point 5"},
		{[]string{"--in", empty, "--support", "1"}, "no graphs"},
		{[]string{"--in", filepath.Join(t.TempDir(), "missing"), "--support", "1"}, "no such file"},
		{[]string{"--in", in, "--support", "1", "extra"}, "unexpected arguments"},
	}
	for _, c := range cases {
		var out, errb bytes.Buffer
		code := run(context.Background(), append([]string{"gspan"}, c.args...), &out, &errb)
		if code == 0 || !strings.Contains(errb.String(), c.want) {
			t.Errorf("%v: exit %d, stderr %q; want failure mentioning %q", c.args, code, errb.String(), c.want)
		}
	}
}

func TestGspanCLIBudget(t *testing.T) {
	in := writeTemp(t, "cells.txt", gspanCells)
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"gspan", "--in", in, "--support", "1", "--directed", "--max-patterns", "2", "--workers", "1"}, &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	ps, err := gspan.ReadPatterns(&out, "stdout")
	if err != nil || len(ps) != 2 || !strings.Contains(errb.String(), "stopped early (max patterns)") {
		t.Errorf("%d patterns, err %v, stderr %q", len(ps), err, errb.String())
	}
}

func TestGspanCLIBench(t *testing.T) {
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"gspan", "--bench", "--bench-graphs", "40", "--bench-supports", "0.2,0.1"}, &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], "support 0.2 (8 of 40 graphs") || !strings.Contains(lines[1], "patterns in") {
		t.Errorf("unexpected bench output:\n%s", out.String())
	}
}

// TestGspanCLICompound422 runs the contract on the chemical benchmark:
// 932 patterns with edges at support 0.2, as gBolt.
func TestGspanCLICompound422(t *testing.T) {
	p := datatest.Path(t, "gspan/Compound_422")
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"gspan", "--in", p, "--support", "0.2"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	ps, err := gspan.ReadPatterns(&out, "stdout")
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 932 {
		t.Errorf("%d patterns, want 932", len(ps))
	}
}
