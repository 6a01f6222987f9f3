package surrogate

import (
	"bytes"
	"context"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nasred/nasred/nasred/datadir/datatest"
	"github.com/nasred/nasred/nasred/space/darts"
	"github.com/nasred/nasred/nasred/surrogate/configspace"
	"github.com/nasred/nasred/nasred/surrogate/gbt"
)

func dataDir(t testing.TB) string {
	t.Helper()
	return datatest.Dir(t, "nb301/naslib_zc_nasbench301.json")
}

// randomGenotype draws a valid genotype (no None).
func randomGenotype(rng *rand.Rand) darts.Genotype {
	var g darts.Genotype
	for c := 0; c < 2; c++ {
		var cell darts.Cell
		for k := 0; k < darts.CellEdges; k += 2 {
			j := k/2 + 2
			a := rng.IntN(j)
			b := rng.IntN(j - 1)
			if b >= a {
				b++
			}
			cell[k] = darts.Edge{Op: darts.Op(rng.IntN(darts.NumOps)), Input: a}
			cell[k+1] = darts.Edge{Op: darts.Op(rng.IntN(darts.NumOps)), Input: b}
		}
		if c == 0 {
			g.Normal = cell
		} else {
			g.Reduce = cell
		}
	}
	return g
}

// TestConfigSpaceEncoderFast checks the fast encoder against the general
// ConfigSpace encoder (itself checked against an independent oracle in
// package configspace).
func TestConfigSpaceEncoderFast(t *testing.T) {
	d := dataDir(t)
	path := filepath.Join(d, "nb301", "nb301_configspace.json")
	enc, err := NewConfigSpaceEncoder(path)
	if err != nil {
		t.Fatal(err)
	}
	s, err := configspace.ReadNB301(path)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(5, 5))
	fast := make([]float32, enc.NumFeatures())
	slow := make([]float32, s.Len())
	for i := 0; i < 2000; i++ {
		g := randomGenotype(rng)
		if err := enc.Encode(g, fast); err != nil {
			t.Fatal(err)
		}
		if err := s.EncodeNB301(g.Config(), slow); err != nil {
			t.Fatal(err)
		}
		for k := range fast {
			if fast[k] != slow[k] {
				t.Fatalf("genotype %s feature %d: fast %v, ConfigSpace %v", g.CompactString(), k, fast[k], slow[k])
			}
		}
	}
}

func TestEncodersByHand(t *testing.T) {
	// Normal: node2 ← (0 sep3, 1 sep3); node3 ← (0 skip, 2 max);
	// node4 ← (1 avg, 3 dil3); node5 ← (0 sep5, 4 dil5). Reduce all
	// max_pool from 0 and 1.
	g, err := darts.ParseGenotype("[[(0, 3), (1, 3), (0, 2), (2, 0), (1, 1), (3, 5), (0, 4), (4, 6)], [(0, 0), (1, 0), (0, 0), (1, 0), (0, 0), (1, 0), (0, 0), (1, 0)]]")
	if err != nil {
		t.Fatal(err)
	}
	v := make([]float32, 2*perCellSlots)
	if err := (slots{}).Encode(g, v); err != nil {
		t.Fatal(err)
	}
	// Slots of the normal cell: 0:0→2 sep3(3) 1:1→2 sep3(3) 2:0→3 skip(2)
	// 4:2→3 max(0) 6:1→4 avg(1) 8:3→4 dil3(5) 9:0→5 sep5(4) 13:4→5 dil5(6).
	wantNormal := []float32{3, 3, 2, -1, 0, -1, 1, -1, 5, 4, -1, -1, -1, 6,
		1, 1, 1, 2, 1, 1, 1} // op counts max..dil5
	for i, w := range wantNormal {
		if v[i] != w {
			t.Fatalf("slots normal feature %d = %v, want %v (row %v)", i, v[i], w, v[:perCellSlots])
		}
	}
	if v[perCellSlots+0] != 0 || v[perCellSlots+1] != 0 || v[perCellSlots+2] != 0 || v[perCellSlots+14] != 8 {
		t.Errorf("slots reduce row %v", v[perCellSlots:])
	}
	gv := make([]float32, 2*perCellGraph)
	if err := (graph{}).Encode(g, gv); err != nil {
		t.Fatal(err)
	}
	// Ops on edges from inputs 0/1: sep3 ×2, skip, avg, sep5 → counts
	// max 0 avg 1 skip 1 sep3 2 sep5 1 dil3 0 dil5 0; in-degree of nodes
	// 0..4 as inputs: node0 3, node1 2, node2 1, node3 1, node4 1.
	wantGraph := []float32{0, 1, 1, 2, 1, 0, 0, 3, 2, 1, 1, 1}
	for i, w := range wantGraph {
		if gv[perCellSlots+i] != w {
			t.Fatalf("graph extra features %v, want %v", gv[perCellSlots:perCellGraph], wantGraph)
		}
	}
	oh := make([]float32, 2*perCellOneHot)
	if err := (oneHot{}).Encode(g, oh); err != nil {
		t.Fatal(err)
	}
	var ones int
	for i := 0; i < darts.NumSlots*darts.NumOps; i++ {
		ones += int(oh[i])
	}
	if ones != 8 || oh[9*darts.NumOps+4] != 1 || oh[13*darts.NumOps+6] != 1 {
		t.Errorf("onehot normal cell wrong: %d ones", ones)
	}
	// A pruned edge sets nothing.
	p := g.WithEdge(0, darts.Edge{Op: darts.None, Input: 0})
	if err := (slots{}).Encode(p, v); err != nil {
		t.Fatal(err)
	}
	if v[0] != -1 || v[darts.NumSlots+3] != 1 {
		t.Errorf("pruned edge: slot %v, sep3 count %v", v[0], v[darts.NumSlots+3])
	}
}

func TestCrossValidateNB301(t *testing.T) {
	d := dataDir(t)
	l, err := ReadLabels(context.Background(), filepath.Join(d, "nb301", "naslib_zc_nasbench301.json"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Genotypes) != 725 {
		t.Fatalf("%d labelled genotypes, want 725", len(l.Genotypes))
	}
	r, err := CrossValidate(context.Background(), l.Genotypes, l.ValErrors, CVOptions{Folds: 5})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("5-fold CV on 725 NB301 genotypes: %+v", r.Pooled)
	// Measured 0.775 / 0.932 / 0.872 with the defaults and seed 0.
	if r.Pooled.KendallTau < 0.74 || r.Pooled.Spearman < 0.91 || r.Pooled.R2 < 0.83 {
		t.Errorf("CV scores dropped: %+v", r.Pooled)
	}
}

func smallModel(t testing.TB, enc Encoding, depth int) (*Model, []darts.Genotype) {
	rng := rand.New(rand.NewPCG(6, 6))
	var gs []darts.Genotype
	var ys []float64
	for i := 0; i < 300; i++ {
		g := randomGenotype(rng)
		// A made-up target: separable convs help, pooling hurts.
		var y float64 = 0.06
		for _, e := range g.Normal {
			switch e.Op {
			case darts.SepConv3x3, darts.SepConv5x5:
				y -= 0.002
			case darts.MaxPool3x3, darts.AvgPool3x3:
				y += 0.002
			}
		}
		gs = append(gs, g)
		ys = append(ys, y+0.001*rng.NormFloat64())
	}
	p := gbt.DefaultParams()
	p.NumRounds = 200
	p.MaxDepth = depth
	m, err := Train(context.Background(), gs, ys, TrainOptions{Encoding: enc, Params: &p, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	return m, gs
}

func TestSaveLoad(t *testing.T) {
	for _, depth := range []int{1, 3} {
		m, gs := smallModel(t, Graph, depth)
		path := filepath.Join(t.TempDir(), "m.json")
		if err := m.Save(path); err != nil {
			t.Fatal(err)
		}
		p, err := Load(context.Background(), path, "")
		if err != nil {
			t.Fatal(err)
		}
		a := make([]float64, len(gs))
		b := make([]float64, len(gs))
		if err := m.PredictErrors(context.Background(), gs, a); err != nil {
			t.Fatal(err)
		}
		if err := p.PredictErrors(context.Background(), gs, b); err != nil {
			t.Fatal(err)
		}
		for i := range a {
			if a[i] != b[i] {
				t.Fatalf("depth %d genotype %d: %v before saving, %v after", depth, i, a[i], b[i])
			}
		}
	}
}

func TestCorruptModel(t *testing.T) {
	m, _ := smallModel(t, Slots, 1)
	var buf bytes.Buffer
	if _, err := m.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	good := buf.String()
	dir := t.TempDir()
	for name, content := range map[string]string{
		"truncated":  good[:len(good)/2],
		"version":    strings.Replace(good, `"version":1`, `"version":99`, 1),
		"format":     strings.Replace(good, `"nasred-surrogate"`, `"something-else"`, 1),
		"encoding":   strings.Replace(good, `"encoding":"slots"`, `"encoding":"graph"`, 1),
		"bad child":  strings.Replace(good, `"left":[1,`, `"left":[7,`, 1),
		"bad params": strings.Replace(good, `"max_depth":1`, `"max_depth":0`, 1),
		"empty":      "",
	} {
		if content == good {
			t.Fatalf("%s: replacement did not apply", name)
		}
		path := filepath.Join(dir, strings.ReplaceAll(name, " ", "_"))
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := ReadModel(path, ""); err == nil {
			t.Errorf("%s: no error", name)
		} else if !strings.Contains(err.Error(), path) {
			t.Errorf("%s: error %q does not name the file", name, err)
		}
	}
}

func TestBadLabels(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{
		"not json":     "hello",
		"no cifar10":   `{"cifar100": {}}`,
		"bad genotype": `{"cifar10": {"[[(0, 9)]]": {"val_accuracy": 93}}}`,
		"bad zip":      "PK\x03\x04garbage",
	} {
		path := filepath.Join(dir, strings.ReplaceAll(name, " ", "_"))
		os.WriteFile(path, []byte(content), 0o644)
		if _, err := ReadLabels(context.Background(), path, nil); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, err := Train(context.Background(), nil, nil, TrainOptions{}); err == nil {
		t.Error("no genotypes: no error")
	}
	g := randomGenotype(rand.New(rand.NewPCG(1, 1)))
	if _, err := Train(context.Background(), []darts.Genotype{g, g}, []float64{0.1, math.NaN()}, TrainOptions{}); err == nil {
		t.Error("NaN label: no error")
	}
	bad := gbt.DefaultParams()
	bad.LearningRate = 0
	if _, err := Train(context.Background(), []darts.Genotype{g, g}, []float64{0.1, 0.2}, TrainOptions{Params: &bad}); err == nil {
		t.Error("learning rate 0: no error")
	}
	if _, err := CrossValidate(context.Background(), []darts.Genotype{g, g, g}, []float64{0.1, 0.2, 0.3}, CVOptions{Folds: 5}); err == nil {
		t.Error("5 folds of 3 genotypes: no error")
	}
}

func FuzzReadModel(f *testing.F) {
	f.Add([]byte(`{"format":"nasred-surrogate","version":1,"encoding":"slots","num_feature":42,"params":{"num_rounds":1,"learning_rate":0.1,"max_depth":1,"min_child_weight":1,"lambda":1,"subsample":1,"colsample_bytree":1,"max_bins":64},"base":0.05,"trees":[{"left":[-1],"right":[-1],"feature":[0],"value":[0.01],"default_left":[false]}]}`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := parseModel(b, "/nonexistent")
		if err != nil {
			return
		}
		g := randomGenotype(rand.New(rand.NewPCG(1, 1)))
		dst := make([]float64, 1)
		_ = m.PredictErrors(context.Background(), []darts.Genotype{g}, dst)
	})
}
