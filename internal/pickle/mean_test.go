package pickle

import (
	"math/rand/v2"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/nasred/nasred/internal/pyoracle"
)

// TestNpMeanMatchesNumpy compares Mean with np.mean on random float64
// and float32 arrays of 1 to 300 values.
func TestNpMeanMatchesNumpy(t *testing.T) {
	py := pyoracle.Python(t, "numpy")
	r := rand.New(rand.NewPCG(1, 2))
	var in strings.Builder
	var cases [][]float64
	for n := 1; n <= 300; n += 1 + n/20 {
		for range 3 {
			a := make([]float64, n)
			for i := range a {
				a[i] = r.Float64()*100 + float64(r.IntN(3))*1e-3
			}
			cases = append(cases, a)
			for i, v := range a {
				if i > 0 {
					in.WriteByte(' ')
				}
				in.WriteString(strconv.FormatFloat(v, 'g', -1, 64))
			}
			in.WriteByte('\n')
		}
	}
	script := `import sys, numpy as np
for line in sys.stdin:
    v = [float(x) for x in line.split()]
    print(repr(float(np.mean(v))), repr(float(np.mean([np.float32(x) for x in v]))))
`
	cmd := exec.Command(py, "-c", script)
	cmd.Stdin = strings.NewReader(in.String())
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != len(cases) {
		t.Fatalf("%d answers for %d cases", len(lines), len(cases))
	}
	for k, a := range cases {
		f := strings.Fields(lines[k])
		want64, _ := strconv.ParseFloat(f[0], 64)
		want32, _ := strconv.ParseFloat(f[1], 64)
		v64 := make([]Number, len(a))
		v32 := make([]Number, len(a))
		for i, x := range a {
			v64[i] = Number{F: x}
			v32[i] = Number{F: float64(float32(x)), F32: true}
		}
		if got := Mean(v64); got != want64 {
			t.Errorf("n=%d float64: Mean %v, numpy %v", len(a), got, want64)
		}
		if got := Mean(v32); got != want32 {
			t.Errorf("n=%d float32: Mean %v, numpy %v", len(a), got, want32)
		}
	}
}

func TestNpMean(t *testing.T) {
	// Expected values are numpy 1.24's np.mean of the same lists.
	for _, c := range []struct {
		in   []Number
		want float64
	}{
		{[]Number{{F: 0.1}, {F: 0.2}, {F: 0.3}}, 0.20000000000000004},
		{[]Number{{F: 0.3}, {F: 0.2}, {F: 0.1}}, 0.19999999999999998},
		{[]Number{{F: 93.5}}, 93.5},
		{[]Number{{F: 1}, {F: 2}}, 1.5},
		// float32 only when every value is float32: np.mean([np.float32(0.1)]*3)
		{[]Number{{F: float64(float32(0.1)), F32: true}, {F: float64(float32(0.1)), F32: true}, {F: float64(float32(0.1)), F32: true}}, float64(float32(0.1))},
		{[]Number{{F: float64(float32(0.1)), F32: true}, {F: 0.1}}, (float64(float32(0.1)) + 0.1) / 2},
	} {
		if got := Mean(c.in); got != c.want {
			t.Errorf("Mean(%v) = %v, want %v", c.in, got, c.want)
		}
	}
}
