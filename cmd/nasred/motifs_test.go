package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	nb201bench "github.com/nasred/nasred/nasred/bench/nb201"
	"github.com/nasred/nasred/nasred/datadir/datatest"
	"github.com/nasred/nasred/nasred/motif"
)

// TestMotifsNB201 runs the CLI contract of issue 3 on the real data: the
// CSV header, parseable patterns in rank order, the figures, and, for the
// top CIFAR-10 cells, motifs with a node of in-degree 2.
func TestMotifsNB201(t *testing.T) {
	dataDir := datatest.Dir(t, nb201bench.NB201CSVPath)
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"motifs", "nb201", "--dataset", "cifar10", "--select", "top", "--threshold", "0.001",
		"--support", "0.05", "--max-vertices", "6", "--seed", "0", "--data", dataDir, "--out", out}, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	t.Log(stdout.String())
	f, err := os.Open(filepath.Join(out, "motifs.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(recs[0], ","); got != "rank,support,ref_incidence,normalised_support,pattern,support_fraction,ref_incidence_fraction,paper_ratio,max_in_degree" {
		t.Fatalf("header %q", got)
	}
	joins := 0
	prev := 1e300
	for i, rec := range recs[1:] {
		v, e, err := motif.ParsePattern(rec[4])
		if err != nil {
			t.Fatalf("row %d: %v", i+1, err)
		}
		sup, _ := strconv.Atoi(rec[1])
		ns, _ := strconv.ParseFloat(rec[3], 64)
		if rec[0] != strconv.Itoa(i+1) || ns > prev || sup < 39 || len(v) < 2 || len(v) > 6 {
			t.Errorf("row %d: %v", i+1, rec)
		}
		prev = ns
		if motif.MaxInDegree(len(v), e) >= 2 {
			joins++
		}
	}
	if joins == 0 {
		t.Error("no motif with a node of in-degree 2 among top CIFAR-10 cells")
	}
	for _, n := range []string{"motif_grid.png", "motif_grid.svg", "support_bars.png", "support_bars.svg", "motifs.json", "motifs.dot", "motifs.txt"} {
		if fi, err := os.Stat(filepath.Join(out, n)); err != nil || fi.Size() == 0 {
			t.Errorf("%s: %v", n, err)
		}
	}
}

func TestMotifsBadFlags(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"motifs"}, "missing search space"},
		{[]string{"motifs", "nb999"}, "unknown search space"},
		{[]string{"motifs", "nb301"}, "--out DIR is required"},
		{[]string{"motifs", "nb301", "--cells", "all", "--out", "x"}, "--cells"},
		{[]string{"motifs", "nb301", "--mode", "paper", "--out", "x"}, "--mode"},
		{[]string{"motifs", "nb301", "--reference", "half", "--out", "x"}, "--reference"},
		{[]string{"motifs", "nb301", "--ranking", "oracle", "--out", "x"}, "--ranking"},
		{[]string{"motifs", "nb301", "--surrogate-depth", "3", "--out", "x"}, "--surrogate-depth"},
		{[]string{"motifs", "nb301", "--surrogate-preset", "deep", "--out", "x"}, "--surrogate-preset"},
		{[]string{"motifs", "nb301", "--surrogate-depth", "2", "--surrogate-preset", "stumps", "--out", "x"}, "disagree"},
		{[]string{"motifs", "nb301", "--surrogate", "m.json", "--surrogate-depth", "2", "--out", "x"}, "not both"},
		{[]string{"motifs", "nb201", "--mode", "paper", "--out", "x"}, "--mode"},
		{[]string{"motifs", "nb201", "--dataset", "cifar10"}, "--out DIR is required"},
		{[]string{"motifs", "nb201", "--dataset", "mnist", "--out", "x"}, "--dataset"},
		{[]string{"motifs", "nb201", "--select", "best", "--out", "x"}, "--select"},
		{[]string{"motifs", "nb201", "--support", "0", "--out", "x"}, "support"},
		{[]string{"motifs", "nb201", "--support", "2.5", "--out", "x"}, "whole number"},
		{[]string{"motifs", "nb201", "--threshold", "NaN", "--out", "x"}, "threshold"},
		{[]string{"motifs", "nb201", "--direction", "sideways", "--out", "x"}, "--direction"},
		{[]string{"motifs", "nb201", "--min-vertices", "5", "--max-vertices", "3", "--out", "x"}, "max vertices"},
		{[]string{"motifs", "nb201", "--out", "x", "extra"}, "unexpected arguments"},
	}
	for _, tc := range tests {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), tc.args, &stdout, &stderr)
		if code == 0 || !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want an error containing %q", tc.args, code, stderr.String(), tc.want)
		}
	}
}

// TestMotifsNB301 runs the reference code's command (normal cells, 2 to 6
// vertices, threshold 0.001) in both modes on the 725 labelled genotypes
// ranked by their labels (top 36): the original mode mines with
// np.round(0.05·36) = 2, the corrected one with floor(0.05·36) = 1, and
// meta.json records mode, ranking and surrogate limits.
func TestMotifsNB301(t *testing.T) {
	labels := datatest.Path(t, "nb301/naslib_zc_nasbench301.json")
	for _, tc := range []struct {
		mode, support, reference string
	}{{"original", "2", "original"}, {"corrected", "1", "exact"}} {
		out := t.TempDir()
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), []string{"motifs", "nb301", "--archs", labels, "--labels", labels, "--ranking", "labels",
			"--min-vertices", "2", "--max-vertices", "4", "--threshold", "0.001", "--cells", "normal", "--mode", tc.mode, "--cv-folds", "0",
			"--out", out, "-q"}, &stdout, &stderr)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", tc.mode, code, stderr.String())
		}
		if !strings.Contains(stdout.String(), "36 normal cells of the top 36") || !strings.Contains(stdout.String(), "mode "+tc.mode) {
			t.Errorf("%s: stdout %s", tc.mode, stdout.String())
		}
		b, err := os.ReadFile(filepath.Join(out, "meta.json"))
		if err != nil {
			t.Fatal(err)
		}
		var meta map[string]any
		if err := json.Unmarshal(b, &meta); err != nil {
			t.Fatal(err)
		}
		if meta["mode"] != tc.mode || fmt.Sprint(meta["min_support"]) != tc.support || meta["reference"] != tc.reference ||
			!strings.Contains(fmt.Sprint(meta["ranking"]), "labelled") || !strings.Contains(fmt.Sprint(meta["surrogate_limits"]), "additive") {
			t.Errorf("%s: meta %v", tc.mode, meta)
		}
		recs := readCSV(t, filepath.Join(out, "motifs.csv"))
		for _, rec := range recs[1:] {
			sup, _ := strconv.Atoi(rec[1])
			inc, _ := strconv.Atoi(rec[2])
			ratio, _ := strconv.ParseFloat(rec[7], 64)
			frac, _ := strconv.ParseFloat(rec[5], 64)
			if want := float64(sup) / float64(inc); ratio != want || math.Abs(frac-float64(sup)/36) > 1e-12 {
				t.Errorf("%s: row %v: paper ratio %v, want %v; fraction %v", tc.mode, rec, ratio, want, frac)
			}
		}
	}
}
