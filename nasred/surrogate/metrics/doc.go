// Package metrics scores a surrogate's predictions against true values:
// Kendall's τ-b and Spearman's ρ (rank agreement, with ties handled as
// scipy.stats.kendalltau and spearmanr handle them) and the coefficient of
// determination R² (as sklearn.metrics.r2_score computes it).
//
// KendallTau runs in O(n log n) (Knight's algorithm), so it can score tens
// of thousands of predictions. Every function returns an error for inputs
// of different lengths, fewer than two values or NaNs, and NaN when a
// statistic is undefined (a constant input).
//
// Kind: algorithm. It takes values, readers and paths; it reads no
// environment variable and imports neither plot nor datadir (README, Layout).
package metrics
