// Package nb201 reads the NAS-Bench-201 benchmark table and answers "how
// good is this NB201 cell" by lookup. Its package name is that of the
// search space package space/nb201 (the cells it looks up); code that
// imports both names this one nb201bench:
//
//	import nb201bench "github.com/nasred/nasred/nasred/bench/nb201"
//
// NB201 is the NAS-Bench-201 / NATS-Bench topology table: for each of the
// 15,625 cells its test accuracy after 200 epochs (averaged over seeds) on
// CIFAR-10, CIFAR-100 and ImageNet16-120, with O(1) lookup by benchmark
// index and by cell. It is read either from the CSV export
// (ReadNB201CSV, a few milliseconds) or from the official NATS-Bench file set
// NATS-tss-v1_0-3ffb9-simple (LoadNATSTopology). LoadDir reads either from a
// benchmark data folder (analysis.LoadNB201 finds the folder). NB201Scorer turns a table into the
// scorer that package importance needs.
//
// nasred ships no benchmark data; data/README.md says where to get it.
//
// Kind: algorithm. It takes values, readers and paths; it reads no
// environment variable and imports neither plot nor datadir (README, Layout).
package nb201
