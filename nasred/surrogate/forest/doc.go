// Package forest evaluates ensembles of regression trees quickly and with
// exactly the float32 arithmetic of XGBoost's CPU predictor.
//
// A Forest is a sum of binary trees over float32 feature rows. Every tree is
// flattened into one shared node array (12 bytes a node, children stored
// next to each other), so that predicting a batch is a tight loop over
// contiguous memory. The arithmetic follows XGBoost: at a split a row goes
// left iff x < threshold, a missing value (NaN) follows the split's default
// direction, and the prediction is the float32 sum
// base + leaf(tree 0) + leaf(tree 1) + ... in tree order. Batched
// prediction splits rows over all CPU cores; results do not depend on the
// number of cores.
//
// Forests are built with a Builder, either by the XGBoost model reader
// (package xgb) or by nasred's own gradient-boosting trainer (package gbt).
//
// Kind: algorithm. It takes values, readers and paths; it reads no
// environment variable and imports neither plot nor datadir (README, Layout).
package forest
