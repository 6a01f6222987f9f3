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
// Layout and gradients. Inside the networks activations are channel-major,
// [C, B, H, W]: images enter NHWC and are transposed once, logits leave as
// [B, classes], and the public operations ([Op], [BatchNorm], [SepConv], ...)
// take and return NHWC, transposing at their boundary. Every convolution is
// the product W·cols of its weights [Cout, k²·Cin] and its im2col columns
// [k²·Cin, B·H·W] — the layout whose products and gradients the pure-Go
// backend runs without transposing large tensors — and ReLU + convolution
// (full, or depthwise then pointwise) + batch norm is one fused operation
// with a hand-written gradient (customGrad in vjp.go): batch norm's closed
// form, the input gradient as the im2col of the output gradient times the
// mirrored kernel (no col2im), the weight gradient from that same im2col and
// the layer's input, so only the input (not its columns) is kept for the
// backward pass. Per-channel statistics are row dot products. GoMLX
// v0.28.0's pure-Go backend (github.com/gomlx/compute/gobackend) has no gradient
// for Pad, max or mean pooling or grouped convolution, so padding
// concatenates borders, pooling takes maxima or sums of shifted windows
// (count_include_pad=False), and the remaining operations (strided
// convolutions, pools, factorized reduce, heads) use GoMLX's derived
// gradients. Batch norm follows PyTorch (batch statistics with gradients
// through them in training, running averages with momentum 0.1 and unbiased
// variance; variables "scale", "offset", "mean", "variance"). Every
// operation is checked against float64 finite differences and against
// PyTorch's forward pass, and the fused operation's output and gradients
// against the package's earlier NHWC implementation (candidates_test.go).
//
// Backend. [NewBackend] selects the pure-Go backend with parallelism=-1
// unless $GOMLX_BACKEND says otherwise. Re-checked with GoMLX v0.28.0: with
// a finite worker pool (parallelism=2, or the default 4 on 2 cores) the
// training steps of nasred/train's BenchmarkTrainConfigs
// darts-c8-l4-b32-28x28x1 did not finish within 300 s (nested waits in the
// pool); with parallelism=-1 each took 1.5 s at load average 10. Running independent operations concurrently matters: ops_sequential
// halves the throughput. Build with GOEXPERIMENT=simd (Go 1.26's
// experimental SIMD package, a toolchain setting; GoMLX is unmodified): the
// backend then multiplies matrices with AVX2/AVX-512 kernels, 5–10× faster
// than its scalar ones, and matrix products are a fifth to a third of a
// training step. Compiled graphs are reused: train builds its training,
// evaluation and recalibration graphs once per run (each compiles on first
// use; DARTS C=16 with 8 cells takes 5–30 s depending on load, MNIST-sized
// networks 0.2–2 s), and evaluation pads the last batch so that one graph
// serves all.
//
// Speed. Forward + backward of one layer at the first stage of DARTS/NB201
// at batch 64 (64×32×32, 16 channels), CPU milliseconds per call, measured
// with `go test -run '^$' -bench Candidates ./nasred/nn` (GOMLX_BACKEND=
// go:parallelism=-1, 2 cores shared with other jobs, load average 10),
// built with GOEXPERIMENT=simd and, in parentheses, without:
//
//	layer               before: NHWC, derived   now: channel-major,     other
//	                    gradients               hand-written gradients
//	ReLU-conv3×3-BN     443 (551)               234 (367)
//	ReLU-dw3×3-pw-BN    453 (338)               155 (176)
//	conv 3×3 only       291 (im2col)            236 (im2col, col2im)    2670: GoMLX's ConvGeneral
//	depthwise 3×3 only  193 (shift-multiply)    (fused above)           733 forward only: ConvGeneral
//	                                                                    with feature groups has no
//	                                                                    gradient in GoMLX v0.28.0
//	batch norm          69 (68)                 30 (32)
//
// Whole training steps next to PyTorch 1.13 (Debian, CPU, its default of one
// thread here) on the same networks, batch, input size and recipe, images/s
// (ratio GoMLX/PyTorch, peak RSS GoMLX/PyTorch), `make bench-train`
// (scripts/bench-train.sh, GOEXPERIMENT=simd) at load average 2–3; the
// "before" column is this package before the channel-major layout, measured
// right after with the same benchmark:
//
//	configuration                           before         now                        PyTorch
//	DARTS_V2 C=16 8 cells b64 32×32×3       5.5 (0.13)     16.7 (0.33, 2.6/1.5 GiB)   51.2 (42.3 before)
//	NB201 best cell C=16 N=5 b64 32×32×3    4.3 (0.08)     16.1 (0.25, 1.1/0.9 GiB)   65.4 (57.5 before)
//	DARTS_V2 C=8 4 cells b32 28×28×1                       75.7 (0.38, 0.36/0.41 GiB) 196.8
//	NB201 README cell C=8 N=1 b32 28×28×1                  179.3 (0.24, 0.14/0.28 GiB) 752.8
//
// CPU seconds per step fell from 15.9 to 7.0 (DARTS) and 15.0 to 7.4
// (NB201). The ratios move with the load of the shared machine: at load
// average 8–10 the same run gave 0.19, 0.13, 0.21 and 0.23 (GoMLX then gets
// no more CPU than PyTorch's single thread), and PyTorch with 2 threads is
// several times slower than with one under such load.
//
// What limits the speed is not the matrix products: the backend's
// AVX-512 kernel multiplies [16,144]·[144,65536] in 14 ms of CPU, PyTorch
// in 13. It is (1) that there is no usable convolution — GoMLX's
// ConvGeneral is a scalar loop, ~100× slower than im2col here, while
// PyTorch's oneDNN convolution does this layer's forward in 8 ms against
// ~40 for im2col + product — and (2) the element-by-element operations,
// 3–18× slower than PyTorch's per element: per 2^20 float32, a 3×3 window
// slice 2.2 ms (PyTorch 0.4), a per-channel broadcast multiply 2.9 (0.3), a
// same-shape multiply 1.0 (0.3), a transpose 6.3 (1.2), a row ReduceSum 2.7
// (0.15; as a dot product with ones it is 10× cheaper, which chanSum uses),
// Sign 1.6–7.6 (0.3; it branches per element). Reproducer:
// `go test -run '^$' -bench BackendOps ./nasred/nn` next to
// scripts/gpu/torch_backend_ops.py. In a DARTS step the im2col window slices
// take a quarter of the time, matrix products a fifth, broadcast
// multiplications and additions (batch norm, drop-path) a fifth, and
// concatenations and copies an eighth. bench_test.go reports images/s and
// CPU seconds per step of smaller networks.
//
// Variables keep the NHWC-era shapes (checkpoints and the PyTorch tests
// depend on them): weights of a k×k convolution [k,k,Cin,Cout], depthwise
// kernels [k,k,1,C]. Initialisation is GoMLX's
// default (He normal for kernels, zeros for biases, ones/zeros for BN).
//
// Kind: algorithm. It takes values, readers and paths; apart from GoMLX's
// own $GOMLX_BACKEND it reads no environment variable, and it imports
// neither plot nor datadir (README, Layout).
package nn
