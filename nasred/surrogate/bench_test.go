package surrogate

import (
	"bytes"
	"context"
	"encoding/binary"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/nasred/nasred/nasred/bench/nb301"
	"github.com/nasred/nasred/nasred/space/darts"
	"github.com/nasred/nasred/nasred/surrogate/xgb"
)

var (
	benchOnce  sync.Once
	benchModel *Model
	benchArchs []darts.Genotype
	benchErr   error
)

func benchSetup(b *testing.B) (*Model, []darts.Genotype) {
	d := dataDir(b)
	benchOnce.Do(func() {
		l, err := ReadLabels(context.Background(), filepath.Join(d, "nb301", "naslib_zc_nasbench301.json"), nil)
		if err != nil {
			benchErr = err
			return
		}
		if benchModel, err = Train(context.Background(), l.Genotypes, l.ValErrors, TrainOptions{}); err != nil {
			benchErr = err
			return
		}
		benchArchs, benchErr = nb301.ReadNASLibArchs(filepath.Join(d, "nb301", "naslib_archs_nasbench301.json"))
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchModel, benchArchs
}

// BenchmarkOIWorkload predicts, with nasred's default surrogate, every
// one-edge neighbour (all 16 edges) of all 11,221 NB301 training
// genotypes — the predictions operation importance needs — in chunks of
// 512 genotypes. One op is the whole workload; genotypes/s is reported.
func BenchmarkOIWorkload(b *testing.B) {
	m, archs := benchSetup(b)
	ctx := context.Background()
	var total int
	var predictTime time.Duration
	b.ResetTimer()
	for it := 0; it < b.N; it++ {
		var batch []darts.Genotype
		var dst []float64
		for lo := 0; lo < len(archs); lo += 512 {
			batch = batch[:0]
			for _, g := range archs[lo:min(lo+512, len(archs))] {
				batch = append(batch, g)
				for e := 0; e < darts.NumEdges; e++ {
					batch = g.AppendNeighbours(batch, e)
				}
			}
			if cap(dst) < len(batch) {
				dst = make([]float64, len(batch))
			}
			t0 := time.Now()
			if err := m.PredictErrors(ctx, batch, dst[:len(batch)]); err != nil {
				b.Fatal(err)
			}
			predictTime += time.Since(t0)
			total += len(batch)
		}
	}
	b.ReportMetric(float64(total)/b.Elapsed().Seconds(), "genotypes/s")
	b.ReportMetric(float64(total/b.N), "genotypes/op")
	b.ReportMetric(predictTime.Seconds()/float64(b.N), "predict-s/op")
}

// BenchmarkEncode measures the Graph encoding alone.
func BenchmarkEncode(b *testing.B) {
	_, archs := benchSetup(b)
	enc, _ := NewEncoder(Graph, "")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := EncodeAll(context.Background(), enc, archs); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(archs)*b.N)/b.Elapsed().Seconds(), "genotypes/s")
}

// BenchmarkTrainDefault trains the default surrogate on the 725 labelled
// genotypes.
func BenchmarkTrainDefault(b *testing.B) {
	d := dataDir(b)
	l, err := ReadLabels(context.Background(), filepath.Join(d, "nb301", "naslib_zc_nasbench301.json"), nil)
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < b.N; i++ {
		if _, err := Train(context.Background(), l.Genotypes, l.ValErrors, TrainOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkOwnVersusXGBoost: nasred's default surrogate predicting the
// one-edge neighbourhoods of the first 2,000 NB301 training genotypes
// (about 240,000 rows of Graph features), against Debian's xgboost
// predicting the same rows with the same trees (exported with
// xgb.WriteJSON; 2 threads). Reports rows/s of the compiled additive path
// (what PredictErrors uses), of the float32 tree path, of xgboost, and
// the ratio additive / xgboost. Skipped without a python3 with
// xgboost.
//
//	go test -run XXX -bench OwnVersusXGBoost -benchtime 5x ./nasred/surrogate/
func BenchmarkOwnVersusXGBoost(b *testing.B) {
	python := needXGBoost(b)
	m, archs := benchSetup(b)
	var batch []darts.Genotype
	for _, g := range archs[:2000] {
		batch = append(batch, g)
		for e := 0; e < darts.NumEdges; e++ {
			batch = g.AppendNeighbours(batch, e)
		}
	}
	X, err := EncodeAll(context.Background(), m.enc, batch)
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	xb := make([]byte, 4*len(X))
	for i, v := range X {
		binary.LittleEndian.PutUint32(xb[4*i:], math.Float32bits(v))
	}
	xfile, model := filepath.Join(dir, "X.bin"), filepath.Join(dir, "model.json")
	if err := os.WriteFile(xfile, xb, 0o644); err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	if err := xgb.WriteJSON(&buf, m.Forest()); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(model, buf.Bytes(), 0o644); err != nil {
		b.Fatal(err)
	}
	out, err := exec.Command(python, "xgb/testdata/time_predict.py", model, xfile, strconv.Itoa(m.enc.NumFeatures()), "2").CombinedOutput()
	if err != nil {
		b.Fatalf("time_predict.py: %v\n%s", err, out)
	}
	rate := func(key string) float64 {
		mm := regexp.MustCompile(key + `=(\d+)`).FindSubmatch(out)
		if mm == nil {
			b.Fatalf("no %s in %s", key, out)
		}
		v, _ := strconv.ParseFloat(string(mm[1]), 64)
		return v
	}
	n := len(batch)
	dst := make([]float64, n)
	d32 := make([]float32, n)
	t0 := time.Now()
	m.Forest().Predict(context.Background(), X, d32)
	treeRate := float64(n) / time.Since(t0).Seconds()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := m.additive.Predict(context.Background(), X, dst); err != nil {
			b.Fatal(err)
		}
	}
	goRate := float64(n*b.N) / b.Elapsed().Seconds()
	b.ReportMetric(goRate, "rows/s")
	b.ReportMetric(treeRate, "tree-path-rows/s")
	b.ReportMetric(rate("xgboost_rows_per_s"), "xgboost-rows/s")
	b.ReportMetric(rate("xgboost_inplace_rows_per_s"), "xgboost-inplace-rows/s")
	b.ReportMetric(goRate/rate("xgboost_rows_per_s"), "x-xgboost")
}

// BenchmarkConfigSpaceEncoder measures the 56-feature NB301 encoding the
// official ensemble needs.
func BenchmarkConfigSpaceEncoder(b *testing.B) {
	d := dataDir(b)
	_, archs := benchSetup(b)
	enc, err := NewEncoder(ConfigSpace, d)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := EncodeAll(context.Background(), enc, archs); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(archs)*b.N)/b.Elapsed().Seconds(), "genotypes/s")
}
