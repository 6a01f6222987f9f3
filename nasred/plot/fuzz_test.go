package plot

import (
	"encoding/binary"
	"math"
	"testing"
)

// floatsOf decodes b as little-endian float64s.
func floatsOf(b []byte) []float64 {
	v := make([]float64, len(b)/8)
	for i := range v {
		v[i] = math.Float64frombits(binary.LittleEndian.Uint64(b[8*i:]))
	}
	return v
}

func bytesOf(v ...float64) []byte {
	b := make([]byte, 8*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint64(b[8*i:], math.Float64bits(x))
	}
	return b
}

// FuzzNewBoxStats checks the order invariants of the box summary on
// arbitrary data and that non-finite input is an error, never a panic.
func FuzzNewBoxStats(f *testing.F) {
	f.Add(bytesOf(1, 2, 3, 4, 100))
	f.Add(bytesOf(0))
	f.Add(bytesOf(-1e300, 1e300, 0, 0))
	f.Add(bytesOf(math.NaN(), 1))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		v := floatsOf(b)
		st, err := NewBoxStats(v)
		finite := true
		for _, x := range v {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				finite = false
			}
		}
		if !finite {
			if err == nil {
				t.Fatal("non-finite input accepted")
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		if st.N != len(v) {
			t.Fatalf("N = %d, want %d", st.N, len(v))
		}
		if len(v) == 0 {
			return
		}
		ord := []float64{st.Min, st.LowWhisker, st.Q1, st.Median, st.Q3, st.HiWhisker, st.Max}
		for i := 1; i < len(ord); i++ {
			if ord[i] < ord[i-1] {
				t.Fatalf("summary out of order: %v", ord)
			}
		}
		inside := 0
		for _, x := range v {
			if x >= st.LowWhisker && x <= st.HiWhisker {
				inside++
			}
		}
		if inside+len(st.Outliers) != len(v) {
			t.Fatalf("%d inside the whiskers + %d outliers != %d values", inside, len(st.Outliers), len(v))
		}
		small := true
		for _, x := range v {
			small = small && math.Abs(x) <= 1e9
		}
		if len(v) <= 64 && small {
			// Rendering arbitrary finite data of a sane magnitude must not
			// fail (overflowing spans are tested in TestErrors).
			fig, err := OIBoxes("fuzz", []string{"op"}, []BoxGroup{{Name: "g", Values: [][]float64{v}}}, 0.001, BoxOptions{Width: 100, Height: 80})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := fig.SVG(); err != nil {
				t.Fatal(err)
			}
		}
	})
}
