// Package gbt trains gradient-boosted regression trees on float32 feature
// matrices: histogram-based (each feature quantised into at most MaxBins
// bins at its distinct training values), squared loss, depth-wise growth
// with shrinkage (LearningRate), maximum depth, minimum child weight
// (hessian sum, i.e. row count for squared loss), L2 regularisation of the
// leaf weights (Lambda), row subsampling per tree and column subsampling
// per tree. Split gain and leaf weights are XGBoost's:
// gain = G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ), weight = −G/(H+λ).
// Missing values (NaN) are allowed in features and get a learned default
// direction at each split.
//
// Training is deterministic for a given Seed (math/rand/v2 PCG) and
// independent of the number of CPUs. The result is a forest.Forest, so a
// trained model predicts with the same fast, bit-reproducible evaluator as
// the XGBoost reader.
//
// Kind: algorithm. It takes values, readers and paths; it reads no
// environment variable and imports neither plot nor datadir (README, Layout).
package gbt
