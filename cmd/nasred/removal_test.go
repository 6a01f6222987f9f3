package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRemoval(t *testing.T) {
	labels, model := trainedSurrogate(t)
	dir := t.TempDir()
	ctx := context.Background()
	var stdout, stderr bytes.Buffer
	out := filepath.Join(dir, "rem")
	if code := run(ctx, []string{"removal", "--archs", labels, "--surrogate", model, "--n", "12", "--max-removed", "4", "--fraction", "0.1", "--out", out, "-q"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "12 architectures (ranking: NASLib labelled") {
		t.Errorf("stdout: %s", stdout.String())
	}
	if !strings.Contains(stdout.String(), "original statistics, least important first: median") || !strings.Contains(stdout.String(), "surrogate limits:") {
		t.Errorf("stdout: %s", stdout.String())
	}
	if recs := readCSV(t, filepath.Join(out, "original_steps.csv")); len(recs) != 1+2*4 || recs[0][9] != "marked" || recs[1][0] != "least_first" || recs[5][0] != "most_first" {
		t.Errorf("original_steps.csv: %v", recs)
	}
	for _, f := range []string{"trials.csv", "steps.csv", "original_steps.csv", "removal.png", "removal.svg", "meta.json"} {
		if st, err := os.Stat(filepath.Join(out, f)); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
	if recs := readCSV(t, filepath.Join(out, "trials.csv")); len(recs) != 1+12*2*5 {
		t.Errorf("trials.csv: %d rows, want %d", len(recs), 1+12*2*5)
	}
	if recs := readCSV(t, filepath.Join(out, "steps.csv")); len(recs) != 5 || len(recs[0]) != 11 {
		t.Errorf("steps.csv: %d rows", len(recs))
	}
	for _, args := range [][]string{
		{"removal", "--surrogate", model, "--out", out},
		{"removal", "--archs", labels, "--out", out},
		{"removal", "--archs", labels, "--surrogate", model},
		{"removal", "--archs", labels, "--surrogate", model, "--out", out, "--max-removed", "20"},
		{"removal", "--archs", labels, "--surrogate", model, "--out", out, "--n", "-1"},
		{"removal", "--archs", labels, "--surrogate", model, "--out", out, "--ranking", "oracle"},
	} {
		if code := run(ctx, args, &stdout, &stderr); code == 0 {
			t.Errorf("%v: exit 0", args)
		}
	}
}
