package analysis

import (
	"fmt"
	"image/color"
	"path/filepath"

	"github.com/nasred/nasred/nasred/motif"
	"github.com/nasred/nasred/nasred/plot"
)

// MotifGrid draws the top k motifs of r (r.Options.TopK when k is 0, all
// when k is negative) with MotifsGrid.
func MotifGrid(r *motif.Report, k int) *plot.Drawing {
	if k == 0 {
		k = r.Options.TopK
	}
	return MotifsGrid(r.Top(k))
}

// MotifsGrid draws motifs as small graphs in a grid, four to a row, each
// titled with its rank, support and reference incidence, nodes labelled by
// vertex label (in, op, out), edges coloured and labelled by operation, and
// a last tile with the legend of operations (plot.GraphGrid).
func MotifsGrid(ms []motif.Motif) *plot.Drawing {
	titles := make([]string, len(ms))
	graphs := make([]plot.Graph, len(ms))
	for i, m := range ms {
		titles[i] = fmt.Sprintf("#%d  s=%d  ref=%d", m.Rank, m.Support, m.RefIncidence)
		g := plot.Graph{Vertices: m.Pattern.Vertices, Edges: make([]plot.GraphEdge, len(m.Pattern.Edges))}
		for j, e := range m.Pattern.Edges {
			g.Edges[j] = plot.GraphEdge{From: e.From, To: e.To, Label: e.Label}
		}
		graphs[i] = g
	}
	return plot.GraphGrid(titles, graphs)
}

// MotifSupportBars draws, for the top k motifs of r (r.Options.TopK when k
// is 0), the support and the reference incidence side by side, labelled by
// rank (a grouped bar chart).
func MotifSupportBars(r *motif.Report, k int) (*plot.Figure, error) {
	if k == 0 {
		k = r.Options.TopK
	}
	ms := r.Top(k)
	sup, ref := make([]float64, len(ms)), make([]float64, len(ms))
	names := make([]string, len(ms))
	for i, m := range ms {
		sup[i], ref[i] = float64(m.Support), float64(m.RefIncidence)
		names[i] = fmt.Sprintf("#%d", m.Rank)
	}
	if len(ms) == 0 {
		names, sup, ref = []string{"no motif"}, []float64{0}, []float64{0}
	}
	f, err := plot.Bars(fmt.Sprintf("support vs reference incidence, top %d motifs (%d cells)", len(ms), len(r.Cells)), names,
		[]plot.Series{{Name: "support (important subgraphs)", Values: sup}, {Name: "reference incidence (random subgraphs)", Values: ref}},
		plot.BarOptions{XLabel: "motif rank", YLabel: "cells containing the motif",
			Colors: []color.Color{color.NRGBA{0xcc, 0x66, 0x77, 0xff}, color.NRGBA{0xaa, 0xaa, 0xaa, 0xff}}})
	if err != nil {
		return nil, fmt.Errorf("support bars: %w", err)
	}
	return f, nil
}

// SaveMotifs writes the report into dir: the tables of r.SaveData
// (motifs.csv, motifs.txt, motifs.json, motifs.dot, cells.json) and the
// figures motif_grid.{png,svg} (MotifGrid) and support_bars.{png,svg}
// (MotifSupportBars).
func SaveMotifs(r *motif.Report, dir string) error {
	if err := r.SaveData(dir); err != nil {
		return err
	}
	bars, err := MotifSupportBars(r, 0)
	if err != nil {
		return err
	}
	grid := MotifGrid(r, 0)
	for _, f := range []struct {
		name string
		fig  interface{ Save(string) error }
	}{{"motif_grid", grid}, {"support_bars", bars}} {
		for _, ext := range []string{".png", ".svg"} {
			if err := f.fig.Save(filepath.Join(dir, f.name+ext)); err != nil {
				return err
			}
		}
	}
	return nil
}

// Modes of a motif analysis (--mode).
const (
	// ModeCorrected is nasred's analysis as the paper defines it:
	// references with exactly as many edges as the important subgraph,
	// incidence by monomorphism (as support), ratio support /
	// (incidence + 1), minimum support floor(fraction × cells mined).
	ModeCorrected = "corrected"
	// ModeOriginal is the reference code's mine_motifs.py: in a one-cell
	// NB301 run references of randint(k) edges (motif.ReferenceOriginal;
	// exactly k for NB201 and for both cells), incidence by node-induced
	// isomorphism (networkx), the plain ratio support / incidence, and
	// minimum support np.round(fraction × architectures)
	// (motif.OriginalMinSupport). Its miner is nasred's correct gSpan:
	// Report.Missed lists the motifs the reference code's could not find.
	ModeOriginal = "original"
)

// MotifModeOptions returns opt set up for mode: ModeCorrected leaves it
// unchanged; ModeOriginal sets Reference, InducedReference, Smoothing 0
// and an absolute Support of OriginalMinSupport(opt.Support, nArchs)
// (opt.Support must then be a fraction). oneCellNB301 says whether the
// run is the reference code's normal-only (or reduce-only) NB301 run, the
// one that drew randint(k) reference edges.
func MotifModeOptions(mode string, opt motif.Options, nArchs int, oneCellNB301 bool) (motif.Options, error) {
	switch mode {
	case "", ModeCorrected:
		return opt, nil
	case ModeOriginal:
		if opt.Support >= 1 {
			return opt, fmt.Errorf("mode original: support %v must be a fraction (< 1)", opt.Support)
		}
		opt.Reference = motif.ReferenceExact
		if oneCellNB301 {
			opt.Reference = motif.ReferenceOriginal
		}
		opt.InducedReference = true
		opt.Smoothing = 0
		opt.Support = float64(max(1, motif.OriginalMinSupport(opt.Support, nArchs)))
		return opt, nil
	}
	return opt, fmt.Errorf("unknown mode %q (want original or corrected)", mode)
}

// MotifRatioTable lists the first k motifs of r (all when k <= 0) with
// both ratios side by side, whichever ranked them (r.Options.Smoothing):
// the paper's support / incidence (+Inf when the incidence is 0) and
// nasred's add-one smoothed support / (incidence + 1), the support and incidence also as fractions of the cells
// mined, and the largest in-degree (≥ 2: a join, which the reference
// code's miner could not report).
func MotifRatioTable(r *motif.Report, k int) (headers []string, rows [][]string) {
	headers = []string{"rank", "support", "support %", "ref incidence", "ref %", "paper ratio s/i",
		"smoothed s/(i+1)", "max in-degree", "pattern"}
	ms := r.Motifs
	if k > 0 && k < len(ms) {
		ms = ms[:k]
	}
	for _, m := range ms {
		rows = append(rows, []string{fmt.Sprint(m.Rank), fmt.Sprint(m.Support), fmt.Sprintf("%.1f", 100*m.SupportFraction),
			fmt.Sprint(m.RefIncidence), fmt.Sprintf("%.1f", 100*m.RefIncidenceFraction), fmt.Sprintf("%.2f", m.PaperRatio),
			fmt.Sprintf("%.2f", float64(m.Support)/float64(m.RefIncidence+1)), fmt.Sprint(m.MaxInDegree), m.String()})
	}
	return headers, rows
}
