package analysis

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/nasred/nasred/nasred/atomicfile"

	"github.com/nasred/nasred/nasred/motif"
	"github.com/nasred/nasred/nasred/space/darts"
)

// MotifCells returns the motif graphs (paper §4) of cell c (0 normal,
// 1 reduce) of the architectures at positions sel, with their OI. The cell
// graph's ID is its position in sel and its name the genotype's compact
// form.
func (s *NB301Study) MotifCells(sel []int, c int) ([]motif.CellGraph, error) {
	if c != 0 && c != 1 {
		return nil, fmt.Errorf("motif cells: cell %d, want 0 (normal) or 1 (reduce)", c)
	}
	cells := make([]motif.CellGraph, 0, len(sel))
	for k, i := range sel {
		g := s.Archs.Genotypes[i]
		var inputs [8]int
		var ops [8]string
		for e := range darts.CellEdges {
			ed := g.Edge(c*darts.CellEdges + e)
			inputs[e], ops[e] = ed.Input, ed.Op.String()
		}
		cg, err := motif.DARTSCell(k, g.CompactString(), inputs, ops, s.Results[i].OI[c*darts.CellEdges:(c+1)*darts.CellEdges])
		if err != nil {
			return nil, err
		}
		cells = append(cells, cg)
	}
	return cells, nil
}

// NB301Motifs runs the motif analysis on the normal cells of the top
// architectures of s (the paper's headline run) with options opt (see
// motif.DefaultOptions).
func NB301Motifs(ctx context.Context, s *NB301Study, opt motif.Options) (*motif.Report, error) {
	return NB301MotifsCells(ctx, s, CellsNormal, opt)
}

// Cell choices of an NB301 motif run (--cells).
const (
	CellsNormal = "normal"
	CellsReduce = "reduce"
	CellsBoth   = "both"
)

// NB301MotifsCells runs the motif analysis on the chosen cells of the top
// architectures of s: CellsNormal, CellsReduce, or CellsBoth (the normal
// cells, then the reduction cells, one graph each, as the reference
// code's two-cell mode).
func NB301MotifsCells(ctx context.Context, s *NB301Study, cells string, opt motif.Options) (*motif.Report, error) {
	var cs []motif.CellGraph
	for c, name := range cellNames {
		if cells != name && cells != CellsBoth {
			continue
		}
		g, err := s.MotifCells(s.Top, c)
		if err != nil {
			return nil, err
		}
		for i := range g {
			g[i].ID = len(cs) + i
		}
		cs = append(cs, g...)
	}
	if len(cs) == 0 {
		return nil, fmt.Errorf("motifs: cells %q, want normal, reduce or both", cells)
	}
	return motif.Run(ctx, cs, opt)
}

// NB301MotifsFileOptions are the settings of "nasred motifs nb301"; every
// flag is a field.
type NB301MotifsFileOptions struct {
	// Source gives the genotypes, surrogate, ranking and top fraction
	// (default: the NASLib files of the data folder, nasred's own stump
	// surrogate).
	Source NB301Source
	// Cells is CellsNormal (default), CellsReduce or CellsBoth.
	Cells string
	// Mode is ModeCorrected (default) or ModeOriginal (MotifModeOptions).
	Mode string
	// Motif tunes the analysis (motif.DefaultOptions when zero).
	Motif motif.Options
	// Out is the output folder (see SaveMotifs), plus meta.json.
	Out string
	// Progress, if not nil, receives progress messages.
	Progress func(msg string)
}

// NB301MotifsFileResult is the outcome of NB301MotifsFile.
type NB301MotifsFileResult struct {
	Report *motif.Report
	Study  *NB301Study
	// Options are the motif options used (after the mode).
	Options motif.Options
	Seconds float64
}

// NB301MotifsFile runs "nasred motifs nb301": the NB301 study of o.Source,
// the motif analysis of the chosen cells of its top architectures in the
// chosen mode, and the report with SaveMotifs plus meta.json (inputs,
// ranking, surrogate and its limits, mode, settings).
func NB301MotifsFile(ctx context.Context, o NB301MotifsFileOptions) (*NB301MotifsFileResult, error) {
	if o.Out == "" {
		return nil, fmt.Errorf("--out DIR is required")
	}
	if o.Cells == "" {
		o.Cells = CellsNormal
	}
	if o.Cells != CellsNormal && o.Cells != CellsReduce && o.Cells != CellsBoth {
		return nil, fmt.Errorf("--cells %q: want normal, reduce or both", o.Cells)
	}
	if o.Motif.Support == 0 {
		o.Motif = motif.DefaultOptions()
	}
	if err := o.Motif.Validate(); err != nil {
		return nil, err
	}
	start := time.Now()
	s, _, err := o.Source.Study(ctx, o.Progress)
	if err != nil {
		return nil, err
	}
	opt, err := MotifModeOptions(o.Mode, o.Motif, len(s.Top), o.Cells != CellsBoth)
	if err != nil {
		return nil, err
	}
	r, err := NB301MotifsCells(ctx, s, o.Cells, opt)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(o.Out, 0o755); err != nil {
		return nil, fmt.Errorf("create output folder: %w", err)
	}
	if err := SaveMotifs(r, o.Out); err != nil {
		return nil, err
	}
	mode := o.Mode
	if mode == "" {
		mode = ModeCorrected
	}
	meta := map[string]any{
		"archs": s.Archs.Path, "archs_format": s.Archs.Format, "num_archs": len(s.Archs.Genotypes),
		"ranking": s.Ranking, "top": len(s.Top), "surrogate": s.Surrogate, "surrogate_limits": s.Limits.String(),
		"cells": o.Cells, "mode": mode, "threshold": opt.Threshold, "min_support": r.MinSupport,
		"min_vertices": opt.MinVertices, "max_vertices": opt.MaxVertices, "reference": opt.Reference.String(),
		"induced_reference": opt.InducedReference, "smoothing": opt.Smoothing, "seed": opt.Seed,
		"motifs": len(r.Motifs), "joins": len(r.Missed()), "complete": r.Complete,
	}
	b, err := json.MarshalIndent(meta, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := atomicfile.WriteBytes(filepath.Join(o.Out, "meta.json"), append(b, '\n')); err != nil {
		return nil, err
	}
	return &NB301MotifsFileResult{Report: r, Study: s, Options: opt, Seconds: time.Since(start).Seconds()}, nil
}
