// Package analysis holds the paper's analyses as one call each, so that a
// notebook or the CLI stays a list of steps: load data, run a study, show
// its figures and tables.
//
// NAS-Bench-201: NB201Ops is Section 3 of the paper on the NB201 table:
// operation importance of every cell, the top and bottom 5%, the operation
// counts among all and among important edges, and OI box plots per
// operation.
//
// NAS-Bench-301 / DARTS: ReadNB301Archs reads the architectures to study
// from any of the forms in use (the official training-data zip, NASLib's
// archs or labelled JSON, or one genotype per line); OwnSurrogate trains
// nasred's surrogate on labelled genotypes when the official ensemble is
// not at hand. NB301Importance (and NB301ImportanceFile, behind
// "nasred importance nb301") scores every one-edge neighbour of every
// genotype through a predictor and ranks architectures by the best source
// available — official validation accuracy, else labels, else the
// surrogate — and says which. NB301Ops is the Figs 3–4 study (normal and
// reduction cells, skip connections from the inputs), NB301Removal the
// removal experiment of §4, NB301Motifs the motif analysis of normal cells,
// and SampleNB301 the constrained sampling of §5. TrainCells (behind
// notebooks/train_cells.ipynb) trains, with package train, a PrimSkip
// sample, a random sample and a cell pruned of its most and of its least
// important edges (ranked by the surrogate's operation importance).
//
// Figures come from package plot; the numbers behind them are exported
// fields, so every figure can be checked or redrawn.
package analysis
