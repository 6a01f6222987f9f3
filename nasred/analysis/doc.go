// Package analysis holds the paper's analyses as one call each, so that a
// notebook or the CLI stays a list of steps: load a table, run a study,
// show its figures and tables.
//
// NB201Ops is Section 3 of the paper on NAS-Bench-201: operation
// importance of every cell, the top and bottom 5%, the operation counts
// among all and among important edges, and OI box plots per operation.
// Figures come from package plot; the numbers behind them are exported
// fields, so every figure can be checked or redrawn.
package analysis
