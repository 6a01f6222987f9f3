// Package removal is the removal experiment of paper §3: take good
// architectures, order their edges by operation importance (OI), and
// replace edges by `none` one at a time — from the least important up (and,
// for comparison, from the most important down) — up to about half of the
// 16 edges, re-scoring every pruned genotype. If most edges are redundant,
// removing the unimportant ones first costs little accuracy while removing
// the important ones first costs a lot.
//
// Run does the pruning and scoring with any darts.Predictor (the paper retrains
// the pruned networks; here a surrogate stands in, which only works for a
// surrogate that understands `none` edges, such as nasred's own). The
// result holds, per architecture and order, the predicted error after
// each removal; AccChange turns that into accuracy change in percentage
// points, Steps compares the two orders at each step with a Wilcoxon
// signed-rank test and a (paired) one-sample t test, and Curve gives the
// mean ± sd accuracy change per number of edges removed for both orders
// (drawn by analysis.RemovalFigure).
//
// The statistics are implemented here and checked against published and
// hand-computed values: WilcoxonSignedRank (zeros dropped, average ranks
// for ties; by default, ExactNoTies, the exact null distribution for up
// to 50 differences without ties or zeros, otherwise the normal
// approximation with tie correction) and OneSampleT (Student's t with the
// CDF of gonum's stat/distuv). The default is not scipy's: scipy's
// mode='auto' (ExactSciPy, WilcoxonOptions.Exact) stays exact when the
// differences tie (only a zero difference switches it to the normal
// approximation), and ScipyWilcoxon(alt) gives those options.
//
// The reference code's own statistics (remove_important_ops.ipynb) are
// different again, and Result.OriginalSteps / OriginalSummary reproduce
// them: for each order and each number of removed edges separately, the
// median with numpy's 30th and 70th percentiles (Median, Percentile) and
// a one-sample Wilcoxon test of the changes against 0 with
// alternative='less' (ScipyWilcoxon(Less)), marked at p < OriginalAlpha
// (0.01); its measure of a retrained network is the best test accuracy
// over epochs (BestAccuracy). It never compares the two orders with each
// other, which Steps does. "nasred removal" and analysis.RemovalGrid show
// both.
//
// Kind: algorithm. It takes values, readers and paths; it reads no
// environment variable and imports neither plot nor datadir (README, Layout).
package removal
