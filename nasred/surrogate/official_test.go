package surrogate

import (
	"context"
	"encoding/binary"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nasred/nasred/internal/pyoracle"
	"github.com/nasred/nasred/nasred/space/darts"
)

// needXGBoost returns a python3 with xgboost and numpy (the oracle), or
// skips tb.
func needXGBoost(tb testing.TB) string {
	tb.Helper()
	return pyoracle.Python(tb, "xgboost", "numpy")
}

// predictScript loads every member pickle of an ensemble folder with
// xgboost, predicts float32 feature rows and averages members the way
// nasbench301 (Ensemble.query_mean) does.
const predictScript = `
import glob, os, pickle, sys
import numpy as np, xgboost as xgb
ens, xfile, nf, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
paths = sorted(glob.glob(os.path.join(ens, "**", "*surrogate_model.model"), recursive=True))
members = [pickle.load(open(p, "rb")) for p in paths]
X = np.fromfile(xfile, dtype=np.float32).reshape(-1, nf)
# nasbench301 predicts one row at a time; a row's prediction does not
# depend on the batch, so predict all rows per member and average per row.
P = [m.predict(xgb.DMatrix(X)) for m in members]
res = [np.mean([p[i:i+1] for p in P]) for i in range(X.shape[0])]
np.array(res, dtype=np.float32).tofile(out)
`

// TestOfficialEndToEnd loads an ensemble folder laid out like
// nb_models/xgb_v0.9 (pickled members, some in the XGBoost 1.0-1.3
// "CONFIG-offset:" form), encodes genotypes natively and compares the
// predicted accuracies with xgboost + numpy on the same features.
func TestOfficialEndToEnd(t *testing.T) {
	d := dataDir(t)
	python := needXGBoost(t)
	dir := t.TempDir()
	gen := exec.Command(python, "xgb/testdata/gen_models.py", dir)
	gen.Env = append(os.Environ(), "OMP_NUM_THREADS=1")
	if out, err := gen.CombinedOutput(); err != nil {
		t.Fatalf("gen_models.py: %v\n%s", err, out)
	}
	p, err := Load(context.Background(), filepath.Join(dir, "ens"), d)
	if err != nil {
		t.Fatal(err)
	}
	o, ok := p.(*Official)
	if !ok {
		t.Fatalf("Load returned %T, want *Official", p)
	}
	rng := rand.New(rand.NewPCG(9, 9))
	gs := make([]darts.Genotype, 200)
	for i := range gs {
		gs[i] = randomGenotype(rng)
	}
	X, err := EncodeAll(context.Background(), o.encoder, gs)
	if err != nil {
		t.Fatal(err)
	}
	xb := make([]byte, 4*len(X))
	for i, v := range X {
		binary.LittleEndian.PutUint32(xb[4*i:], math.Float32bits(v))
	}
	xfile, outfile := filepath.Join(dir, "feat.bin"), filepath.Join(dir, "py.bin")
	if err := os.WriteFile(xfile, xb, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(python, "-c", predictScript, filepath.Join(dir, "ens"), xfile, "56", outfile)
	cmd.Env = append(os.Environ(), "OMP_NUM_THREADS=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("python: %v\n%s", err, out)
	}
	pb, err := os.ReadFile(outfile)
	if err != nil {
		t.Fatal(err)
	}
	acc := make([]float32, len(gs))
	if err := o.PredictAccuracies(context.Background(), gs, acc); err != nil {
		t.Fatal(err)
	}
	errs := make([]float64, len(gs))
	if err := o.PredictErrors(context.Background(), gs, errs); err != nil {
		t.Fatal(err)
	}
	for i := range gs {
		want := math.Float32frombits(binary.LittleEndian.Uint32(pb[4*i:]))
		if d := int64(math.Float32bits(acc[i])) - int64(math.Float32bits(want)); d < -1 || d > 1 {
			t.Errorf("genotype %d: nasred %v, xgboost %v", i, acc[i], want)
		}
		if errs[i] != 1-float64(acc[i])/100 {
			t.Errorf("genotype %d: error %v for accuracy %v", i, errs[i], acc[i])
		}
	}
	// A single member file loads as a one-member ensemble.
	one, err := Load(context.Background(), filepath.Join(dir, "nb301.pkl3"), d)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := one.(*Official); !ok {
		t.Errorf("single member loaded as %T", one)
	}
	// Not a model at all.
	junk := filepath.Join(dir, "junk")
	os.WriteFile(junk, []byte("junk"), 0o644)
	if _, err := Load(context.Background(), junk, d); err == nil || !strings.Contains(err.Error(), junk) {
		t.Errorf("junk file: error %v", err)
	}
}
