// Package train trains NB201 cells and DARTS genotypes with the recipe of
// the paper's proxy training (the paper's training set-up, docs/paper-sections.md) on GoMLX, on the CPU through the
// pure-Go backend or on a GPU through the XLA backend with a CUDA PJRT
// plugin.
//
// The parts, from the top:
//
//   - Recipes name the defaults of the options that change the numbers:
//     RecipePaper, the paper's proxy training (DefaultOptions; the default
//     for CIFAR-10 and synthetic data), and RecipeQuick for runs of a few
//     hundred steps (the default for MNIST and Fashion-MNIST). NewConfig
//     and DefaultConfig build a Config from one; ParseArgs reads
//     `nasred train`'s flags over the chosen recipe, explicit flags
//     overriding it, and Config.RecipeLine describes the result.
//   - Run takes a Config (network, data, recipe: everything `nasred train`
//     has a flag for), loads the data (LoadData), builds the network
//     (BuildNetwork, using package nn and the architecture parsers of
//     packages space/nb201 and space/darts) and calls Train.
//   - Train runs the loop: seeded initialisation, a data order and
//     augmentation that are pure functions of (seed, epoch, batch) (package
//     dataset), SGD with momentum, weight decay and global-norm clipping
//     (SGD, an optimizer.Interface, since GoMLX v0.28.0 has none of
//     these), a cosine learning-rate schedule and DARTS's linear drop-path
//     schedule, the auxiliary head's loss, mixup, evaluation, metrics rows
//     written atomically to metrics.csv, optional batch-norm
//     recalibration before evaluations (Options.RecalibrateBatches, for
//     short runs), checkpoints, progress reports,
//     context cancellation and a timeout on every step.
//   - Checkpoints (checkpoint.bin, one file with a CRC) hold every variable
//     of the model store (weights, batch-norm statistics, momentum buffers,
//     learning rate, drop-path probability, global step and the RNG state)
//     plus the run's position and metrics, so a resumed run ends with
//     exactly the numbers of an uninterrupted one (tested bit for bit).
//   - NewBackend picks the backend: $GOMLX_BACKEND when set, else
//     DefaultBackend ("go:parallelism=-1": the pure-Go backend deadlocked
//     in nested worker pools otherwise). XLA needs an absolute plugin path
//     (JAX's xla_cuda_plugin.so); nasred never downloads plugins.
//
// The pure-Go backend is slow (tens of images per second for small
// networks on two cores, see bench_test.go): CPU runs are for tests,
// teaching and small proxies; the paper's runs need a GPU
// (scripts/gpu-check.sh shows the set-up).
//
// Kind: algorithm. It takes values, readers and paths; apart from GoMLX's
// own $GOMLX_BACKEND it reads no environment variable, and it imports
// neither plot nor datadir (README, Layout).
package train
