package analysis

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/nasred/nasred/nasred/motif"
	"github.com/nasred/nasred/nasred/space/nb201"
)

// motifReport runs the motif analysis on n NB201 cells spread over the
// space, with every third edge important, at support 0.1 (or support).
func motifReport(tb testing.TB, n int, support float64) *motif.Report {
	tb.Helper()
	cells := make([]motif.CellGraph, n)
	for i := range cells {
		c, err := nb201.FromCode(i * 7919 % nb201.NumCells)
		if err != nil {
			tb.Fatal(err)
		}
		oi := make([]float64, nb201.NumEdges)
		for k := range oi {
			if (i+k)%3 == 0 {
				oi[k] = 0.002
			}
		}
		if cells[i], err = motif.NB201Cell(i, c, oi); err != nil {
			tb.Fatal(err)
		}
	}
	opt := motif.DefaultOptions()
	opt.Support = support
	r, err := motif.Run(context.Background(), cells, opt)
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

func TestSaveMotifs(t *testing.T) {
	for _, support := range []float64{0.1, 1000} { // 1000: no motif at all
		r := motifReport(t, 80, support)
		if support == 1000 && len(r.Motifs) != 0 {
			t.Fatalf("%d motifs at support 1000 of 80 cells", len(r.Motifs))
		}
		dir := t.TempDir()
		if err := SaveMotifs(r, dir); err != nil {
			t.Fatalf("support %v: %v", support, err)
		}
		for _, n := range []string{"motifs.csv", "motifs.txt", "motifs.json", "motifs.dot", "cells.json", "motif_grid.png", "motif_grid.svg", "support_bars.png", "support_bars.svg"} {
			fi, err := os.Stat(filepath.Join(dir, n))
			if err != nil || (fi.Size() == 0 && len(r.Motifs) > 0) {
				t.Errorf("support %v: %s: %v", support, n, err)
			}
		}
		for _, n := range []string{"motif_grid.png", "support_bars.png"} {
			b, _ := os.ReadFile(filepath.Join(dir, n))
			if _, err := png.Decode(bytes.NewReader(b)); err != nil {
				t.Errorf("support %v: %s does not decode: %v", support, n, err)
			}
		}
	}
}

// BenchmarkMotifGridPNG measures drawing the top-12 motif grid.
func BenchmarkMotifGridPNG(b *testing.B) {
	r := motifReport(b, 80, 0.1)
	for b.Loop() {
		if _, err := MotifGrid(r, 12).PNG(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNB201TopCIFAR10Motifs measures the motif analysis of the real
// top 5% of CIFAR-10 cells, OI included (skipped without the data).
func BenchmarkNB201TopCIFAR10Motifs(b *testing.B) {
	tab, _, err := LoadNB201("")
	if err != nil {
		b.Skip(err)
	}
	for b.Loop() {
		if _, err := NB201Motifs(context.Background(), tab, DefaultNB201MotifOptions(), motif.DefaultOptions()); err != nil {
			b.Fatal(err)
		}
	}
}
