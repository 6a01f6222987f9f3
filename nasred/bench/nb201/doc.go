// Package bench reads benchmark tables of cell-based architectures and
// answers "how good is this architecture" by lookup.
//
// NB201 is the NAS-Bench-201 / NATS-Bench topology table: for each of the
// 15,625 cells its test accuracy after 200 epochs (averaged over seeds) on
// CIFAR-10, CIFAR-100 and ImageNet16-120, with O(1) lookup by benchmark
// index and by cell. It is read either from the CSV export
// (ReadNB201CSV, a few milliseconds) or from the official NATS-Bench file set
// NATS-tss-v1_0-3ffb9-simple (LoadNATSTopology). LoadNB201 finds either in
// the data folder (see package datadir). NB201Scorer turns a table into the
// scorer that package importance needs.
//
// nasred ships no benchmark data; datadir.Help says where to get it.
package nb201
