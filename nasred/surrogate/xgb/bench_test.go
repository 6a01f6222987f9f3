package xgb

import (
	"context"
	"math"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/nasred/nasred/internal/pyoracle"
)

// BenchmarkVersusXGBoost trains an NB301-like model (300 trees, NB301's
// depth 13 / min_child_weight 39 settings) with Debian's xgboost, times
// xgboost predicting 100,000 rows with 2 threads (testdata/bench_xgb.py),
// then times nasred predicting the same rows with the same model read from
// its JSON file. It reports nasred's rows/s, xgboost's (predict on a fresh
// DMatrix, and inplace_predict) and the ratio. Skipped without
// a python3 with xgboost (package pyoracle).
//
//	go test -run XXX -bench VersusXGBoost -benchtime 5x ./nasred/surrogate/xgb/
func BenchmarkVersusXGBoost(b *testing.B) {
	python := pyoracle.Python(b, "xgboost", "numpy")
	dir := b.TempDir()
	const rows = 100000
	out, err := exec.Command(python, "testdata/bench_xgb.py", dir, "300", strconv.Itoa(rows), "2").CombinedOutput()
	if err != nil {
		b.Fatalf("bench_xgb.py: %v\n%s", err, out)
	}
	rate := func(key string) float64 {
		m := regexp.MustCompile(key + `=(\d+)`).FindSubmatch(out)
		if m == nil {
			b.Fatalf("no %s in %s", key, out)
		}
		v, _ := strconv.ParseFloat(string(m[1]), 64)
		return v
	}
	pyRate, pyInplace := rate("xgboost_rows_per_s"), rate("xgboost_inplace_rows_per_s")
	m, err := ReadFile(filepath.Join(dir, "model.json"))
	if err != nil {
		b.Fatal(err)
	}
	X := readF32(b, filepath.Join(dir, "X.bin"))
	want := readF32(b, filepath.Join(dir, "pred.bin"))
	got := make([]float32, rows)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := m.Predict(context.Background(), X, got); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	for i := range got {
		if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
			b.Fatalf("row %d: nasred %v, xgboost %v", i, got[i], want[i])
		}
	}
	goRate := float64(rows*b.N) / b.Elapsed().Seconds()
	b.ReportMetric(goRate, "rows/s")
	b.ReportMetric(pyRate, "xgboost-rows/s")
	b.ReportMetric(pyInplace, "xgboost-inplace-rows/s")
	b.ReportMetric(goRate/pyRate, "x-xgboost")
}
