// Package gspan mines frequent connected subgraphs from a set of labelled
// graphs with the gSpan algorithm (Yan & Han, "gSpan: Graph-Based
// Substructure Pattern Mining", ICDM 2002), in an undirected and a directed
// mode.
//
// A pattern is a connected graph with vertex and edge labels; its support
// is the number of graphs of the set that contain it (not the number of
// embeddings). Mine grows patterns one edge at a time along the rightmost
// path of their DFS code and keeps a pattern only when that code is its
// minimum DFS code, so every frequent pattern is reported exactly once.
// Labels are interned as integers; edges whose labelled single-edge
// pattern is infrequent are dropped up front; each embedding of the
// current pattern is a flat row (a bitset of its graph vertices, for
// graphs of up to 256 vertices; the graph vertex of every pattern vertex;
// the edges at the rightmost vertex), built from its parent's row, so
// extending it needs no walk back through its history; and a pattern is
// extended only at vertices where its parent had frequent extensions.
//
// Workers share the search: a worker that runs out of work is handed the
// later half of the pending siblings at the shallowest level of a busy
// worker's search (the largest piece), with copies of what they need.
// Patterns are reported in the order of a sequential run whatever the
// schedule: each worker writes compactly encoded patterns to segments of
// an ordered list, and one goroutine decodes and delivers the head
// segment's patterns while those of later segments wait their turn (a
// bounded amount; a worker too far ahead waits).
//
// Directed mode is a correct directed gSpan: every DFS-code edge records
// whether the underlying edge points forward or backward along the
// traversal, the minimality check compares that flag like a label, and
// patterns grow along in-edges as well as out-edges. So patterns in which a
// vertex has two incoming edges (a join a->c<-b, a residual triangle
// a->b->c with a->c) are found, which a miner that follows only out-edges
// cannot do.
//
// The text format (ReadGraphs, WriteGraphs) is the gSpan/gBolt one:
// "t # id", "v id label", "e u v label"; WritePatterns writes gBolt's output
// format ("t # k * support", v/e lines, "x: ids"), which ReadPatterns reads
// back. CanonicalKey gives an isomorphism-invariant key for comparing
// patterns found by different tools.
//
// Supports given as fractions are converted with SupportFromFraction,
// which truncates like gBolt (0.2 of 422 graphs is 84). Mine never reports
// single-vertex patterns. On the Compound_422 chemical set it finds
// exactly gBolt's 932 patterns at support 0.2 (same supports and graph
// ids), and 29, 56, 120 patterns at 0.5, 0.4, 0.3, which with the 3, 4, 4
// frequent vertex labels give the published totals 32, 60, 124. At 0.06
// it finds 293,397, as gBolt built from its source does (gBolt's docs list
// 65,259, which is not what gBolt computes).
//
// The search is exponential in the pattern size: lowering the support or
// raising MaxVertices can make the output explode. Budgets (MaxPatterns,
// Deadline), context cancellation and the Progress callback keep long runs
// under control.
//
// Kind: algorithm. It takes values, readers and paths; it reads no
// environment variable and imports neither plot nor datadir (README, Layout).
package gspan
