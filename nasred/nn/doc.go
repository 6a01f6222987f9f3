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
// halves the throughput. The project builds with GOEXPERIMENT=simd (Go
// 1.26's experimental SIMD package, a toolchain setting; GoMLX is
// unmodified) wherever it builds nasred — the Makefile, scripts/setup.sh's
// build-cache warm-up, the Jupyter kernels and the Dockerfile: the backend
// then multiplies matrices with AVX2/AVX-512 kernels, 5–10× faster than
// its scalar ones (a DARTS C=16 step 7.7 against 6.8 images/s in issue 8's
// measurement), and the whole test suite passes with it. Matrix products
// are now a third (DARTS) to three fifths (NB201) of a training step. Compiled graphs are reused: train builds its training,
// evaluation and recalibration graphs once per run (each compiles on first
// use; DARTS C=16 with 8 cells takes 5–30 s depending on load, MNIST-sized
// networks 0.2–2 s), and evaluation pads the last batch so that one graph
// serves all.
//
// Speed. Forward + backward of one layer at the first stage of DARTS/NB201
// at batch 64 (64×32×32, 16 channels), CPU milliseconds per call, measured
// with `go test -run '^$' -bench Candidates ./nasred/nn` (GOEXPERIMENT=simd,
// GOMLX_BACKEND=go:parallelism=-1, load average 1.2; the figures move by
// ±20% between runs on this shared 2-core machine):
//
//	layer               NHWC, derived   channel-major, hand-written gradients   other
//	                    gradients       slices       flattened frame
//	ReLU-conv3×3-BN     340             158          134 (used at 28×28 and up)
//	ReLU-dw3×3-pw-BN    350             115 (used)   107
//	conv 3×3 only       268 (im2col)    238 (im2col, derived col2im)           2414: GoMLX's ConvGeneral
//	depthwise 3×3 only  173 (shift-multiply)                                   570 forward only: ConvGeneral
//	                                                                           with feature groups has no
//	                                                                           gradient in GoMLX v0.28.0
//	batch norm          76              19
//
// "Slices" takes each of the k² windows as a strided Slice of the padded
// input; the flattened frame (flatcols.go) builds all of them with two
// concatenations and crops the product once. convUnit uses the frame for
// full convolutions when padding enlarges the image by at most 15% (32×32
// and 28×28 at 3×3): in interleaved whole NB201 steps it was 16–37% faster
// there, and slower than that when also used at 16×16 and 8×8, where the
// products over the padded frame grow by 27% and 56%. Depthwise units keep
// slices: in whole DARTS steps the frame was no faster within the noise
// (16.0 and 20.4 against 17.8 and 18.1 images/s) and raised peak memory
// from 2.5–2.7 to 3.3 GiB, over twice PyTorch's 1.5.
//
// Batch norm's per-channel maps (y = a·z + b forward, a·v + c₁·z + c₂
// backward) are one matrix product [diag(a) | b]·[z; 1ᵀ] each (chanAffine):
// the backend multiplies by a broadcast vector through a generic loop, and
// the product with K = C+1 or 2C+1 is cheaper — 7.3 → 3.2 ms forward and
// 8.5 → 4.6 ms backward per 2^20 elements (BenchmarkBackendOps
// "bn-affine-*", "bn-backward-*").
//
// Whole training steps next to PyTorch 1.13 (Debian, CPU, its default of one
// thread here) on the same networks, batch, input size and recipe, images/s
// (ratio GoMLX/PyTorch, peak RSS GoMLX/PyTorch), `make bench-train`
// (scripts/bench-train.sh, GOEXPERIMENT=simd) at load average 0.7–1.5:
//
//	configuration                           nasred                      PyTorch
//	DARTS_V2 C=16 8 cells b64 32×32×3       17.1 (0.36, 2.7/1.5 GiB)    47.6
//	NB201 best cell C=16 N=5 b64 32×32×3    18.1 (0.25, 1.2/0.9 GiB)    71.5
//	DARTS_V2 C=8 4 cells b32 28×28×1        80.6 (0.43, 0.40/0.39 GiB)  189.2
//	NB201 README cell C=8 N=1 b32 28×28×1   246.1 (0.31, 0.13/0.27 GiB) 790.6
//
// Against this package before the frame and the batch-norm products, both
// built with GOEXPERIMENT=simd and run alternately (BenchmarkTrainConfigs,
// two rounds), images/s went from 17.5 and 17.0 to 18.4 and 18.0 (DARTS
// C=16), 16.4 and 12.0 to 18.2 and 16.6 (NB201 C=16), 72.8 and 72.4 to 71.0
// and 91.4 (DARTS C=8) and 185 and 241 to 258 and 284 (NB201 C=8).
//
// What limits the speed is the convolution itself. GoMLX's pure-Go backend
// has no usable one (ConvGeneral is a scalar loop, 2.4 s above), so every
// convolution is im2col and three matrix products: forward W·cols, input
// gradient W̃·cols(dz), weight gradient r·cols(dz)ᵀ. For the layer above
// those products take 12 + 12 + 27 ms in GoMLX (torch.mm: 22 + 22 + 30;
// the input gradient's product has the forward's shape),
// while PyTorch's conv2d (oneDNN's direct convolution) does the whole
// forward and backward in 16.8 ms — so even with free windows, batch norm
// and ReLU the im2col route is about 3× slower than PyTorch's convolution.
// In an NB201 step the products take 4.3 of 7.4 CPU seconds (a CPU profile
// of BenchmarkTrainConfigs), while PyTorch's whole step takes 0.9–1.0 (one
// thread). For DARTS the windows of the depthwise convolutions dominate
// (Slice is 27% of a step's profile): the backend's Slice copies element by
// element, and a batched product with more than 4M multiply-adds goes
// through the packed kernel, which makes the depthwise weight gradient 67 ms
// as one product against 11 as nine. Per 2^20 float32 (GoMLX, PyTorch;
// GoMLX's figures for these single-input operations include the 1.8 ms
// add-scalar the benchmark puts before each copy): 3×3 window slice 3.4 /
// 0.4, transpose 7.3 / 1.3, Pad 8.1 (slower than concatenating borders),
// concatenating 3 copies 4.7 / 1.5, ReLU 2.1; per-channel broadcast
// multiply (add-scalar on the small operand) 3.7 / 0.35. Reproducer: `go test -run
// '^$' -bench BackendOps ./nasred/nn` next to
// `/usr/bin/python3 scripts/gpu/torch_backend_ops.py`. Candidates measured
// and not taken (BackendOps): the weight gradient as [144,M]·[16,M]ᵀ (58
// ms), batched over the 64 images (46 ms), or as the non-transposed
// [16,M]·[M,144] (15 ms, but the columns would need transposing: a
// transpose of 2^20 elements takes 7.3 ms with the add-scalar); the depthwise product as one block-diagonal [16,144] product (12 ms
// against 9 batched); the ReLU gradient as a Where or Sign (3.5 and 3.2
// against 3.5 ms); drop-path's per-sample multiply with the mask broadcast
// first (3.8 against 3.7). bench_test.go reports images/s and CPU seconds
// per step of smaller networks.
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
