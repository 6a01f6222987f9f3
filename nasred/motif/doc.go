// Package motif is the motif analysis of Wan et al. (paper §4): which small wiring patterns recur among the important edges of good
// cells, compared with what chance alone would produce.
//
// The pipeline, on any cell space:
//
//  1. Every cell becomes a CellGraph: a labelled directed graph holding all
//     of the cell's edges, each with its operation (the edge label) and its
//     operation importance (OI, package importance). NB201Cell and DARTSCell
//     build them for the two spaces; NewCellGraph for any other.
//  2. CellGraph.Important keeps the edges whose OI passes the threshold
//     (OI >= t for good cells, OI <= -t for bad cells: Options.Direction)
//     and drops the nodes left isolated.
//  3. The important graphs are mined with a directed gSpan (package gspan):
//     connected patterns of 2 to 6 vertices present in at least 5% of the
//     cells by default. The miner grows patterns along in- and out-edges, so
//     joins (a node with two incoming important edges) are found.
//  4. For every cell, CellGraph.RandomSubgraph draws a reference graph: a
//     uniformly random set of as many edges as the cell has important edges,
//     taken from all of the cell's edges (before thresholding), on the nodes
//     they touch, seeded per cell (the draw for the cell at position i
//     depends only on Options.Seed and i). Every subset of that size is
//     equally likely and the result need not be connected: the paper's null
//     model is "the same number of edges, placed without regard to
//     importance", and the important subgraph is not forced to be connected
//     either; conditioning the reference on connectivity would inflate the
//     reference incidence of connected motifs and so deflate their ratio.
//  5. A motif's reference incidence is the number of reference graphs that
//     contain it, by labelled directed subgraph monomorphism (Matcher, a
//     VF2-style backtracking matcher).
//  6. Motifs are ranked by normalised support = support / (reference
//     incidence + Options.Smoothing). The default smoothing 1 keeps motifs
//     that never occur in the reference finite, so that a motif seen in a
//     handful of cells cannot outrank one seen in hundreds; Smoothing 0
//     gives the paper's plain ratio, with incidence 0 ranked first (+Inf).
//     Ties go to the larger support, then the smaller motif.
//
// Report.Missed lists the motifs with a node of in-degree >= 2: the motifs
// that the reference code's out-edge-only directed gSpan cannot report.
//
// The reference code (mine_motifs.py) differs from steps 4–6 as the paper
// states them, and options reproduce it: its headline normal-only NB301
// run drew references of randint(k) edges, 0..k−1 (Options.Reference =
// ReferenceOriginal); it counted reference incidence by node-induced
// subgraph isomorphism (networkx; Options.InducedReference), while
// support counts non-induced embeddings; it ranked by support / incidence
// (Options.Smoothing = 0; Motif.PaperRatio is that ratio whatever the
// smoothing); and its minimum support was np.round(fraction ×
// architectures) (OriginalMinSupport, passed as an absolute
// Options.Support). analysis.MotifModeOptions sets all of them for
// "nasred motifs --mode original".
//
// Run performs steps 2 to 6 and returns a Report, which writes the ranked
// table (WriteCSV, one motif a line in the one-line pattern form of
// FormatPattern), the patterns in gSpan's text format, DOT and networkx
// node-link JSON exports; Report.SaveData writes all of them into a
// folder. The figures of a report (the top motifs drawn as small graphs,
// support next to reference incidence) and the whole analysis on the
// NAS-Bench-201 table (analysis.NB201Motifs) live in package analysis.
//
// Node labels. The paper labels DARTS nodes by role: input1 and input2 (the
// two cell inputs, which carry different tensors) and op (the four
// interchangeable intermediate nodes). NB201 cells have one input, two
// intermediate nodes and an output node that is itself a sum; we label them
// input, op, op, output. The two intermediate nodes share a label because
// they are interchangeable up to renumbering, as in the paper; the output
// keeps its own label because, unlike in DARTS where all intermediate nodes
// are concatenated, only what reaches node 3 leaves an NB201 cell, so "an
// edge into the output" is a different pattern from "an edge into an
// intermediate node". NB201 edges labelled none are kept as edges: an
// important none edge says that leaving the edge empty matters.
//
// Kind: algorithm. It takes values, readers and paths; it reads no
// environment variable and imports neither plot nor datadir (README, Layout).
package motif
