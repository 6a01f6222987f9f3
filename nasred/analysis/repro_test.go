package analysis

import (
	"bytes"
	"context"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/nasred/nasred/nasred/importance"
	"github.com/nasred/nasred/nasred/motif"
	"github.com/nasred/nasred/nasred/removal"
	"github.com/nasred/nasred/nasred/space/darts"
	"github.com/nasred/nasred/nasred/surrogate"
)

// noneCount predicts 5% error plus 1 point per `none` edge, plus 0.1
// point per sep_conv_3x3 edge, so that hand-computed cases are easy.
type noneCount struct{ calls int }

func (p *noneCount) PredictErrors(_ context.Context, gs []darts.Genotype, dst []float64) error {
	p.calls++
	for i, g := range gs {
		e := 0.05
		for k := range darts.NumEdges {
			switch g.Edge(k).Op {
			case darts.None:
				e += 0.01
			case darts.SepConv3x3:
				e += 0.001
			}
		}
		dst[i] = e
	}
	return nil
}

// fourGenotypes are four distinct genotypes: genotype i has i
// sep_conv_3x3 edges in its normal cell (so the noneCount error grows with
// i).
func fourGenotypes(t *testing.T) []darts.Genotype {
	t.Helper()
	gs, err := darts.SampleN(context.Background(), darts.SampleOptions{Constraint: "random", N: 4, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	for i := range gs {
		for k := range darts.CellEdges {
			gs[i].Normal[k].Op = darts.MaxPool3x3
			gs[i].Reduce[k].Op = darts.MaxPool3x3
			if k < i {
				gs[i].Normal[k].Op = darts.SepConv3x3
			}
		}
	}
	return gs
}

func TestParseRankByAndPresets(t *testing.T) {
	for _, n := range []string{"auto", "labels", "surrogate"} {
		r, err := ParseRankBy(n)
		if err != nil || r.String() != n {
			t.Errorf("ParseRankBy(%q) = %v, %v", n, r, err)
		}
	}
	if _, err := ParseRankBy("oracle"); err == nil {
		t.Error("ParseRankBy accepted oracle")
	}
	for depth, want := range map[int]string{1: PresetStumps, 2: PresetInteraction} {
		if p, err := PresetForDepth(depth); err != nil || p != want {
			t.Errorf("PresetForDepth(%d) = %q, %v", depth, p, err)
		}
	}
	for _, d := range []int{0, 3, -1} {
		if _, err := PresetForDepth(d); err == nil {
			t.Errorf("PresetForDepth(%d) accepted", d)
		}
	}
	for _, n := range SurrogatePresets() {
		p, err := SurrogatePresetParams(n)
		if err != nil {
			t.Fatal(err)
		}
		if want := map[string]int{PresetStumps: 1, PresetInteraction: 2}[n]; p.MaxDepth != want {
			t.Errorf("preset %s: depth %d, want %d", n, p.MaxDepth, want)
		}
	}
	if _, err := SurrogatePresetParams("deep"); err == nil {
		t.Error("unknown preset accepted")
	}
}

// TestRankByLabels checks the three rankings on four hand-made genotypes:
// labels rank only the labelled ones, by label, and the surrogate is not
// asked to rank; surrogate ranking orders by prediction.
func TestRankByLabels(t *testing.T) {
	ctx := context.Background()
	gs := fourGenotypes(t)
	a := &NB301Archs{Path: "four", Format: FormatText, Genotypes: gs, Index: []int{0, 1, 2, 3}}
	// Labels disagree with the predictor: genotype 3 is best, 0 worst;
	// genotype 1 has no label.
	l := &surrogate.Labels{Genotypes: []darts.Genotype{gs[3], gs[2], gs[0]}, ValErrors: []float64{0.01, 0.02, 0.03}, Source: "hand"}
	opt := NB301Options{RankBy: RankByLabels, RankLabels: l}
	opt.Select.Fraction = 0.34 // floor(0.34·3) = 1 of the 3 labelled
	p := &noneCount{}
	s, err := NB301Ops(ctx, a, p, "noneCount", opt)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(s.Top, []int{3}) || !slices.Equal(s.Bottom, []int{0}) || s.Labelled != 3 || s.RankName != "labels" {
		t.Errorf("labels: top %v bottom %v labelled %d (%s)", s.Top, s.Bottom, s.Labelled, s.Ranking)
	}
	if !strings.Contains(s.Ranking, "3 of 4 genotypes labelled") || !math.IsNaN(s.RankErrors[1]) {
		t.Errorf("ranking %q, rank errors %v", s.Ranking, s.RankErrors)
	}
	if s.Results[1].OI != nil || s.Results[3].OI == nil {
		t.Error("OI computed outside the top and bottom sets, or not inside")
	}
	opt.RankBy = RankBySurrogate
	opt.Select.Fraction = 0.25
	s, err = NB301Ops(ctx, a, p, "noneCount", opt)
	if err != nil {
		t.Fatal(err)
	}
	// Predictions 5.0, 5.1, 5.2, 5.3 %: genotype 0 is best.
	if !slices.Equal(s.Top, []int{0}) || !slices.Equal(s.Bottom, []int{3}) || s.RankName != "surrogate" {
		t.Errorf("surrogate: top %v bottom %v", s.Top, s.Bottom)
	}
	// Auto ranks by the given labels; a file without labels and no label
	// file cannot be ranked by labels.
	opt.RankBy = RankByAuto
	if s, err = NB301Ops(ctx, a, p, "x", opt); err != nil || s.RankName != "labels" {
		t.Errorf("auto with labels: %v, %v", s, err)
	}
	opt.RankBy, opt.RankLabels = RankByLabels, nil
	if _, err := NB301Ops(ctx, a, p, "x", opt); err == nil || !strings.Contains(err.Error(), "--rank-labels") {
		t.Errorf("labels without labels: %v", err)
	}
	opt.RankLabels = &surrogate.Labels{Genotypes: fourGenotypes(t)[:0], Source: "empty"}
	if _, err := NB301Ops(ctx, a, p, "x", opt); err == nil {
		t.Error("labels matching no genotype accepted")
	}
	// Limits: the range check of the 2 predictions (top 0, bottom 3:
	// 5.0 % and 5.3 %) against labels [5.1, 5.2] %: one below, one above.
	opt.RankBy, opt.RankLabels = RankBySurrogate, nil
	opt.TrainLabels = &surrogate.Labels{ValErrors: []float64{0.051, 0.052}}
	s, err = NB301Ops(ctx, a, p, "x", opt)
	if err != nil {
		t.Fatal(err)
	}
	if r := s.Limits.Range; r.N != 2 || r.Below != 1 || r.Above != 1 || s.Limits.CapacityKnown {
		t.Errorf("limits %+v", s.Limits)
	}
	if c := s.Caption(); c != "ranked by surrogate, given surrogate, 100% of predictions outside its label range" {
		t.Errorf("caption %q", c)
	}
}

func TestMotifModeOptions(t *testing.T) {
	def := motif.DefaultOptions()
	for _, tc := range []struct {
		name    string
		nArchs  int
		oneCell bool
		support float64
		ref     motif.ReferenceRule
	}{
		// np.round(0.05·2589) = np.round(129.45) = 129; 0.05·781 = 39.05 → 39;
		// 0.05·50 = 2.5 rounds half to even → 2.
		{"paper NB301 normal only", 2589, true, 129, motif.ReferenceOriginal},
		{"NB201", 781, false, 39, motif.ReferenceExact},
		{"half to even", 50, true, 2, motif.ReferenceOriginal},
		{"at least 1", 5, false, 1, motif.ReferenceExact},
	} {
		o, err := MotifModeOptions(ModeOriginal, def, tc.nArchs, tc.oneCell)
		if err != nil {
			t.Fatal(err)
		}
		if o.Support != tc.support || o.Reference != tc.ref || !o.InducedReference || o.Smoothing != 0 || o.Threshold != def.Threshold {
			t.Errorf("%s: %+v", tc.name, o)
		}
	}
	if o, err := MotifModeOptions(ModeCorrected, def, 100, true); err != nil || o.Support != def.Support || o.Smoothing != def.Smoothing {
		t.Errorf("corrected changed the options: %+v, %v", o, err)
	}
	bad := def
	bad.Support = 30
	if _, err := MotifModeOptions(ModeOriginal, bad, 100, true); err == nil {
		t.Error("original with a count support accepted")
	}
	if _, err := MotifModeOptions("paper", def, 100, true); err == nil {
		t.Error("unknown mode accepted")
	}
}

// TestOriginalRemovalStats runs the removal experiment with the noneCount
// predictor: every removed edge costs exactly 1 point in both orders, so
// by hand the median, both percentiles are −k, and the one-sample
// Wilcoxon test (all n changes negative, W+ = 0) has the exact p = 2^−n:
// 1/256 < 0.01 for 8 architectures (marked), 1/32 for 5 (not marked).
func TestOriginalRemovalStats(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		n      int
		p      float64
		marked bool
	}{{8, 1.0 / 256, true}, {5, 1.0 / 32, false}} {
		gs, err := darts.SampleN(ctx, darts.SampleOptions{Constraint: "random", N: tc.n, Seed: 2})
		if err != nil {
			t.Fatal(err)
		}
		ois := make([][]float64, tc.n)
		for i := range ois {
			ois[i] = make([]float64, darts.NumEdges)
			for e := range ois[i] {
				ois[i][e] = float64(e)
			}
		}
		r, err := removal.Run(ctx, &noneCount{}, gs, ois, removal.Options{MaxRemoved: 3})
		if err != nil {
			t.Fatal(err)
		}
		_, rows := OriginalStepsTable(r)
		if len(rows) != 6 {
			t.Fatalf("%d rows, want 2 orders × 3 steps", len(rows))
		}
		for _, o := range removal.Orders() {
			for _, st := range r.OriginalSteps(o) {
				k := float64(st.K)
				// Removing sep_conv_3x3 edges also removes their 0.1 point;
				// allow for it in the change (between −k and −k+0.1k).
				if st.N != tc.n || st.Median > -0.9*k || st.Median < -k-1e-9 || st.P30 > st.Median || st.P70 < st.Median {
					t.Errorf("n=%d %s k=%d: %+v", tc.n, o, st.K, st)
				}
				if !st.Wilcoxon.Exact || math.Abs(st.Wilcoxon.P-tc.p) > 1e-12 || st.Marked != tc.marked {
					t.Errorf("n=%d %s k=%d: wilcoxon %+v marked %v, want p %v", tc.n, o, st.K, st.Wilcoxon, st.Marked, tc.p)
				}
			}
		}
		var buf bytes.Buffer
		if err := writeOriginalSteps(&buf, r); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
		if len(lines) != 7 || !strings.HasPrefix(lines[1], "least_first,1,") || !strings.HasSuffix(lines[1], ","+strconv.FormatBool(tc.marked)) {
			t.Errorf("original_steps.csv:\n%s", buf.String())
		}
		if _, err := RemovalGrid(r, "caption"); err != nil {
			t.Error(err)
		}
	}
}

// TestSampleOriginalWiring: in original mode the Skip and PrimSkip
// samples use the reference code's wiring (node 3 reads only the cell
// inputs), Random and Prim are drawn exactly as in corrected mode, and
// the range check counts predictions outside the labels.
func TestSampleOriginalWiring(t *testing.T) {
	ctx := context.Background()
	cons := darts.BuiltinNames()
	opt := NB301SampleOptions{Constraints: cons, N: 200, Seed: 3, TrainLabels: []float64{0.0505, 0.06}}
	corr, err := SampleNB301(ctx, &noneCount{}, "p", opt)
	if err != nil {
		t.Fatal(err)
	}
	opt.Mode = ModeOriginal
	orig, err := SampleNB301(ctx, &noneCount{}, "p", opt)
	if err != nil {
		t.Fatal(err)
	}
	for k, c := range cons {
		node3FromNode2 := 0
		for _, g := range orig.Genotypes[k] {
			for _, cell := range [][darts.CellEdges]darts.Edge{g.Normal, g.Reduce} {
				if cell[2].Input > 1 || cell[3].Input > 1 {
					node3FromNode2++
				}
			}
		}
		same := slices.Equal(orig.Genotypes[k], corr.Genotypes[k])
		switch c {
		case "skip", "primskip":
			if node3FromNode2 != 0 || same {
				t.Errorf("%s original: %d cells with node 3 reading node 2, same as corrected: %v", c, node3FromNode2, same)
			}
		default:
			if !same {
				t.Errorf("%s: original mode changed the samples", c)
			}
		}
		// Errors are 5 % + 0.1 point per sep_conv_3x3 of 16 edges: below
		// the label minimum 5.05 % exactly when there is none.
		below := 0
		for _, e := range orig.Errors[k] {
			if e < 0.0505 {
				below++
			}
		}
		if orig.Range[k].Below != below || orig.Range[k].N != 200 {
			t.Errorf("%s: range %+v, want %d below", c, orig.Range[k], below)
		}
	}
	h, rows := orig.Table()
	if len(h) != 10 || rows[2][1] != "original" || rows[0][1] != "all" {
		t.Errorf("table %v %v", h, rows)
	}
	if _, err := orig.Figure(); err != nil {
		t.Error(err)
	}
	if _, err := SampleNB301(ctx, &noneCount{}, "p", NB301SampleOptions{Constraints: cons, N: 1, Mode: "paper"}); err == nil {
		t.Error("unknown mode accepted")
	}
}

// TestNB301MotifsCells mines both cells as one list of 2n graphs with
// distinct IDs, normal cells first.
func TestNB301MotifsCells(t *testing.T) {
	ctx := context.Background()
	gs := fourGenotypes(t)
	a := &NB301Archs{Path: "four", Format: FormatText, Genotypes: gs, Index: []int{0, 1, 2, 3}}
	s, err := NB301Ops(ctx, a, &noneCount{}, "p", NB301Options{RankBy: RankBySurrogate, Select: importanceHalf()})
	if err != nil {
		t.Fatal(err)
	}
	opt := motif.DefaultOptions()
	opt.Support = 1
	for cells, want := range map[string]int{CellsNormal: 2, CellsReduce: 2, CellsBoth: 4} {
		r, err := NB301MotifsCells(ctx, s, cells, opt)
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Cells) != want {
			t.Errorf("%s: %d cells, want %d", cells, len(r.Cells), want)
		}
		for i, c := range r.Cells {
			if c.ID != i {
				t.Errorf("%s: cell %d has ID %d", cells, i, c.ID)
			}
		}
	}
	if _, err := NB301MotifsCells(ctx, s, "all", opt); err == nil {
		t.Error("cells all accepted")
	}
}

// importanceHalf selects the top and bottom half.
func importanceHalf() importance.SelectOptions { return importance.SelectOptions{Fraction: 0.5} }
