// Package numpysum reproduces numpy's floating-point summation order, so
// that Go code can match numbers that Python tools (np.mean, xgboost
// ensembles averaged with numpy) produced, bit for bit.
//
// Kind: shared low-level code (README, Layout).
package numpysum
