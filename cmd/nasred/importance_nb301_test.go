package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/nasred/nasred/nasred/datadir/datatest"
	"github.com/nasred/nasred/nasred/space/darts"
)

func TestImportanceNB301(t *testing.T) {
	archs := datatest.Path(t, "nb301/naslib_archs_nasbench301.json")
	labels, model := trainedSurrogate(t)
	dir := t.TempDir()
	ctx := context.Background()
	var stdout, stderr bytes.Buffer
	// All 11,221 genotypes.
	out := filepath.Join(dir, "oi.csv")
	if code := run(ctx, []string{"importance", "nb301", "--archs", archs, "--surrogate", model, "--out", out}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "importance: 11221/11221") {
		t.Errorf("no progress on stderr: %s", stderr.String())
	}
	recs := readCSV(t, out)
	if len(recs) != 11222 || len(recs[0]) != 19 || recs[0][1] != "genotype" || recs[0][18] != "oi15" {
		t.Fatalf("%d rows, header %v", len(recs), recs[0])
	}
	for i, r := range recs[1:] {
		if r[0] != strconv.Itoa(i) {
			t.Fatalf("row %d has index %s", i, r[0])
		}
		if _, err := darts.ParseCompact(r[1]); err != nil {
			t.Fatalf("row %d: %v", i, err)
		}
	}
	// Top 5% of the labelled genotypes, ranked by their labels.
	stdout.Reset()
	if code := run(ctx, []string{"importance", "nb301", "--archs", labels, "--surrogate", model, "--select", "top", "--out", out, "-q"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "ranking: NASLib labelled val_accuracy") {
		t.Errorf("stdout does not say the ranking: %s", stdout.String())
	}
	if recs := readCSV(t, out); len(recs) != 37 {
		t.Errorf("top: %d rows, want 36 + header", len(recs)-1)
	}
	var meta struct {
		Ranking string `json:"ranking"`
		Rows    int    `json:"rows"`
	}
	b, _ := os.ReadFile(out + ".meta.json")
	if err := json.Unmarshal(b, &meta); err != nil || meta.Rows != 36 || !strings.HasPrefix(meta.Ranking, "NASLib labelled") {
		t.Errorf("meta: %s (%v)", b, err)
	}
	for _, args := range [][]string{
		{"importance", "nb301", "--surrogate", model, "--out", out},
		{"importance", "nb301", "--archs", labels, "--surrogate", model},
		{"importance", "nb301", "--archs", labels, "--surrogate", model, "--out", out, "--select", "best"},
		{"importance", "nb301", "--archs", labels, "--surrogate", model, "--out", out, "--fraction", "0.9", "--select", "top"},
		{"importance", "nb301", "--archs", filepath.Join(dir, "missing"), "--surrogate", model, "--out", out},
	} {
		stderr.Reset()
		if code := run(ctx, args, &stdout, &stderr); code == 0 {
			t.Errorf("%v: exit 0", args)
		}
	}
}
