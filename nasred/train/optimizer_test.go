package train

import (
	"fmt"
	"math"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/gomlx/compute/dtypes"
	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/gomlx/gomlx/ml/train/optimizer"
	"github.com/nasred/nasred/internal/pyoracle"
)

// The quadratic problem of the optimizer tests: two variables and
// loss = Σ_i a_i (w_i - t_i)² (over both variables' elements).
var (
	quadInit = []float64{1.5, -2, 0.5, 3, -1}
	quadA    = []float64{1, 3, 0.5, 2, 4}
	quadT    = []float64{0, 1, -1, 2, 0.5}
)

// referenceSGD is the hand computation of PyTorch's clip_grad_norm_ +
// SGD(momentum, weight_decay) in float64.
func referenceSGD(steps int, lr []float64, o SGD) [][]float64 {
	w := append([]float64{}, quadInit...)
	buf := make([]float64, len(w))
	var out [][]float64
	for s := range steps {
		g := make([]float64, len(w))
		var norm float64
		for i := range w {
			g[i] = 2 * quadA[i] * (w[i] - quadT[i])
			norm += g[i] * g[i]
		}
		norm = math.Sqrt(norm)
		coef := 1.0
		if o.ClipNorm > 0 {
			coef = math.Min(1, o.ClipNorm/(norm+1e-6))
		}
		for i := range w {
			d := coef*g[i] + o.WeightDecay*w[i]
			buf[i] = o.Momentum*buf[i] + d
			w[i] -= lr[s] * buf[i]
		}
		out = append(out, append([]float64{}, w...))
	}
	return out
}

// runGoMLXSGD runs the same steps with SGD on the pure-Go backend.
func runGoMLXSGD(t *testing.T, steps int, lr []float64, o SGD) [][]float64 {
	backend, err := NewBackend("")
	if err != nil {
		t.Fatal(err)
	}
	store := model.NewStore()
	f32 := func(x []float64) []float32 {
		r := make([]float32, len(x))
		for i, v := range x {
			r[i] = float32(v)
		}
		return r
	}
	store.Scope("/a").VariableWithValue("w", tensors.FromFlatDataAndDimensions(f32(quadInit[:3]), 3))
	store.Scope("/b").VariableWithValue("w", tensors.FromFlatDataAndDimensions(f32(quadInit[3:]), 1, 2))
	exec, err := model.NewExec(backend, store, func(scope *model.Scope, lrIn *Node) *Node {
		g := lrIn.Graph()
		w1 := scope.At("a").GetVariable("w").NodeValue(g)
		w2 := Reshape(scope.At("b").GetVariable("w").NodeValue(g), 2)
		w := Concatenate([]*Node{w1, w2}, 0)
		a := Const(g, f32(quadA))
		tt := Const(g, f32(quadT))
		loss := ReduceAllSum(Mul(a, Square(Sub(w, tt))))
		optimizer.LearningRateVar(scope, dtypes.Float32, 0).SetNodeValue(lrIn)
		o.UpdateGraph(scope, g, loss)
		return loss
	})
	if err != nil {
		t.Fatal(err)
	}
	defer exec.Finalize()
	var out [][]float64
	for s := range steps {
		if _, err := exec.Call(tensors.FromValue(float32(lr[s]))); err != nil {
			t.Fatal(err)
		}
		var w []float64
		for _, p := range []string{"/a/w", "/b/w"} {
			for _, v := range tensors.MustCopyFlatData[float32](store.GetVariable(p).MustValue()) {
				w = append(w, float64(v))
			}
		}
		out = append(out, w)
	}
	if got := optimizer.GetGlobalStep(store); got != int64(steps) {
		t.Errorf("global step %d, want %d", got, steps)
	}
	return out
}

var sgdCases = []struct {
	name string
	o    SGD
}{
	{"plain", SGD{}},
	{"momentum", SGD{Momentum: 0.9}},
	{"weight decay", SGD{WeightDecay: 0.01}},
	{"clipped", SGD{ClipNorm: 1}},
	{"recipe", SGD{Momentum: 0.9, WeightDecay: 3e-4, ClipNorm: 5}},
	{"clip inactive", SGD{Momentum: 0.5, ClipNorm: 1000}},
}

var sgdLR = []float64{0.05, 0.04, 0.03, 0.02, 0.01}

func TestSGDMatchesHandComputation(t *testing.T) {
	for _, tc := range sgdCases {
		t.Run(tc.name, func(t *testing.T) {
			want := referenceSGD(len(sgdLR), sgdLR, tc.o)
			got := runGoMLXSGD(t, len(sgdLR), sgdLR, tc.o)
			for s := range want {
				for i := range want[s] {
					if math.Abs(got[s][i]-want[s][i]) > 1e-5*(1+math.Abs(want[s][i])) {
						t.Fatalf("step %d w[%d] = %.7f, want %.7f", s+1, i, got[s][i], want[s][i])
					}
				}
			}
		})
	}
}

// TestSGDMatchesPyTorch runs torch.optim.SGD with clip_grad_norm_ on the
// same problem (skipped without a python3 with torch).
func TestSGDMatchesPyTorch(t *testing.T) {
	py := pyoracle.Python(t, "torch")
	tc := sgdCases[4]
	tc.o.ClipNorm = 3 // active on the first steps
	script := fmt.Sprintf(`
import torch
w = torch.tensor(%s, dtype=torch.float64, requires_grad=True)
a = torch.tensor(%s, dtype=torch.float64); t = torch.tensor(%s, dtype=torch.float64)
opt = torch.optim.SGD([w], lr=1.0, momentum=%g, weight_decay=%g)
for lr in %s:
    for g in opt.param_groups: g['lr'] = lr
    opt.zero_grad(); loss = (a*(w-t)**2).sum(); loss.backward()
    torch.nn.utils.clip_grad_norm_([w], %g)
    opt.step()
    print(" ".join("%%.10f" %% v for v in w.tolist()))
`, pyList(quadInit), pyList(quadA), pyList(quadT), tc.o.Momentum, tc.o.WeightDecay, pyList(sgdLR), tc.o.ClipNorm)
	out, err := exec.Command(py, "-c", script).CombinedOutput()
	if err != nil {
		t.Skipf("torch not available: %v: %s", err, out)
	}
	got := runGoMLXSGD(t, len(sgdLR), sgdLR, tc.o)
	for s, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		for i, f := range strings.Fields(line) {
			want, _ := strconv.ParseFloat(f, 64)
			if math.Abs(got[s][i]-want) > 1e-5*(1+math.Abs(want)) {
				t.Fatalf("step %d w[%d] = %.7f, torch %.7f", s+1, i, got[s][i], want)
			}
		}
	}
}

func pyList(x []float64) string {
	var s []string
	for _, v := range x {
		s = append(s, strconv.FormatFloat(v, 'g', -1, 64))
	}
	return "[" + strings.Join(s, ", ") + "]"
}

func TestSGDValidate(t *testing.T) {
	for _, o := range []SGD{{Momentum: 1}, {LearningRate: -1}, {WeightDecay: math.NaN()}, {ClipNorm: math.Inf(1)}} {
		if err := o.Validate(); err == nil {
			t.Errorf("%+v accepted", o)
		}
	}
}
