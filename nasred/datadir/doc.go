// Package datadir finds the benchmark data folder that nasred reads at run
// time. Benchmark files are never part of the repository: a user points
// nasred at them with a --data flag or the NASRED_DATA environment
// variable; when neither is set, ../shared/data (relative to the working
// directory, or to any of its parents) is used when it exists.
//
// Kind: shared low-level code that reads the environment: only studies
// (package analysis) and tests use it, never an algorithm (README, Layout).
package datadir
