package importance_test

import (
	"context"
	"math"
	"testing"

	"github.com/nasred/nasred/nasred/importance"
	"github.com/nasred/nasred/nasred/space/darts"
)

// opCost is a toy predictor: err = Σ over edges of cost[op] + 0.0001·input.
type opCost struct{}

var cost = [...]float64{0.01, 0.01, 0.002, 0.001, 0.0015, 0.003, 0.004, 0.02}

func toyErr(g darts.Genotype) float64 {
	var s float64
	for e := range darts.NumEdges {
		s += cost[g.Edge(e).Op] + 0.0001*float64(g.Edge(e).Input)
	}
	return s
}

func (opCost) PredictErrors(_ context.Context, gs []darts.Genotype, dst []float64) error {
	for i, g := range gs {
		dst[i] = toyErr(g)
	}
	return nil
}

func TestNB301ByHand(t *testing.T) {
	g := darts.MustParse("[[(0, 3), (1, 3), (0, 3), (1, 3), (1, 3), (0, 2), (0, 2), (1, 5)], [(0, 0), (1, 0), (2, 2), (1, 0), (0, 0), (2, 2), (2, 2), (1, 0)]]")
	res, err := importance.NB301(context.Background(), opCost{}, []darts.Genotype{g}, importance.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Edge 0: sep_conv_3x3 from input 0 into node 2. Neighbours: the 6
	// other ops (input 0); no rewiring (node 2 reads 0 and 1, sibling has
	// 1). OI = mean(cost[o] − cost[3]) over o ≠ 3
	// = (0.01+0.01+0.002+0.0015+0.003+0.004)/6 − 0.001.
	want0 := (0.01+0.01+0.002+0.0015+0.003+0.004)/6 - 0.001
	// Edge 15: max_pool from input 1 into node 5 of the reduce cell;
	// sibling reads 2. Neighbours: 6 op swaps, rewirings to inputs 0, 3,
	// 4. OI = [Σ_{o≠0}(cost[o] − 0.01) + 0.0001·((0−1)+(3−1)+(4−1))]/9.
	var s float64
	for o := 1; o < 7; o++ {
		s += cost[o] - 0.01
	}
	want15 := (s + 0.0001*(-1+2+3)) / 9
	if math.Abs(res[0].OI[0]-want0) > 1e-15 || math.Abs(res[0].OI[15]-want15) > 1e-15 {
		t.Errorf("OI[0] = %v (want %v), OI[15] = %v (want %v)", res[0].OI[0], want0, res[0].OI[15], want15)
	}
	if res[0].Err != toyErr(g) {
		t.Errorf("err %v", res[0].Err)
	}
}

func TestDARTSSpace(t *testing.T) {
	var sp importance.Space[darts.Genotype] = darts.Space{}
	if sp.NumEdges() != 16 {
		t.Fatal(sp.NumEdges())
	}
	g := darts.MustParse("[[(0, 3), (1, 3), (0, 3), (1, 3), (1, 3), (0, 2), (0, 2), (1, 5)], [(0, 0), (1, 0), (2, 2), (1, 0), (0, 0), (2, 2), (2, 2), (1, 0)]]")
	n := 0
	for e := range 16 {
		n += len(sp.AppendNeighbours(nil, g, e))
	}
	if n != 120 {
		t.Errorf("%d neighbours, want 120", n)
	}
}
