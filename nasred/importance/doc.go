// Package importance computes operation importance (OI), the paper's
// measure of how much one edge of a cell matters (paper §3):
//
//	OI(e) = mean over A' in N(e) of [ err(A') - err(A) ]
//
// where N(e) holds the architectures that differ from A only at edge e.
// Positive OI means changing the edge hurts; units are error fractions
// (0.001 = 0.1 percentage points).
//
// The computation is written against two small interfaces so every search
// space plugs in: a Space enumerates one-edge neighbourhoods and a Scorer
// gives errors in batches (a benchmark table looks them up, a surrogate
// predicts them). Compute builds and scores neighbourhoods in batches on
// several goroutines. NB201 is the ready-made call for a NAS-Bench-201
// table; NB301 scores DARTS genotypes (16 edges, 120 neighbours each: six
// other operations and every allowed rewiring of each edge) through any
// predictor with the surrogate interface, such as nasred's own model or the
// official NB301 XGBoost ensemble (package surrogate).
//
// Select picks the paper's top / bottom / middle / uniform sets of
// architectures; Summarize groups edge importances by operation (counts,
// counts of important edges at a threshold, quantiles) for the figures of
// package plot; WriteCSV writes the importance table the CLI emits.
//
// Kind: algorithm. It takes values, readers and paths; it reads no
// environment variable and imports neither plot nor datadir (README, Layout).
package importance
