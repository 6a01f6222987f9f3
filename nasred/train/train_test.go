package train

import (
	"bytes"
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/nasred/nasred/nasred/dataset"
	"github.com/nasred/nasred/nasred/space/darts"
)

func tinyOptions() Options {
	o := DefaultOptions()
	o.Epochs = 3
	o.BatchSize = 16
	o.LearningRate = 0.05
	o.Cutout = 2
	o.MixupAlpha = 0.2
	o.DropPath = 0.2
	o.EvalEvery = 3
	o.EvalBatch = 32
	o.Seed = 7
	o.StepTimeout = time.Minute
	o.Fingerprint = "tiny"
	return o
}

func tinyData() Data {
	return Data{
		Train: quadrantSet("train", 96, 8, 8, 1, 1),
		Val:   quadrantSet("val", 40, 8, 8, 1, 2),
		Test:  quadrantSet("test", 50, 8, 8, 1, 3),
	}
}

func TestTrainLearnsQuadrants(t *testing.T) {
	o := tinyOptions()
	o.Epochs = 8
	o.MixupAlpha = 0
	o.Cutout = 0
	dir := t.TempDir()
	o.OutDir = dir
	var reports []Progress
	o.LogEvery = 6
	o.Progress = func(p Progress) { reports = append(reports, p) }
	res, err := Train(context.Background(), tinyNet{hidden: 32, classes: 4, aux: true}, tinyData(), o)
	if err != nil {
		t.Fatal(err)
	}
	if res.Steps != 8*6 || len(reports) != 8 || reports[7].Step != 48 {
		t.Fatalf("steps %d, %d reports", res.Steps, len(reports))
	}
	first, last := res.Rows[0], res.Rows[len(res.Rows)-1]
	if !(last.TrainLoss < 0.7*first.TrainLoss) {
		t.Errorf("loss %v → %v: did not go down", first.TrainLoss, last.TrainLoss)
	}
	if !(res.TestAccuracy > 0.6) || math.IsNaN(last.ValAccuracy) {
		t.Errorf("test accuracy %v (chance 0.25), val %v", res.TestAccuracy, last.ValAccuracy)
	}
	if last.LR > 0.05*o.LearningRate || first.LR != o.LearningRate {
		t.Errorf("learning rate %v → %v, want cosine from %v to ~0", first.LR, last.LR, o.LearningRate)
	}
	csv, err := os.ReadFile(filepath.Join(dir, MetricsFile))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(csv)), "\n")
	if lines[0] != MetricsHeader || len(lines) != len(res.Rows)+1 {
		t.Fatalf("metrics.csv: %d lines, header %q", len(lines), lines[0])
	}
	// Rows at every epoch end (6 steps) and every 3 steps.
	if len(res.Rows) != 16 || res.Rows[0].Step != 3 || res.Rows[1].Step != 6 {
		t.Fatalf("rows at steps %v", res.Rows)
	}
}

// varBytes returns every variable's bytes by path.
func varBytes(t *testing.T, s *model.Store) map[string][]byte {
	m := map[string][]byte{}
	for v := range s.IterVariables() {
		val, err := v.Value()
		if err != nil {
			t.Fatal(err)
		}
		val.ConstBytes(func(b []byte) { m[v.Path()] = append([]byte{}, b...) })
	}
	return m
}

func stripSeconds(rows []Row) []Row {
	out := append([]Row{}, rows...)
	for i := range out {
		out[i].Seconds = 0
	}
	return out
}

func sameRows(a, b []Row) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := rowToStrings(a[i]), rowToStrings(b[i])
		for j := range x {
			if x[j] != y[j] {
				return false
			}
		}
	}
	return true
}

// TestResumeIsBitForBit interrupts a run (cancelling its context from the
// progress callback) at two different points and resumes it; the metrics
// and every variable (weights, momentum, running statistics, RNG state,
// learning rate, global step) must equal those of an uninterrupted run.
func TestResumeIsBitForBit(t *testing.T) {
	net := tinyNet{hidden: 16, classes: 4, aux: true}
	data := tinyData()
	o := tinyOptions()
	o.OutDir = t.TempDir()
	want, err := Train(context.Background(), net, data, o)
	if err != nil {
		t.Fatal(err)
	}
	wantVars := varBytes(t, want.Store)

	for _, stops := range [][]int{{4}, {2, 11}} {
		o := tinyOptions()
		o.OutDir = t.TempDir()
		o.LogEvery = 1
		var res *Result
		for _, stop := range stops {
			ctx, cancel := context.WithCancel(context.Background())
			o.Progress = func(p Progress) {
				if p.Step == stop {
					cancel()
				}
			}
			_, err := Train(ctx, net, data, o)
			cancel()
			if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "checkpoint saved") {
				t.Fatalf("stop at %d: err = %v", stop, err)
			}
		}
		o.Progress = nil
		res, err = Train(context.Background(), net, data, o)
		if err != nil {
			t.Fatal(err)
		}
		if res.StartStep != stops[len(stops)-1] {
			t.Errorf("resumed from step %d, want %d", res.StartStep, stops[len(stops)-1])
		}
		if !sameRows(stripSeconds(res.Rows), stripSeconds(want.Rows)) {
			t.Errorf("stops %v: metrics differ:\n%v\n%v", stops, res.Rows, want.Rows)
		}
		got := varBytes(t, res.Store)
		if len(got) != len(wantVars) {
			t.Errorf("%d variables, want %d", len(got), len(wantVars))
		}
		for p, b := range wantVars {
			if !bytes.Equal(got[p], b) {
				t.Errorf("stops %v: variable %s differs after resuming", stops, p)
			}
		}
		// Running again on a finished checkpoint changes nothing.
		again, err := Train(context.Background(), net, data, o)
		if err != nil || again.TestAccuracy != want.TestAccuracy || again.StartStep != again.Steps {
			t.Errorf("rerun of a finished run: %v %v", again, err)
		}
	}
}

func TestCheckpointOfOtherConfigRefused(t *testing.T) {
	o := tinyOptions()
	o.Epochs = 1
	o.OutDir = t.TempDir()
	net := tinyNet{hidden: 8, classes: 4}
	if _, err := Train(context.Background(), net, tinyData(), o); err != nil {
		t.Fatal(err)
	}
	o.Seed++
	if _, err := Train(context.Background(), net, tinyData(), o); err == nil || !strings.Contains(err.Error(), "another configuration") {
		t.Fatalf("err = %v", err)
	}
}

func TestCallWithTimeout(t *testing.T) {
	block := make(chan struct{})
	defer close(block)
	start := time.Now()
	_, err := callWithTimeout(50*time.Millisecond, "step 3", func() (int, error) { <-block; return 1, nil })
	if !errors.Is(err, ErrStepTimeout) || !strings.Contains(err.Error(), "step 3") || time.Since(start) > 5*time.Second {
		t.Fatalf("err = %v", err)
	}
	_, err = callWithTimeout(time.Second, "step 4", func() (int, error) { panic("boom") })
	if err == nil || !strings.Contains(err.Error(), "boom") {
		t.Fatalf("panic: err = %v", err)
	}
	v, err := callWithTimeout(time.Second, "ok", func() (int, error) { return 5, nil })
	if v != 5 || err != nil {
		t.Fatalf("%v %v", v, err)
	}
}

func TestSchedule(t *testing.T) {
	o := DefaultOptions()
	o.Epochs, o.LearningRate, o.MinLearningRate, o.DropPath = 4, 0.1, 0, 0.2
	for _, tc := range []struct {
		step     int
		lr, drop float64
	}{
		{0, 0.1, 0}, {9, 0.1, 0}, {10, 0.1 * (1 + math.Cos(math.Pi/4)) / 2, 0.05},
		{20, 0.05, 0.1}, {39, 0.1 * (1 + math.Cos(3*math.Pi/4)) / 2, 0.15},
	} {
		lr, dp := o.schedule(tc.step, 10)
		if math.Abs(lr-tc.lr) > 1e-12 || math.Abs(dp-tc.drop) > 1e-12 {
			t.Errorf("step %d: lr %v drop %v, want %v %v", tc.step, lr, dp, tc.lr, tc.drop)
		}
	}
	o.Steps = 100
	if lr, dp := o.schedule(50, 10); math.Abs(lr-0.05) > 1e-12 || math.Abs(dp-0.1) > 1e-12 {
		t.Errorf("steps mode: %v %v", lr, dp)
	}
}

func TestOptionsValidate(t *testing.T) {
	bad := []func(*Options){
		func(o *Options) { o.Epochs = 0 },
		func(o *Options) { o.BatchSize = 0 },
		func(o *Options) { o.Momentum = 1 },
		func(o *Options) { o.DropPath = 1 },
		func(o *Options) { o.MixupAlpha = math.NaN() },
		func(o *Options) { o.Cutout = -1 },
		func(o *Options) { o.StepTimeout = 0 },
		func(o *Options) { o.LearningRate = math.Inf(1) },
	}
	for i, f := range bad {
		o := DefaultOptions()
		f(&o)
		if err := o.Validate(); err == nil {
			t.Errorf("case %d accepted: %+v", i, o)
		}
	}
	o := DefaultOptions()
	if err := o.Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestTrainRejectsBadData(t *testing.T) {
	d := tinyData()
	d.Test = quadrantSet("test", 10, 12, 8, 1, 3)
	if _, err := Train(context.Background(), tinyNet{4, 4, false}, d, tinyOptions()); err == nil || !strings.Contains(err.Error(), "12x8x1") {
		t.Fatalf("err = %v", err)
	}
	o := tinyOptions()
	o.BatchSize = 1000
	if _, err := Train(context.Background(), tinyNet{4, 4, false}, tinyData(), o); err == nil || !strings.Contains(err.Error(), "batch size") {
		t.Fatalf("err = %v", err)
	}
}

func TestCheckpointCorruption(t *testing.T) {
	store := model.NewStore()
	store.VariableWithValue("/a/w", tensors.FromValue([]float32{1, 2, 3}))
	store.VariableWithValue("/n", tensors.FromValue(int64(4))).SetTrainable(false)
	p := filepath.Join(t.TempDir(), CheckpointFile)
	st := checkpointState{Recipe: "r", Step: 3, Rows: [][]string{rowToStrings(Row{Step: 1, ValAccuracy: math.NaN()})}}
	if err := saveCheckpoint(p, store, st); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(p)
	ck, err := readCheckpoint(data)
	if err != nil {
		t.Fatal(err)
	}
	if ck.State.Step != 3 || len(ck.Vars) != 2 || ck.Vars[1].Trainable || !ck.Vars[0].Trainable {
		t.Fatalf("round trip: %+v", ck)
	}
	if r, _ := rowFromStrings(ck.State.Rows[0]); !math.IsNaN(r.ValAccuracy) {
		t.Fatal("NaN lost")
	}
	fresh := model.NewStore()
	if err := ck.restore(fresh); err != nil {
		t.Fatal(err)
	}
	if got := tensors.MustCopyFlatData[float32](fresh.GetVariable("/a/w").MustValue()); got[2] != 3 {
		t.Fatalf("restored %v", got)
	}
	flipped := append([]byte{}, data...)
	flipped[len(flipped)/2] ^= 1
	for name, in := range map[string][]byte{"truncated": data[:len(data)-7], "flipped": flipped, "empty": nil, "other": []byte("hello world, not a checkpoint")} {
		if _, err := readCheckpoint(in); err == nil {
			t.Errorf("%s checkpoint accepted", name)
		}
	}
	os.WriteFile(p, data[:len(data)-1], 0o644)
	if _, err := loadCheckpointFile(p); err == nil || !strings.Contains(err.Error(), p) {
		t.Errorf("err = %v, want it to name the file", err)
	}
}

func FuzzReadCheckpoint(f *testing.F) {
	store := model.NewStore()
	store.VariableWithValue("/a/w", tensors.FromValue([]float32{1, 2}))
	p := filepath.Join(f.TempDir(), CheckpointFile)
	if err := saveCheckpoint(p, store, checkpointState{Recipe: "x"}); err != nil {
		f.Fatal(err)
	}
	data, _ := os.ReadFile(p)
	f.Add(data)
	f.Add([]byte("NASRDCK1"))
	f.Fuzz(func(t *testing.T, in []byte) {
		ck, err := readCheckpoint(in)
		if err != nil {
			return
		}
		if len(ck.Values) != len(ck.Vars) {
			t.Fatal("values and vars differ")
		}
	})
}

func TestNewBackendErrors(t *testing.T) {
	_, err := NewBackend("xla:/nonexistent/xla_cuda_plugin.so")
	if err == nil || !strings.Contains(err.Error(), "jax") {
		t.Fatalf("err = %v", err)
	}
	if _, err := NewBackend("tpu"); err == nil || !strings.Contains(err.Error(), "unknown backend") {
		t.Fatalf("err = %v", err)
	}
	b, err := NewBackend("go")
	if err != nil || !strings.Contains(b.String()+b.Name(), "o") {
		t.Fatalf("%v %v", b, err)
	}
}

// TestRunDARTSSynthetic trains a tiny DARTS network (auxiliary head,
// drop-path schedule) for a few steps through Run on generated data.
func TestRunDARTSSynthetic(t *testing.T) {
	cfg := DefaultConfig(SpaceDARTS, "DARTS_V2", "synthetic")
	cfg.Network.Channels, cfg.Network.Cells = 4, 3
	cfg.Data.TrainLimit, cfg.Data.TestLimit, cfg.Data.ValFraction = 40, 8, 0.2
	cfg.Options.Steps, cfg.Options.BatchSize, cfg.Options.EvalBatch = 3, 8, 8
	cfg.Options.Seed = 3
	res, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if res.Steps != 3 || len(res.Rows) != 1 || math.IsNaN(res.TestAccuracy) || math.IsNaN(res.ValAccuracy) {
		t.Fatalf("result %+v", res)
	}
	v := res.Store.GetVariable("/" + ModelScope + "/drop_path_prob")
	if v == nil {
		t.Fatal("no drop-path variable under the model scope")
	}
	// The last step (index 2 of 3) used p = 0.2·2/3.
	if got := tensors.MustCopyFlatData[float32](v.MustValue())[0]; math.Abs(float64(got)-0.2*2/3) > 1e-6 {
		t.Fatalf("drop-path %v, want %v", got, 0.2*2/3)
	}
	if res.Rows[0].DropPath != 0.2*2/3 {
		t.Fatalf("row drop-path %v", res.Rows[0].DropPath)
	}
	cfg.Network.Arch = "[[(0, 9)]]"
	if _, err := Run(context.Background(), cfg); err == nil {
		t.Fatal("bad genotype accepted")
	}
}

// TestNotebookTrainCells trains one PrimSkip sample through Run on a few
// Fashion-MNIST images, as notebooks/train_cells.ipynb does through
// training.TrainCells (skipped when the data set is not installed).
func TestNotebookTrainCells(t *testing.T) {
	if _, _, err := dataset.Load(dataset.FashionMNIST, ""); err != nil {
		t.Skip(err)
	}
	prim, err := darts.NewSampler("primskip")
	if err != nil {
		t.Fatal(err)
	}
	g := prim.Sample(darts.NewRand(1))
	cfg := DefaultConfig(SpaceDARTS, g.CompactString(), dataset.FashionMNIST)
	cfg.Network.Channels, cfg.Network.Cells = 4, 3
	cfg.Data.TrainLimit, cfg.Data.TestLimit, cfg.Data.Seed = 80, 16, 1
	o := &cfg.Options
	o.Steps, o.BatchSize, o.EvalEvery, o.EvalBatch = 2, 16, 1, 16
	o.OutDir = t.TempDir()
	res, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rows) != 2 || math.IsNaN(res.TestAccuracy) {
		t.Fatalf("%+v", res.Rows)
	}
}

// TestTrainStepTimeout: a step slower than StepTimeout fails the run with
// ErrStepTimeout (the first step has 10 extra minutes for compilation).
func TestTrainStepTimeout(t *testing.T) {
	o := tinyOptions()
	o.Steps = 3
	o.StepTimeout = time.Nanosecond
	_, err := Train(context.Background(), tinyNet{hidden: 8, classes: 4}, tinyData(), o)
	if !errors.Is(err, ErrStepTimeout) || !strings.Contains(err.Error(), "training step 2") {
		t.Fatalf("err = %v", err)
	}
}

// TestRecalibrateBatches: batch-norm recalibration before evaluations
// changes the running statistics (and only with RecalibrateBatches > 0
// the recipe fingerprint), and a resumed run still equals an
// uninterrupted one bit for bit.
func TestRecalibrateBatches(t *testing.T) {
	net := tinyNet{hidden: 16, classes: 4, aux: true}
	data := tinyData()
	plain := tinyOptions()
	base, err := Train(context.Background(), net, data, plain)
	if err != nil {
		t.Fatal(err)
	}
	o := tinyOptions()
	o.RecalibrateBatches = 3
	if o.recipeFingerprint() == plain.recipeFingerprint() {
		t.Error("recalibration does not change the recipe fingerprint")
	}
	o.OutDir = t.TempDir()
	want, err := Train(context.Background(), net, data, o)
	if err != nil {
		t.Fatal(err)
	}
	wantVars := varBytes(t, want.Store)
	runMean := "/" + ModelScope + "/running_mean"
	if bytes.Equal(wantVars[runMean], varBytes(t, base.Store)[runMean]) {
		t.Error("recalibration left the running mean unchanged")
	}
	o.OutDir = t.TempDir()
	o.LogEvery = 1
	ctx, cancel := context.WithCancel(context.Background())
	o.Progress = func(p Progress) {
		if p.Step == 5 {
			cancel()
		}
	}
	if _, err := Train(ctx, net, data, o); !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted run: err = %v", err)
	}
	cancel()
	o.Progress = nil
	res, err := Train(context.Background(), net, data, o)
	if err != nil {
		t.Fatal(err)
	}
	if !sameRows(stripSeconds(res.Rows), stripSeconds(want.Rows)) {
		t.Errorf("metrics differ after resuming:\n%v\n%v", res.Rows, want.Rows)
	}
	for p, b := range wantVars {
		if !bytes.Equal(varBytes(t, res.Store)[p], b) {
			t.Errorf("variable %s differs after resuming", p)
		}
	}
	o.RecalibrateBatches = -1
	if err := o.Validate(); err == nil {
		t.Error("negative RecalibrateBatches accepted")
	}
}
