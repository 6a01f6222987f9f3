// Package training holds the studies that train networks: "nasred train"
// (Train), the training of pruned and sampled cells of the paper's
// training set-up (TrainCells) and their curves.
//
// It is package analysis's part that needs GoMLX. Keeping it apart keeps
// GoMLX, XLA and their package initialisation out of every program that
// does not train: the nasred command runs training in its own binary,
// nasred-train (README, Layout).
//
// Kind: study.
package training
