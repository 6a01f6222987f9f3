// Package palette holds the project's colours: one colour per operation
// and the series palette. Package plot draws with them and package motif
// writes them into its DOT exports, so an operation has the same colour in
// every figure and file.
//
// Kind: shared low-level code (README, Layout).
package palette
