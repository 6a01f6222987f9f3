package nn

import (
	"fmt"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/compute/shapes"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
)

func TestDARTSParamCountOracle(t *testing.T) {
	backend := testBackend(t)
	for _, tc := range []struct {
		c, cells, want int
	}{
		{32, 8, 919722},
		{36, 20, 3349342},
	} {
		net, err := NewDARTSNet(DARTSV2(), DARTSConfig{Channels: tc.c, Cells: tc.cells, Classes: 10, InputChannels: 3, DropPathProb: 0.2, Auxiliary: true})
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		got, err := NumParameters(backend, net, 32, 32)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("C=%d L=%d: %d parameters (%v)", tc.c, tc.cells, got, time.Since(start))
		if got != tc.want {
			t.Errorf("DARTS_V2 C=%d cells=%d: %d parameters, want %d", tc.c, tc.cells, got, tc.want)
		}
	}
}

func tinyNets(t *testing.T, inCh int) map[string]Network {
	t.Helper()
	nb, err := NewNB201Net(NB201Cell{"nor_conv_3x3", "skip_connect", "nor_conv_1x1", "avg_pool_3x3", "none", "nor_conv_3x3"},
		NB201Config{Channels: 4, CellsPerStage: 1, Classes: 10, InputChannels: inCh})
	if err != nil {
		t.Fatal(err)
	}
	geno := DARTSV2()
	geno.Normal[7].Op = "sep_conv_5x5"
	geno.Reduce[1].Op = "avg_pool_3x3"
	geno.Reduce[3].Op = "dil_conv_5x5"
	geno.Reduce[4].Op = "none"
	da, err := NewDARTSNet(geno, DARTSConfig{Channels: 4, Cells: 3, Classes: 10, InputChannels: inCh, DropPathProb: 0.3, Auxiliary: true})
	if err != nil {
		t.Fatal(err)
	}
	return map[string]Network{"nb201": nb, "darts": da}
}

func TestNetworkShapes(t *testing.T) {
	backend := testBackend(t)
	for _, img := range []struct{ h, w, c int }{{28, 28, 1}, {32, 32, 3}} {
		for name, net := range tinyNets(t, img.c) {
			t.Run(fmt.Sprintf("%s/%dx%dx%d", name, img.h, img.w, img.c), func(t *testing.T) {
				store := model.NewStore()
				images := tensors.FromShape(shapes.Make(dtypes.Float32, 3, img.h, img.w, img.c))
				for _, training := range []bool{true, false, true} {
					outs, err := model.CallOnceN(backend, store, func(scope *model.Scope, x *graph.Node) []*graph.Node {
						logits, aux := net.Logits(scope, x, training)
						if aux == nil {
							return []*graph.Node{logits}
						}
						return []*graph.Node{logits, aux}
					}, images)
					if err != nil {
						t.Fatal(err)
					}
					wantOuts := 1
					if _, isDARTS := net.(*DARTSNet); isDARTS && training {
						wantOuts = 2
					}
					if len(outs) != wantOuts {
						t.Fatalf("training=%v: %d outputs, want %d", training, len(outs), wantOuts)
					}
					for _, o := range outs {
						if got := o.Shape().Dimensions; !slices.Equal(got, []int{3, 10}) {
							t.Errorf("training=%v: output shape %v, want [3 10]", training, got)
						}
						for _, v := range tensors.MustCopyFlatData[float32](o) {
							if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
								t.Fatalf("training=%v: non-finite logit %v", training, v)
							}
						}
					}
				}
			})
		}
	}
}

func TestBadConfigs(t *testing.T) {
	good := DefaultDARTSConfig()
	for _, tc := range []struct {
		name string
		err  func() error
	}{
		{"nb201 op", func() error {
			_, err := NewNB201Net(NB201Cell{"conv", "none", "none", "none", "none", "none"}, DefaultNB201Config())
			return err
		}},
		{"nb201 channels", func() error {
			cfg := DefaultNB201Config()
			cfg.Channels = 0
			_, err := NewNB201Net(NB201Cell{"none", "none", "none", "none", "none", "none"}, cfg)
			return err
		}},
		{"darts op", func() error {
			g := DARTSV2()
			g.Reduce[3].Op = "sep_conv_7x7"
			_, err := NewDARTSNet(g, good)
			return err
		}},
		{"darts input", func() error { g := DARTSV2(); g.Normal[1].Input = 2; _, err := NewDARTSNet(g, good); return err }},
		{"darts negative input", func() error { g := DARTSV2(); g.Normal[4].Input = -1; _, err := NewDARTSNet(g, good); return err }},
		{"darts drop path", func() error { c := good; c.DropPathProb = 1; _, err := NewDARTSNet(DARTSV2(), c); return err }},
		{"darts drop path NaN", func() error { c := good; c.DropPathProb = math.NaN(); _, err := NewDARTSNet(DARTSV2(), c); return err }},
		{"darts cells", func() error { c := good; c.Cells = 0; _, err := NewDARTSNet(DARTSV2(), c); return err }},
	} {
		if err := tc.err(); err == nil {
			t.Errorf("%s: no error", tc.name)
		} else {
			t.Logf("%s: %v", tc.name, err)
		}
	}
}

func TestBackendConfig(t *testing.T) {
	for _, tc := range []struct{ env, want string }{
		{"", "go:parallelism=-1"},
		{"go", "go:parallelism=-1"},
		{"go:ops_sequential", "go:ops_sequential,parallelism=-1"},
		{"go:parallelism=2", "go:parallelism=2"},
		{"xla:/opt/pjrt/xla_cuda_plugin.so", "xla:/opt/pjrt/xla_cuda_plugin.so"},
	} {
		if got := backendConfig(tc.env); got != tc.want {
			t.Errorf("backendConfig(%q) = %q, want %q", tc.env, got, tc.want)
		}
	}
	t.Setenv("GOMLX_BACKEND", "nosuchbackend:x")
	if _, err := NewBackend(); err == nil {
		t.Error("NewBackend with an unknown backend: no error")
	} else {
		t.Log(err)
	}
}
