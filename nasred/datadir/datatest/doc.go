// Package datatest gives tests the benchmark files of the data folder (see
// package datadir), skipping a test when a file is not there, so that the
// suite passes on a machine without the data and checks it where it is.
//
// Kind: shared low-level code, for tests only (README, Layout).
package datatest
