package main

import (
	"context"
	"io"
	"path/filepath"
	"testing"

	nb201bench "github.com/nasred/nasred/nasred/bench/nb201"
	"github.com/nasred/nasred/nasred/datadir/datatest"
)

// BenchmarkImportanceNB201CLI runs "nasred importance nb201" for all
// 15,625 cells in-process: read the CSV, compute OI, write the CSV.
func BenchmarkImportanceNB201CLI(b *testing.B) {
	datatest.Path(b, nb201bench.NB201CSVPath)
	out := filepath.Join(b.TempDir(), "oi.csv")
	for b.Loop() {
		if code := run(context.Background(), []string{"importance", "nb201", "--dataset", "cifar10", "--out", out}, io.Discard, io.Discard); code != 0 {
			b.Fatal("exit", code)
		}
	}
}
