package importance

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
)

// lineSpace is a toy space: an architecture is a vector of NumOps-valued
// digits; neighbours at e change digit e to every other value.
type lineSpace struct{ edges, ops int }

func (s lineSpace) NumEdges() int { return s.edges }
func (s lineSpace) AppendNeighbours(dst [][3]int, a [3]int, e int) [][3]int {
	for o := range s.ops {
		if o != a[e] {
			n := a
			n[e] = o
			dst = append(dst, n)
		}
	}
	return dst
}

// sumScorer: err = 0.01 * (a0 + 2 a1 + 4 a2) + 0.001 * a0 * a2.
type sumScorer struct{ fail error }

func (s sumScorer) Errors(_ context.Context, archs [][3]int, dst []float64) error {
	if s.fail != nil {
		return s.fail
	}
	for i, a := range archs {
		dst[i] = toyErr(a)
	}
	return nil
}

func toyErr(a [3]int) float64 {
	return 0.01*float64(a[0]+2*a[1]+4*a[2]) + 0.001*float64(a[0]*a[2])
}

func TestComputeToyByHand(t *testing.T) {
	sp := lineSpace{edges: 3, ops: 3}
	a := [3]int{1, 0, 2}
	res, err := Compute(context.Background(), sp, sumScorer{}, [][3]int{a}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	e0 := toyErr(a)
	// Edge 0: a0 -> 0 and 2.
	want0 := ((toyErr([3]int{0, 0, 2}) - e0) + (toyErr([3]int{2, 0, 2}) - e0)) / 2
	want1 := ((toyErr([3]int{1, 1, 2}) - e0) + (toyErr([3]int{1, 2, 2}) - e0)) / 2
	want2 := ((toyErr([3]int{1, 0, 0}) - e0) + (toyErr([3]int{1, 0, 1}) - e0)) / 2
	got := res[0]
	if got.Err != e0 {
		t.Fatalf("Err = %v, want %v", got.Err, e0)
	}
	for e, w := range []float64{want0, want1, want2} {
		if math.Abs(got.OI[e]-w) > 1e-15 {
			t.Errorf("OI[%d] = %v, want %v", e, got.OI[e], w)
		}
	}
	// In closed form: edge 1 is linear with slope 0.02 around a1=0: mean of
	// +0.02 and +0.04 = 0.03.
	if math.Abs(got.OI[1]-0.03) > 1e-15 {
		t.Errorf("OI[1] = %v, want 0.03", got.OI[1])
	}
}

func TestComputeIndependentOfBatching(t *testing.T) {
	sp := lineSpace{edges: 3, ops: 4}
	var archs [][3]int
	for i := range 64 {
		archs = append(archs, [3]int{i % 4, (i / 4) % 4, (i / 16) % 4})
	}
	ref, err := Compute(context.Background(), sp, sumScorer{}, archs, Options{BatchSize: 1000, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, opt := range []Options{{BatchSize: 1, Workers: 4}, {BatchSize: 7, Workers: 2}, {BatchSize: 64, Workers: 3}} {
		var calls int
		opt.Progress = func(done, total int) {
			calls++
			if done > total || total != len(archs) {
				t.Errorf("progress %d/%d", done, total)
			}
		}
		got, err := Compute(context.Background(), sp, sumScorer{}, archs, opt)
		if err != nil {
			t.Fatal(err)
		}
		if calls == 0 {
			t.Error("no progress reported")
		}
		for i := range ref {
			if got[i].Err != ref[i].Err {
				t.Fatalf("%+v: arch %d err differs", opt, i)
			}
			for e := range ref[i].OI {
				if got[i].OI[e] != ref[i].OI[e] {
					t.Fatalf("%+v: arch %d OI[%d] = %v, want %v", opt, i, e, got[i].OI[e], ref[i].OI[e])
				}
			}
		}
	}
}

type nanScorer struct{}

func (nanScorer) Errors(_ context.Context, archs [][3]int, dst []float64) error {
	for i := range dst {
		dst[i] = 0.1
	}
	dst[len(dst)-1] = math.NaN()
	return nil
}

type noNeighbours struct{ lineSpace }

func (noNeighbours) AppendNeighbours(dst [][3]int, a [3]int, e int) [][3]int { return dst }

func TestComputeErrors(t *testing.T) {
	archs := [][3]int{{0, 0, 0}, {1, 1, 1}}
	sp := lineSpace{edges: 3, ops: 2}
	boom := errors.New("boom")
	if _, err := Compute(context.Background(), sp, sumScorer{fail: boom}, archs, Options{}); !errors.Is(err, boom) {
		t.Errorf("scorer failure: %v", err)
	}
	if _, err := Compute(context.Background(), sp, nanScorer{}, archs, Options{}); !errors.Is(err, ErrNaN) {
		t.Errorf("NaN score: %v", err)
	}
	if _, err := Compute(context.Background(), noNeighbours{sp}, sumScorer{}, archs, Options{}); err == nil || !strings.Contains(err.Error(), "no neighbours") {
		t.Errorf("no neighbours: %v", err)
	}
	if _, err := Compute(context.Background(), lineSpace{edges: 0}, sumScorer{}, archs, Options{}); err == nil {
		t.Error("zero edges accepted")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	many := make([][3]int, 5000)
	if _, err := Compute(ctx, sp, sumScorer{}, many, Options{BatchSize: 1}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

func TestComputeEmpty(t *testing.T) {
	res, err := Compute(context.Background(), lineSpace{edges: 3, ops: 2}, sumScorer{}, nil, Options{})
	if err != nil || len(res) != 0 {
		t.Fatalf("empty input: %v, %v", res, err)
	}
}

func ExampleCompute() {
	// A toy space of 3-digit architectures whose error is linear in the
	// digits; changing a digit by one changes the error by its weight.
	sp := lineSpace{edges: 3, ops: 3}
	res, err := Compute(context.Background(), sp, sumScorer{}, [][3]int{{0, 0, 0}}, Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("err %.3f, OI %.4f\n", res[0].Err, res[0].OI)
	// Output:
	// err 0.000, OI [0.0150 0.0300 0.0600]
}
