// Package darts is the DARTS / NAS-Bench-301 cell search space: the
// Genotype type (a normal and a reduction cell of 8 (operation, input)
// edges each, the paper's set-up), every textual form in use, validation, the
// one-edge neighbourhood used by operation importance, a canonical key for
// computationally equivalent cells, the cell graph used for motif mining,
// and the constrained samplers of paper §5.
//
// A cell has inputs 0 and 1 (the outputs of the two previous cells) and
// intermediate nodes 2..5; edges 2k and 2k+1 feed node k+2 and each reads
// one earlier node. Over a genotype, edges 0-7 are the normal cell's and
// 8-15 the reduction cell's (Genotype.Edge, Genotype.WithEdge). Operations
// are numbered as in NASLib (MaxPool3x3 = 0 ... DilConv5x5 = 6); None
// exists only for pruned genotypes.
//
// Text forms: ParseGenotype detects the form; ParseDARTS / DARTSString
// handle the Python repr "Genotype(normal=[('sep_conv_3x3', 0), ...], ...)",
// ParseCompact / CompactString NASLib's "[[(input, op), ...], [...]]"
// (CompactTupleString its tuple variant), and FromConfig / Config NB301's
// ConfigSpace keys ("NetworkSelectorDatasetInfo:darts:edge_normal_5").
// Parsers return genotypes that pass Validate(true).
//
// Neighbours(e) lists the genotypes that differ from g only at edge e: 6
// operation swaps and j-2 rewirings for an edge into node j (paper §3).
// CanonicalKey identifies edge order within a node, relabelling of
// intermediate nodes, and dead edges when None is present (see
// Cell.Canonical). Cell.Graph gives the op-labelled directed graph of
// paper §4.
//
// Sampling: a Constraint declares allowed operations per edge and fixed
// inputs (JSON-loadable); NewSampler builds the built-in Random, Prim,
// Skip and PrimSkip samplers. Their wiring (Constraint.Wiring,
// SampleOptions.Wiring) is WiringAll by default — node j reads 2 distinct
// inputs among its j predecessors (paper §5) — or WiringOriginal, the
// reference code's get_constrained_random_arch used for Skip and PrimSkip,
// whose off-by-one makes node 3 read only the cell inputs, node 4 never
// node 3 and node 5 never node 4 ("nasred sample --wiring original"). All
// randomness comes from a caller's
// *rand.Rand (math/rand/v2; NewRand seeds PCG), so results are
// reproducible; nothing in the package holds mutable state.
//
// Kind: algorithm. It takes values, readers and paths; it reads no
// environment variable and imports neither plot nor datadir (README, Layout).
package darts
