// Package analysis holds the paper's analyses (the studies) as one call
// each, so that a notebook or the CLI stays a list of steps: load data, run
// a study, show its figures and tables. It is where data folders and files
// are resolved (LoadNB201, NB301Data, LoadSurrogate, Train for MNIST) and
// where results meet package plot. Every subcommand of cmd/nasred is one
// function here (the *File functions, Train, SampleFile, GspanFile).
//
// NAS-Bench-201: NB201Ops is paper §3 on the NB201 table:
// operation importance of every cell, the top and bottom 5%, the operation
// counts among all and among important edges, and OI box plots per
// operation. NB201Motifs is the motif analysis (paper §4) of the top
// cells; MotifGrid, MotifSupportBars and SaveMotifs draw and save a motif
// report.
//
// NAS-Bench-301 / DARTS: ReadNB301Archs reads the architectures to study
// from any of the forms in use (the official training-data zip, NASLib's
// archs or labelled JSON, or one genotype per line); OwnSurrogate trains
// nasred's surrogate on labelled genotypes when the official ensemble is
// not at hand; LoadNB301Study does the notebooks' set-up (NASLib files,
// own surrogate, NB301Ops) in one call. NB301Importance (and NB301ImportanceFile, behind
// "nasred importance nb301") scores every one-edge neighbour of every
// genotype through a predictor and ranks architectures by the best source
// available — official validation accuracy, else labels, else the
// surrogate — and says which. NB301Ops is the Figs 3–4 study (normal and
// reduction cells, skip connections from the inputs), NB301Removal the
// removal experiment of paper §3 (RemovalFigure draws it), NB301Motifs the
// motif analysis of normal cells (paper §4), and SampleNB301 the
// constrained sampling of paper §5. TrainCells (behind
// notebooks/train_cells.ipynb) trains, with package train, a PrimSkip
// sample, a random sample and a cell pruned of its most and of its least
// important edges (ranked by the surrogate's operation importance), each
// with several seeds, and compares them seed by seed (Comparisons);
// CurveFigures and SeedCurveFigures (mean ± sd over seeds) draw training
// curves.
//
// Figures come from package plot; the numbers behind them are exported
// fields, so every figure can be checked or redrawn.
//
// Kind: study. One function per paper analysis and per CLI subcommand;
// the only kind that resolves data folders (package datadir) and wires
// algorithms to figures (README, Layout).
package analysis
