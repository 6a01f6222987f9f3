// Package nb201 is the NAS-Bench-201 cell search space.
//
// A cell is a DAG on four nodes (0 = input, 3 = output) whose six edges
// i→j (i < j) each carry one of five operations (none, skip_connect,
// nor_conv_1x1, nor_conv_3x3, avg_pool_3x3), 5^6 = 15,625 cells in all.
// Cell stores the operations in the order of the benchmark's string form
// |op~0|+|op~0|op~1|+|op~0|op~1|op~2|, that is edges (0→1), (0→2), (1→2),
// (0→3), (1→3), (2→3); Parse and Cell.String convert between the two.
//
// Neighbours and AppendEdgeNeighbours give the one-edge neighbourhoods that
// operation importance averages over (package importance), and
// IsomorphismKey identifies cells that compute the same function the way
// NAS-Bench-201 counts its 6,466 unique cells. The mapping between cells and
// the benchmark's row index lives with the benchmark table (package bench),
// since only the table knows its order; Code is a dense index of its own.
//
// Kind: algorithm. It takes values, readers and paths; it reads no
// environment variable and imports neither plot nor datadir (README, Layout).
package nb201
