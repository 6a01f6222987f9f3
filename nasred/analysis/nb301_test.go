package analysis

import (
	"archive/zip"
	"context"
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/nasred/nasred/nasred/datadir/datatest"
	"github.com/nasred/nasred/nasred/importance"
	"github.com/nasred/nasred/nasred/motif"
	"github.com/nasred/nasred/nasred/space/darts"
	"github.com/nasred/nasred/nasred/surrogate"
)

// nb301Files returns the NB301 archs and labels files or skips the test.
func nb301Files(t testing.TB) (archs, labels string) {
	t.Helper()
	return datatest.Path(t, NB301ArchsFile), datatest.Path(t, NB301LabelledFile)
}

var (
	ownOnce sync.Once
	ownM    *surrogate.Model
	ownDesc string
	ownErr  error
)

func ownSurrogate(t testing.TB) (*surrogate.Model, string) {
	_, labels := nb301Files(t)
	ownOnce.Do(func() { ownM, ownDesc, ownErr = OwnSurrogate(context.Background(), labels) })
	if ownErr != nil {
		t.Fatal(ownErr)
	}
	return ownM, ownDesc
}

const v2 = "[[(0, 3), (1, 3), (0, 3), (1, 3), (1, 3), (0, 2), (0, 2), (1, 5)], [(0, 0), (1, 0), (2, 2), (1, 0), (0, 0), (2, 2), (2, 2), (1, 0)]]"

func TestParseNB301ArchsText(t *testing.T) {
	text := "# DARTS V2 and friends\n\n" + v2 + "\n" +
		"Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('dil_conv_3x3', 1)], normal_concat=[2, 3, 4, 5], reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)], reduce_concat=[2, 3, 4, 5])\n"
	a, err := ParseNB301Archs([]byte(text), "x.txt")
	if err != nil {
		t.Fatal(err)
	}
	if a.Format != FormatText || len(a.Genotypes) != 2 || a.Index[1] != 1 || a.ValErrors != nil {
		t.Fatalf("got %+v", a)
	}
	if a.Genotypes[0] != darts.MustParse(v2) {
		t.Error("first genotype differs")
	}
	for _, bad := range []string{"", "\n# only a comment\n", v2 + "\n[[(0, 9)]]\n", "{\"0\": 3}"} {
		_, err := ParseNB301Archs([]byte(bad), "bad.txt")
		if err == nil {
			t.Errorf("%q accepted", bad)
		} else if !strings.Contains(err.Error(), "bad.txt") {
			t.Errorf("error does not name the file: %v", err)
		}
	}
	if _, err := ParseNB301Archs([]byte(v2+"\n[[(0, 9)]]\n"), "f"); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("error does not name the line: %v", err)
	}
}

func TestReadNB301ArchsFormats(t *testing.T) {
	archs, labels := nb301Files(t)
	ctx := context.Background()
	a, err := ReadNB301Archs(ctx, archs, nil)
	if err != nil {
		t.Fatal(err)
	}
	if a.Format != FormatArchs || len(a.Genotypes) != 11221 || a.ValErrors != nil {
		t.Errorf("archs: %s, %d genotypes", a.Format, len(a.Genotypes))
	}
	l, err := ReadNB301Archs(ctx, labels, nil)
	if err != nil {
		t.Fatal(err)
	}
	if l.Format != FormatLabelled || len(l.Genotypes) != 725 || len(l.ValErrors) != 725 {
		t.Errorf("labelled: %s, %d genotypes", l.Format, len(l.Genotypes))
	}
	// A zip of one record, built from the real example record.
	dir, _, _ := strings.Cut(archs, NB301ArchsFile)
	rec, err := os.ReadFile(filepath.Join(dir, "nb301", "nb301_results_example.json"))
	if err != nil {
		t.Skip(err)
	}
	zp := filepath.Join(t.TempDir(), "train.zip")
	f, _ := os.Create(zp)
	zw := zip.NewWriter(f)
	w, _ := zw.Create("nb_301_v13_lc_iclr_final/rs/results_0.json")
	w.Write(rec)
	w, _ = zw.Create("nb_301_v13_lc_iclr_final/rs/broken.json")
	w.Write([]byte("{"))
	zw.Close()
	f.Close()
	z, err := ReadNB301Archs(ctx, zp, nil)
	if err != nil {
		t.Fatal(err)
	}
	if z.Format != FormatZip || len(z.Genotypes) != 1 || len(z.ValErrors) != 1 || len(z.Skipped) != 1 {
		t.Errorf("zip: %+v", z)
	}
	if _, err := ReadNB301Archs(ctx, filepath.Join(t.TempDir(), "missing"), nil); err == nil {
		t.Error("missing file accepted")
	}
}

// bruteOI computes OI straight from paper §3 without AppendNeighbours:
// every (op, input) pair that changes exactly one of the two and keeps the
// two inputs of the node distinct.
func bruteOI(ctx context.Context, p darts.Predictor, g darts.Genotype) ([]float64, float64) {
	var base [1]float64
	p.PredictErrors(ctx, []darts.Genotype{g}, base[:])
	oi := make([]float64, darts.NumEdges)
	for e := range darts.NumEdges {
		cur := g.Edge(e)
		sib := g.Edge(e ^ 1).Input
		var ns []darts.Genotype
		for op := darts.Op(0); op < darts.NumOps; op++ {
			for in := 0; in < e%8/2+2; in++ {
				if (op != cur.Op) == (in != cur.Input) || in == sib {
					continue
				}
				ns = append(ns, g.WithEdge(e, darts.Edge{Op: op, Input: in}))
			}
		}
		errs := make([]float64, len(ns))
		p.PredictErrors(ctx, ns, errs)
		for _, x := range errs {
			oi[e] += x - base[0]
		}
		oi[e] /= float64(len(ns))
	}
	return oi, base[0]
}

func TestNB301ImportanceAgainstDefinition(t *testing.T) {
	m, _ := ownSurrogate(t)
	_, labels := nb301Files(t)
	ctx := context.Background()
	a, err := ReadNB301Archs(ctx, labels, nil)
	if err != nil {
		t.Fatal(err)
	}
	gs := a.Genotypes[:30]
	res, err := importance.NB301(ctx, m, gs, importance.Options{BatchSize: 7})
	if err != nil {
		t.Fatal(err)
	}
	for i, g := range gs {
		want, base := bruteOI(ctx, m, g)
		if res[i].Err != base {
			t.Fatalf("genotype %d: err %v, want %v", i, res[i].Err, base)
		}
		for e := range want {
			if math.Abs(res[i].OI[e]-want[e]) > 1e-15 {
				t.Fatalf("genotype %d edge %d: OI %v, want %v", i, e, res[i].OI[e], want[e])
			}
		}
	}
}

func TestNB301ImportanceFile(t *testing.T) {
	m, _ := ownSurrogate(t)
	_, labels := nb301Files(t)
	dir := t.TempDir()
	model := filepath.Join(dir, "model.json")
	if err := m.Save(model); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "oi.csv")
	var msgs []string
	r, err := NB301ImportanceFile(context.Background(), NB301ImportanceOptions{
		Archs: labels, Surrogate: model, Out: out, Select: importance.Top,
		Progress: func(s string) { msgs = append(msgs, s) }})
	if err != nil {
		t.Fatal(err)
	}
	if r.Ranking != RankLabelled || len(r.Picked) != 36 { // floor(0.05·725)
		t.Errorf("ranking %q, %d rows", r.Ranking, len(r.Picked))
	}
	f, _ := os.Open(out)
	recs, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	if h := strings.Join(recs[0], ","); h != "index,genotype,err,oi0,oi1,oi2,oi3,oi4,oi5,oi6,oi7,oi8,oi9,oi10,oi11,oi12,oi13,oi14,oi15" {
		t.Errorf("header %s", h)
	}
	a, _ := ReadNB301Archs(context.Background(), labels, nil)
	byIndex := map[int]int{}
	for i, x := range a.Index {
		byIndex[x] = i
	}
	prev := -1
	for _, rec := range recs[1:] {
		idx, _ := strconv.Atoi(rec[0])
		if idx <= prev {
			t.Fatal("rows not sorted by index")
		}
		prev = idx
		g, err := darts.ParseCompact(rec[1])
		if err != nil || g != a.Genotypes[byIndex[idx]] {
			t.Fatalf("row %d: genotype %q does not match the file (%v)", idx, rec[1], err)
		}
	}
	var meta map[string]any
	b, _ := os.ReadFile(out + ".meta.json")
	if err := json.Unmarshal(b, &meta); err != nil || meta["ranking"] != RankLabelled || meta["rows"] != 36.0 {
		t.Errorf("meta %s (%v)", b, err)
	}
	// Unlabelled text file: ranked by the surrogate.
	txt := filepath.Join(dir, "g.txt")
	os.WriteFile(txt, []byte(v2+"\n"+v2+"\n"), 0o644)
	r, err = NB301ImportanceFile(context.Background(), NB301ImportanceOptions{Archs: txt, Surrogate: model, Out: out, Select: importance.Bottom})
	if err != nil || r.Ranking != RankSurrogate || len(r.Picked) != 1 {
		t.Errorf("text: %+v, %v", r, err)
	}
	for _, o := range []NB301ImportanceOptions{{Surrogate: model, Out: out}, {Archs: txt, Out: out}, {Archs: txt, Surrogate: model}, {Archs: txt, Surrogate: filepath.Join(dir, "nope"), Out: out}} {
		if _, err := NB301ImportanceFile(context.Background(), o); err == nil {
			t.Errorf("%+v accepted", o)
		}
	}
}

// labelledStudy trains the own surrogate and runs NB301Ops on the 725
// labelled genotypes (ranked by their labels).
func labelledStudy(t *testing.T) (*surrogate.Model, *NB301Archs, *NB301Study) {
	t.Helper()
	m, desc := ownSurrogate(t)
	_, labels := nb301Files(t)
	a, err := ReadNB301Archs(context.Background(), labels, nil)
	if err != nil {
		t.Fatal(err)
	}
	s, err := NB301Ops(context.Background(), a, m, desc, NB301Options{})
	if err != nil {
		t.Fatal(err)
	}
	return m, a, s
}

// TestNB301Notebooks runs the package calls of operation_importance,
// remove_important_ops and sample_archs on the 725 labelled genotypes.
func TestNB301Notebooks(t *testing.T) {
	m, _, s := labelledStudy(t)
	ctx := context.Background()
	if s.Ranking != RankLabelled || len(s.Top) != 36 || len(s.Bottom) != 36 {
		t.Fatalf("ranking %s, top %d bottom %d", s.Ranking, len(s.Top), len(s.Bottom))
	}
	for c := range 2 {
		n := 0
		for _, x := range s.Ops[c][0] {
			n += x.Count
		}
		if n != 8*36 {
			t.Errorf("cell %d: %d top edges, want %d", c, n, 8*36)
		}
		if _, err := s.CountFigure(c); err != nil {
			t.Error(err)
		}
		if _, err := s.OIFigure(c); err != nil {
			t.Error(err)
		}
		if h, rows := s.SummaryTable(c); len(rows) != 7 || len(rows[0]) != len(h) {
			t.Error("summary table shape")
		}
	}
	if _, err := s.CountGrid(); err != nil {
		t.Error(err)
	}
	if _, err := s.ImportantCountFigure(); err != nil {
		t.Error(err)
	}
	sk := s.Skips(s.Top)
	if sum := sk.Cells[0] + sk.Cells[1] + sk.Cells[2] + sk.Cells[3]; sum != 36 {
		t.Errorf("skip kinds sum to %d", sum)
	}
	if _, _, err := s.SkipFigures(); err != nil {
		t.Error(err)
	}
	rr, chosen, err := NB301Removal(ctx, s, m, NB301RemovalOptions{N: 10})
	if err != nil || len(chosen) != 10 || len(rr.Trials) != 10 {
		t.Fatalf("removal: %v", err)
	}
	if _, err := RemovalFigure(rr, "removal"); err != nil {
		t.Error(err)
	}
	sm, err := SampleNB301(ctx, m, s.Surrogate, NB301SampleOptions{Constraints: darts.BuiltinNames(), N: 20})
	if err != nil {
		t.Fatal(err)
	}
	if len(sm.Errors) != 4 || len(sm.Errors[3]) != 20 {
		t.Fatal("sample shape")
	}
	for _, g := range sm.Genotypes[3] { // primskip: node 2 = two skips
		if g.Normal[0].Op != darts.SkipConnect || g.Normal[1].Op != darts.SkipConnect {
			t.Fatal("primskip sample without skips at node 2")
		}
	}
	if _, err := sm.Figure(); err != nil {
		t.Error(err)
	}
	if _, rows := sm.Table(); len(rows) != 4 {
		t.Error("sample table")
	}
}

func TestV2TextForms(t *testing.T) {
	// The compact and the DARTS form of DARTS V2 in the text test agree.
	a, err := ParseNB301Archs([]byte(v2+"\nGenotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('dil_conv_3x3', 1)], normal_concat=[2, 3, 4, 5], reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)], reduce_concat=[2, 3, 4, 5])\n"), "v2")
	if err != nil {
		t.Fatal(err)
	}
	if a.Genotypes[0] != a.Genotypes[1] {
		t.Errorf("compact %v != DARTS form %v", a.Genotypes[0], a.Genotypes[1])
	}
}

func TestNB301MotifsSmall(t *testing.T) {
	_, a, s := labelledStudy(t)
	ctx := context.Background()
	cells, err := s.MotifCells(s.Top, 0)
	if err != nil || len(cells) != len(s.Top) {
		t.Fatalf("motif cells: %v", err)
	}
	// Edge k of the graph is normal edge k of the genotype.
	g := a.Genotypes[s.Top[0]]
	for k, e := range cells[0].Edges {
		if e.From != g.Normal[k].Input || e.To != k/2+2 || e.Op != g.Normal[k].Op.String() || e.OI != s.Results[s.Top[0]].OI[k] {
			t.Fatalf("edge %d: %+v vs %v", k, e, g.Normal[k])
		}
	}
	opt := motif.DefaultOptions()
	opt.MaxVertices = 4
	r, err := NB301Motifs(ctx, s, opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Motifs) == 0 {
		t.Error("no motifs in the top normal cells")
	}
	if _, err := s.MotifCells(s.Top, 2); err == nil {
		t.Error("cell 2 accepted")
	}
}

// TestNB301ImportanceRankingSource checks which errors rank each kind of
// file: the zip's validation accuracy, the labels, or the surrogate.
func TestNB301ImportanceRankingSource(t *testing.T) {
	m, _ := ownSurrogate(t)
	archs, labels := nb301Files(t)
	dir, _, _ := strings.Cut(archs, NB301ArchsFile)
	rec, err := os.ReadFile(filepath.Join(dir, "nb301", "nb301_results_example.json"))
	if err != nil {
		t.Skip(err)
	}
	zp := filepath.Join(t.TempDir(), "train.zip")
	f, _ := os.Create(zp)
	zw := zip.NewWriter(f)
	for _, name := range []string{"x/rs/a.json", "x/re/b.json"} {
		w, _ := zw.Create(name)
		w.Write(rec)
	}
	zw.Close()
	f.Close()
	ctx := context.Background()
	for _, tc := range []struct {
		path string
		sel  importance.Selection
		want string
	}{
		{zp, importance.Top, RankOfficial},
		{labels, importance.Bottom, RankLabelled},
		{labels, importance.Uniform, RankNone},
		{labels, importance.All, RankNone},
	} {
		a, err := ReadNB301Archs(ctx, tc.path, nil)
		if err != nil {
			t.Fatal(err)
		}
		r, err := NB301Importance(ctx, m, a, tc.sel, importance.SelectOptions{N: 5}, importance.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if r.Ranking != tc.want {
			t.Errorf("%s %s: ranking %q, want %q", tc.path, tc.sel, r.Ranking, tc.want)
		}
		if tc.want == RankOfficial && (len(r.Picked) != 1 || r.RankErrors[0] != a.ValErrors[0]) {
			t.Errorf("zip: picked %v, rank errors %v", r.Picked, r.RankErrors)
		}
	}
}

// TestSniffNB301Archs checks format detection from a file's first bytes
// (what ReadNB301Archs peeks at), including files whose start is cut.
func TestSniffNB301Archs(t *testing.T) {
	for _, c := range []struct{ head, want string }{
		{"PK\x03\x04rest", FormatZip},
		{`{"0": "(((0, 6), (1, 4)`, FormatArchs},
		{"\n  {\"11220\": \"x\"}", FormatArchs},
		{`{"cifar10": {"[[(0, 0)`, FormatLabelled},
		{`{"cifar100": {}}`, FormatLabelled},
		{`{"NetworkSelectorDatasetInfo:darts:edge_normal_0": "sep_conv_3x3"}`, FormatText},
		{`{"optimizer:x": 1}`, FormatText},
		{"[[(0, 0), (1, 5)]]", FormatText},
		{"# comment\nGenotype(normal=[", FormatText},
		{"", FormatText},
		{"{", FormatText},
		{`{"`, FormatText},
		{`{"01`, FormatText}, // a key cut short: not known to be an index yet
	} {
		if got := sniffNB301Archs([]byte(c.head)); got != c.want {
			t.Errorf("sniff %q = %s, want %s", c.head, got, c.want)
		}
	}
}
