// Package nn builds the operations and networks of the two cell-based search
// spaces of nasred — NAS-Bench-201 and DARTS (NB301) — as GoMLX graphs, so
// that any cell can be trained from Go (the paper's training set-up, docs/paper-sections.md).
//
// The networks are [NB201Net] (stem conv 3×3 + BN, three stages of N cells
// with residual reduction blocks between them, BN + ReLU, global average
// pool, linear) and [DARTSNet] (DARTS's NetworkCIFAR: stem conv 3×3 to 3C +
// BN, L cells with reduction cells at L/3 and 2L/3, ReLU-conv1×1-BN or
// factorized-reduce preprocessing, drop-path, auxiliary head, global average
// pool, linear). Both satisfy [Network]: Logits(scope, images, training)
// builds the graph on NHWC images [B,H,W,C] of any size whose height and width
// are multiples of 4 (28×28×1 and 32×32×3 are tested) and returns logits and,
// for DARTS in training mode, auxiliary logits. [ModelFn] adapts a Network to
// GoMLX's train.Trainer; [NumParameters] counts trainable parameters the way
// DARTS does (and [RecalibrateBatchNorm] refreshes batch-norm running averages
// before evaluation after short training runs; the DARTS_V2 genotype gives exactly 3,349,342 at C=36, 20 cells
// and 919,722 at C=32, 8 cells). Cells are plain values ([NB201Cell]: six
// operation names in benchmark edge order; [DARTSGenotype]: two [DARTSCell]s
// of eight (operation, input) edges), so the package depends on no genotype
// parser. Operations are reachable one at a time through [Op].
//
// Everything is written for GoMLX v0.28.0's pure-Go backend
// (github.com/gomlx/compute/gobackend), which lacks several gradients; the
// package therefore builds its own: zero padding by concatenating borders,
// max pooling as the maximum of shifted slices, average pooling as a sum of
// shifted slices divided by the number of non-padded elements
// (count_include_pad=False), full convolutions as im2col plus one matrix
// product (1×1 convolutions as plain matrix products), depthwise
// convolutions as shift-and-multiply, and batch normalisation by hand
// (batch statistics with gradients through them in training, running
// averages with PyTorch's momentum 0.1 in inference; variables "scale",
// "offset", "mean", "variance"). Every operation is checked against float64
// finite differences. Use [NewBackend], which selects the pure-Go backend with
// parallelism=-1 unless $GOMLX_BACKEND says otherwise: the default worker
// pool can deadlock in nested matrix products.
//
// Speed: the pure-Go backend only uses AVX2/AVX-512 matrix kernels when the
// program is built with GOEXPERIMENT=simd (Go 1.26's experimental SIMD
// package; a toolchain setting, GoMLX itself is unmodified). That makes a
// training step 1.3–2.5× cheaper here; without it matrix products take 60%
// of the time. With it the time goes to the backend's element-by-element
// loops: strided slices (im2col and its gradient), transposes around matrix
// products, broadcast multiplications and reductions (depthwise
// convolutions). bench_test.go reports images/s and CPU seconds per step.
//
// Layout is NHWC throughout; weights of a k×k convolution have shape
// [k,k,Cin,Cout], depthwise kernels [k,k,1,C]. Initialisation is GoMLX's
// default (He normal for kernels, zeros for biases, ones/zeros for BN).
//
// Kind: algorithm. It takes values, readers and paths; apart from GoMLX's
// own $GOMLX_BACKEND it reads no environment variable, and it imports
// neither plot nor datadir (README, Layout).
package nn
