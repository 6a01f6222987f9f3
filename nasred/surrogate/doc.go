// Package surrogate predicts the validation error of NAS-Bench-301
// (DARTS-space) genotypes without training them.
//
// Everything that scores genotypes takes a darts.Predictor (batched: many
// genotypes → predicted validation error, a fraction). Two implementations:
//
//   - Official runs the official NB301 XGBoost ensemble (nb_models_*/xgb_v*)
//     natively: the genotype is encoded into NB301's 56 ConfigSpace features
//     (package configspace, with nasbench301's fixed training
//     hyperparameters), every member predicts with XGBoost's float32
//     arithmetic (package xgb) and the members are averaged as numpy does,
//     so results equal nasbench301's predict(with_noise=False).
//   - Model is nasred's own surrogate, trained from any labelled genotypes
//     (Train, ReadLabels) with gradient-boosted trees (package gbt) on a
//     genotype encoding (Encoding; default Graph), saved as versioned JSON
//     (Save, ReadModel) and assessed with k-fold cross-validation
//     (CrossValidate: Kendall τ, Spearman ρ, R², package metrics). With the
//     default settings the trees are stumps, which are compiled into one
//     step function per feature, so prediction costs a few table lookups
//     per genotype whatever the number of trees. On the 725 labelled
//     genotypes of NASLib (target: validation error), 5-fold CV gives
//     Kendall τ 0.775, Spearman ρ 0.932, R² 0.872 (seed 0); the Graph
//     encoding beat Slots, OneHot and the 56 ConfigSpace features.
//
// Load opens either kind from a path, which is what the --surrogate flags
// of the command line accept; the benchmark data folder (for NB301's
// ConfigSpace) is passed in (analysis.LoadSurrogate resolves it).
//
// Kind: algorithm. It takes values, readers and paths; it reads no
// environment variable and imports neither plot nor datadir (README, Layout).
package surrogate
