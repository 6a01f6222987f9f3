package xgb

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"github.com/nasred/nasred/internal/pyoracle"
)

var (
	genOnce sync.Once
	genDir  string
	genErr  error
)

// generated runs testdata/gen_models.py once per test binary and returns
// its output folder; it skips the test when Debian's python3-xgboost is
// missing.
func generated(t testing.TB) string {
	t.Helper()
	python := pyoracle.Python(t, "xgboost", "numpy")
	genOnce.Do(func() {
		dir, err := os.MkdirTemp("", "nasred-xgb-")
		if err != nil {
			genErr = err
			return
		}
		cmd := exec.Command(python, "testdata/gen_models.py", dir)
		// One OpenMP thread: xgboost's spinning threads crawl on a busy
		// 2-core machine.
		cmd.Env = append(os.Environ(), "OMP_NUM_THREADS=1")
		out, err := cmd.CombinedOutput()
		if err != nil {
			genErr = fmt.Errorf("gen_models.py: %v\n%s", err, out)
		}
		genDir = dir
	})
	if genErr != nil {
		t.Fatal(genErr)
	}
	return genDir
}

func TestMain(m *testing.M) {
	code := m.Run()
	if genDir != "" {
		os.RemoveAll(genDir)
	}
	os.Exit(code)
}

func readF32(t testing.TB, path string) []float32 {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]float32, len(b)/4)
	for i := range out {
		out[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return out
}

func readX(t testing.TB, dir string) (X []float32, n, f int) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "shape.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fmt.Sscan(string(b), &n, &f); err != nil {
		t.Fatal(err)
	}
	X = readF32(t, filepath.Join(dir, "X.bin"))
	if len(X) != n*f {
		t.Fatalf("X.bin has %d values, want %d", len(X), n*f)
	}
	return X, n, f
}

// TestBitExact checks every payload variant against xgboost's own
// predictions, bit for bit.
func TestBitExact(t *testing.T) {
	dir := generated(t)
	X, n, _ := readX(t, dir)
	for _, model := range []string{"nb301", "deep"} {
		want := readF32(t, filepath.Join(dir, model+".pred"))
		for _, tc := range []struct {
			ext    string
			format Format
		}{
			{".json", FormatJSON},
			{".ubj", FormatUBJSON},
			{".deprecated", FormatBinary},
			{".raw", FormatBinary},
			{".pkl2", "pickle/" + FormatUBJSON},
			{".pkl3", "pickle/" + FormatUBJSON},
			{".pkl4", "pickle/" + FormatUBJSON},
			{".cfgoff.pkl", "pickle/" + FormatConfigOffset},
		} {
			t.Run(model+tc.ext, func(t *testing.T) {
				m, err := ReadFile(filepath.Join(dir, model+tc.ext))
				if err != nil {
					t.Fatal(err)
				}
				if m.Format != tc.format {
					t.Errorf("format %q, want %q", m.Format, tc.format)
				}
				if m.Objective != "reg:squarederror" {
					t.Errorf("objective %q", m.Objective)
				}
				got := make([]float32, n)
				if err := m.Predict(context.Background(), X, got); err != nil {
					t.Fatal(err)
				}
				bad := 0
				for i := range got {
					if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
						if bad < 5 {
							t.Errorf("row %d: got %v (%08x), xgboost %v (%08x)", i, got[i], math.Float32bits(got[i]), want[i], math.Float32bits(want[i]))
						}
						bad++
					}
					if r := m.PredictRow(X[i*m.NumFeature() : (i+1)*m.NumFeature()]); r != got[i] {
						t.Fatalf("row %d: PredictRow %v != Predict %v", i, r, got[i])
					}
				}
				if bad > 0 {
					t.Errorf("%d/%d rows differ from xgboost", bad, n)
				}
			})
		}
	}
}

func TestEnsemble(t *testing.T) {
	dir := generated(t)
	X, n, _ := readX(t, dir)
	e, err := ReadEnsemble(context.Background(), filepath.Join(dir, "ens"))
	if err != nil {
		t.Fatal(err)
	}
	if len(e.Members) != 10 {
		t.Fatalf("%d members, want 10", len(e.Members))
	}
	if e.ModelConfig["model"] != "xgb" {
		t.Errorf("model config %v", e.ModelConfig)
	}
	want := readF32(t, filepath.Join(dir, "ens.pred"))
	got := make([]float32, n)
	if err := e.Predict(context.Background(), X, got); err != nil {
		t.Fatal(err)
	}
	exact := 0
	for i := range got {
		d := int64(math.Float32bits(got[i])) - int64(math.Float32bits(want[i]))
		if d < -1 || d > 1 {
			t.Errorf("row %d: got %v, python %v (more than 1 ULP apart)", i, got[i], want[i])
		}
		if d == 0 {
			exact++
		}
	}
	t.Logf("ensemble mean: %d/%d rows bit-identical, the rest within 1 ULP", exact, n)
}

func TestNumpyMean(t *testing.T) {
	dir := generated(t)
	b, err := os.ReadFile(filepath.Join(dir, "pairwise.bin"))
	if err != nil {
		t.Fatal(err)
	}
	for len(b) > 0 {
		n := int(binary.LittleEndian.Uint32(b))
		v := make([]float32, n)
		for i := range v {
			v[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4+4*i:]))
		}
		want := math.Float32frombits(binary.LittleEndian.Uint32(b[4+4*n:]))
		b = b[8+4*n:]
		if got := NumpyMean(v); got != want {
			t.Errorf("n=%d: NumpyMean %v, numpy %v", n, got, want)
		}
	}
}

func TestCorrupt(t *testing.T) {
	dir := generated(t)
	for _, name := range []string{"nb301.json", "nb301.ubj", "nb301.deprecated", "nb301.pkl3", "nb301.cfgoff.pkl", "nb301.raw"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		for _, cut := range []int{1, 10, 100, len(b) / 2, len(b) - 7} {
			if _, err := Parse(b[:cut]); err == nil {
				t.Errorf("%s truncated to %d bytes: no error", name, cut)
			}
		}
	}
	if _, err := ReadEnsemble(context.Background(), t.TempDir()); err == nil {
		t.Error("empty folder: no error")
	}
	if _, err := Parse([]byte("hello world, no model here")); err == nil {
		t.Error("text: no error")
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(`{"learner":{}}`))
	f.Add([]byte("CONFIG-offset:\x08\x00\x00\x00\x00\x00\x00\x00binf\x00\x00\x00\x3f"))
	f.Add([]byte("{L\x00\x00\x00\x00\x00\x00\x00\x07learner{}}"))
	f.Add([]byte("\x80\x03cxgboost.core\nBooster\nq\x00)\x81q\x01}q\x02X\x06\x00\x00\x00handleq\x03C\x04binfq\x04sb."))
	f.Add(bytes.Repeat([]byte{0}, 200))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := Parse(b)
		if err == nil {
			row := make([]float32, m.NumFeature())
			m.PredictRow(row)
		}
	})
}

// TestWriteJSON exports a forest, has xgboost load and predict with it,
// and compares bit for bit; it also reads the export back natively.
func TestWriteJSON(t *testing.T) {
	dir := generated(t)
	X, n, f := readX(t, dir)
	src, err := ReadFile(filepath.Join(dir, "deep.json"))
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "export.json")
	fh, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteJSON(fh, src.Forest); err != nil {
		t.Fatal(err)
	}
	fh.Close()
	back, err := ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	pred := filepath.Join(t.TempDir(), "pred.bin")
	script := `import sys, numpy as np, xgboost as xgb
b = xgb.Booster(model_file=sys.argv[1])
X = np.fromfile(sys.argv[2], dtype=np.float32).reshape(-1, int(sys.argv[3]))
b.predict(xgb.DMatrix(X)).astype(np.float32).tofile(sys.argv[4])`
	cmd := exec.Command(pyoracle.Python(t, "xgboost", "numpy"), "-c", script, out, filepath.Join(dir, "X.bin"), fmt.Sprint(f), pred)
	cmd.Env = append(os.Environ(), "OMP_NUM_THREADS=1")
	if o, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("xgboost could not use the export: %v\n%s", err, o)
	}
	want := readF32(t, pred)
	a := make([]float32, n)
	b := make([]float32, n)
	src.Predict(context.Background(), X, a)
	back.Predict(context.Background(), X, b)
	for i := range want {
		if math.Float32bits(a[i]) != math.Float32bits(want[i]) || a[i] != b[i] {
			t.Fatalf("row %d: nasred %v, re-read %v, xgboost on the export %v", i, a[i], b[i], want[i])
		}
	}
}
