package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/nasred/nasred/internal/pyoracle"
	nb201bench "github.com/nasred/nasred/nasred/bench/nb201"
	"github.com/nasred/nasred/nasred/datadir/datatest"
)

func nb201CSV(t *testing.T) string {
	t.Helper()
	return datatest.Path(t, nb201bench.NB201CSVPath)
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// TestImportanceNB201MatchesPython compares the CLI's OI for all 15,625
// cells with an independent Python implementation on each data set.
func TestImportanceNB201MatchesPython(t *testing.T) {
	csvPath := nb201CSV(t)
	py := pyoracle.Python(t)
	dir := t.TempDir()
	for _, ds := range []string{"cifar10", "cifar100", "ImageNet16-120"} {
		goOut := filepath.Join(dir, ds+".go.csv")
		pyOut := filepath.Join(dir, ds+".py.csv")
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), []string{"importance", "nb201", "--dataset", ds, "--out", goOut}, &stdout, &stderr); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr.String())
		}
		cmd := exec.Command(py, "testdata/oi_reference.py", csvPath, ds, pyOut)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("python: %v\n%s", err, out)
		}
		g, p := readCSV(t, goOut), readCSV(t, pyOut)
		if len(g) != 15626 || len(p) != 15626 {
			t.Fatalf("%s: %d and %d lines", ds, len(g), len(p))
		}
		if strings.Join(g[0], ",") != "index,arch,err,oi0,oi1,oi2,oi3,oi4,oi5" {
			t.Fatalf("header %v", g[0])
		}
		worst := 0.0
		for i := 1; i < len(g); i++ {
			if g[i][0] != p[i][0] || g[i][1] != p[i][1] {
				t.Fatalf("%s line %d: %v vs %v", ds, i, g[i][:2], p[i][:2])
			}
			for c := 2; c < 9; c++ {
				a, err1 := strconv.ParseFloat(g[i][c], 64)
				b, err2 := strconv.ParseFloat(p[i][c], 64)
				if err1 != nil || err2 != nil {
					t.Fatalf("line %d col %d: %q %q", i, c, g[i][c], p[i][c])
				}
				worst = math.Max(worst, math.Abs(a-b))
			}
		}
		if worst > 1e-12 {
			t.Errorf("%s: max |Go - Python| = %g > 1e-12", ds, worst)
		}
		t.Logf("%s: max |Go - Python| = %g", ds, worst)
	}
}

func TestImportanceNB201Select(t *testing.T) {
	nb201CSV(t)
	dir := t.TempDir()
	for _, tt := range []struct {
		args []string
		rows int
	}{
		{[]string{"--select", "top"}, 781},
		{[]string{"--select", "bottom", "--fraction", "0.1"}, 1562},
		{[]string{"--select", "middle", "--seed", "3"}, 1562},
		{[]string{"--select", "uniform"}, 1000},
	} {
		out := filepath.Join(dir, "sel.csv")
		var stdout, stderr bytes.Buffer
		args := append([]string{"importance", "nb201", "--dataset", "cifar100", "--out", out}, tt.args...)
		if code := run(context.Background(), args, &stdout, &stderr); code != 0 {
			t.Fatalf("%v: exit %d: %s", tt.args, code, stderr.String())
		}
		recs := readCSV(t, out)
		if len(recs)-1 != tt.rows {
			t.Errorf("%v: %d rows, want %d", tt.args, len(recs)-1, tt.rows)
		}
		prev := -1
		for _, r := range recs[1:] {
			i, _ := strconv.Atoi(r[0])
			if i <= prev {
				t.Fatalf("%v: rows not sorted by index", tt.args)
			}
			prev = i
		}
	}
}

func TestImportanceBadFlags(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "x.csv")
	for _, tt := range []struct {
		args    []string
		wantSub string
	}{
		{[]string{"importance"}, "missing search space"},
		{[]string{"importance", "nb999"}, `unknown search space "nb999"`},
		{[]string{"importance", "nb201", "--dataset", "mnist", "--out", out}, "--dataset"},
		{[]string{"importance", "nb201", "--select", "best", "--out", out}, "--select"},
		{[]string{"importance", "nb201"}, "--out"},
		{[]string{"importance", "nb201", "--fraction", "0.7", "--select", "top", "--out", out}, "fraction"},
		{[]string{"importance", "nb201", "--data", filepath.Join(dir, "none"), "--out", out}, "not found"},
		{[]string{"importance", "nb201", "--fraction", "abc", "--out", out}, "invalid value"},
	} {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), tt.args, &stdout, &stderr)
		if code == 0 {
			t.Errorf("%v: exit 0", tt.args)
			continue
		}
		if !strings.Contains(stderr.String(), tt.wantSub) {
			t.Errorf("%v: stderr %q does not mention %q", tt.args, stderr.String(), tt.wantSub)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("%v: output written despite the error", tt.args)
		}
	}
}
