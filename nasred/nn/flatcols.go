package nn

// Convolution windows in a flattened, padded frame: convUnit's full
// convolutions on large images (useFlatFrame) build their windows here.
// convUnitFlat also handles depthwise units (tested by
// TestConvUnitMatchesReference, measured by BenchmarkCandidates), but
// convUnit keeps slices for those: in whole DARTS steps the frame was no
// faster within the machine's noise and raised peak memory by a third
// (doc.go).
//
// The pure-Go backend copies a Slice element by element but a Concatenate
// in contiguous blocks (BenchmarkBackendOps: one 3×3 window of 2^20 float32
// 3.4 ms, three concatenated copies of 2^20 4.7 ms, both including a 1.8 ms
// add-scalar), so
// the k² windows of a stride-1 convolution are built from concatenations
// only. A [C,B,H,W] tensor padded to [C,B,Hp,Wp] and flattened to rows
// [C, B·Hp·Wp] turns a window offset (i, j) into a shift of i·d·Wp + j·d
// along the row, and k copies of a row followed by k·δ zeros, reshaped to k
// rows of length +δ, are that row shifted by 0, δ, …, (k−1)·δ: one
// concatenation for the k row offsets (δ = d·Wp), one for the k column
// offsets (δ = d). The columns are computed at every position of the frame
// (an extra image of zeros absorbs the shifts), and one strided Slice crops
// the B·H·W valid outputs of the product.

import (
	"fmt"

	"github.com/gomlx/compute/shapes"
	. "github.com/gomlx/gomlx/core/graph"
)

// flatMaxOverhead is the largest ratio of padded to unpadded image area
// for which convUnit builds a full convolution's windows in the flattened
// frame: the frame's products run over every padded position (and one
// extra image), so their cost grows with the ratio — 1.13 for 3×3 at
// 32×32, 1.15 at 28×28, 1.27 at 16×16, 1.56 at 8×8. Measured with
// nasred/train's BenchmarkTrainConfigs on NB201 C=16, N=5, batch 64,
// 32×32×3 (doc.go): the frame at 32×32 only made a step 16–37% faster in
// interleaved runs, at 16×16 and below as well it was slower than at
// 32×32 only.
const flatMaxOverhead = 1.15

// useFlatFrame reports whether a k×k convolution with dilation d and same
// padding of an h×w image builds its windows in the flattened frame.
func useFlatFrame(h, w, k, d int) bool {
	if k == 1 {
		return false
	}
	p := d * (k - 1) / 2
	return float64((h+2*p)*(w+2*p)) <= flatMaxOverhead*float64(h*w)
}

// flatFrame is the flattened frame of a [C,B,H,W] tensor for a k×k window
// with dilation d and "same" padding p = d(k−1)/2: images of hp×wp =
// (H+2p)×(W+2p) one after the other.
type flatFrame struct {
	b, h, w, k, d, p, hp, wp int
}

// newFlatFrame returns the frame of a [C,B,H,W] tensor for a k×k window
// with dilation d (k odd).
func newFlatFrame(b, h, w, k, d int) flatFrame {
	p := d * (k - 1) / 2
	return flatFrame{b: b, h: h, w: w, k: k, d: d, p: p, hp: h + 2*p, wp: w + 2*p}
}

// image is the length of one padded image in the frame.
func (f flatFrame) image() int { return f.hp * f.wp }

// width is the length of the rows of flatCols: the frame plus one image.
func (f flatFrame) width() int { return (f.b + 1) * f.image() }

// pad places x [C,B,H,W] in the frame with top rows and left columns of
// zeros before each image (the rest of its hp×wp zero too) and extra zero
// images after the last, and returns the rows [C, (B+extra)·hp·wp].
// top = left = p is the usual centred padding; top = left = 2p places the
// output gradient so that the input gradient's windows line up with the
// input's frame (convUnit).
func (f flatFrame) pad(x *Node, top, left, extra int) *Node {
	g := x.Graph()
	c := x.Shape().Dimensions[0]
	zeros := func(dims ...int) *Node { return Zeros(g, shapes.Make(x.DType(), dims...)) }
	if right := f.wp - f.w - left; left > 0 || right > 0 {
		parts := make([]*Node, 0, 3)
		if left > 0 {
			parts = append(parts, zeros(c, f.b, f.h, left))
		}
		parts = append(parts, x)
		if right > 0 {
			parts = append(parts, zeros(c, f.b, f.h, right))
		}
		x = Concatenate(parts, 3)
	}
	x = Reshape(x, c, f.b, f.h*f.wp)
	if bottom := f.hp - f.h - top; top > 0 || bottom > 0 {
		parts := make([]*Node, 0, 3)
		if top > 0 {
			parts = append(parts, zeros(c, f.b, top*f.wp))
		}
		parts = append(parts, x)
		if bottom > 0 {
			parts = append(parts, zeros(c, f.b, bottom*f.wp))
		}
		x = Concatenate(parts, 2)
	}
	x = Reshape(x, c, f.b*f.image())
	if extra > 0 {
		x = Concatenate([]*Node{x, zeros(c, extra*f.image())}, 1)
	}
	return x
}

// cols returns the windows of rows xf [C, B·hp·wp] (f.pad with extra = 0)
// as [C·k², (B+1)·hp·wp]: row (c·k + i)·k + j, column n holds
// xf[c, n + i·d·wp + j·d] wherever that index stays inside the image of n
// (the only columns crop keeps).
func (f flatFrame) cols(xf *Node) *Node {
	g := xf.Graph()
	dims := xf.Shape().Dimensions
	c, l := dims[0], dims[1]
	if l != f.b*f.image() {
		panic(fmt.Sprintf("nn: flat windows of rows of length %d, want %d (%d images of %dx%d)", l, f.b*f.image(), f.b, f.hp, f.wp))
	}
	zeros := func(dims ...int) *Node { return Zeros(g, shapes.Make(xf.DType(), dims...)) }
	d1, d2 := f.d*f.wp, f.d
	// After both stages the rows are l + tail + d1 + d2 = (B+1)·hp·wp long.
	tail := f.image() - d1 - d2
	parts := make([]*Node, 0, 2*f.k+1)
	z := zeros(c, tail)
	for range f.k {
		parts = append(parts, xf, z)
	}
	parts = append(parts, zeros(c, f.k*d1))
	rowsI := Reshape(Concatenate(parts, 1), c*f.k, l+tail+d1)
	parts = parts[:0]
	for range f.k {
		parts = append(parts, rowsI)
	}
	parts = append(parts, zeros(c*f.k, f.k*d2))
	return Reshape(Concatenate(parts, 1), c*f.k*f.k, f.width())
}

// crop returns the B·H·W outputs [R,B,H,W] of y [R, (B+extra)·hp·wp]
// whose frame places output (h, w) of image b at b·hp·wp + (h+off)·wp +
// w+off.
func (f flatFrame) crop(y *Node, off int) *Node {
	dims := y.Shape().Dimensions
	r, n := dims[0], dims[len(dims)-1]
	if n%f.image() != 0 || n/f.image() < f.b {
		panic(fmt.Sprintf("nn: crop of rows of length %d from a frame of %d images of %dx%d", n, f.b, f.hp, f.wp))
	}
	y = Reshape(y, r, n/f.image(), f.hp, f.wp)
	return Slice(y, AxisRange(), AxisRange(0, f.b), AxisRange(off, off+f.h), AxisRange(off, off+f.w))
}

// convUnitFlat builds the fused unit u (convUnit) with its windows in the
// flattened frame: the forward windows of the input padded by p, the
// backward windows of the output gradient placed 2p rows and columns down —
// which line its windows up with the padded input's frame, so that the
// mirrored kernel times them is the input gradient (cropped at offset p)
// and the padded input times them the weight gradient.
func convUnitFlat(u *unit, training bool) *Node {
	cin, b, h, w, k, p, cOut := u.cin, u.b, u.h, u.w, u.k, u.p, u.cOut
	f := newFlatFrame(b, h, w, k, u.d)
	k2 := k * k
	if u.depthwise {
		u.wdw = dwWeights(u.dwScope, u.dtype, k, cin, u.g)
		u.wm = convWeights(u.convScope, u.dtype, 1, cin, cOut, u.g)
	} else {
		// [Cout, Cin·k²], column c·k² + i·k + j: the row order of f.cols.
		v := u.convScope.VariableWithShape("weights", shapes.Make(u.dtype, k, k, cin, cOut)).NodeValue(u.g)
		u.wm = Reshape(TransposeAllAxes(v, 3, 2, 0, 1), cOut, cin*k2)
	}
	forward := func(r, wm, wdw *Node) (z, dwOut *Node) {
		cols := f.cols(f.pad(r, p, p, 0))
		if u.depthwise {
			full := DotGeneral(wdw, []int{2}, []int{0}, Reshape(cols, cin, k2, f.width()), []int{1}, []int{0})
			dwOut = rows(f.crop(Reshape(full, cin, f.width()), 0))
			return DotGeneral(wm, []int{1}, nil, dwOut, []int{0}, nil), dwOut
		}
		return rows(f.crop(DotGeneral(wm, []int{1}, nil, cols, []int{0}, nil), 0)), nil
	}
	backward := func(x, wm, wdw, dz, dwOut *Node) (dwm, dwdw, dr *Node) {
		r := u.rectify(x)
		// The padded input, one image longer: the frame of the windows.
		rp := f.pad(r, p, p, 1)
		if u.depthwise {
			// z = wm·dwOut: dwOut's gradient, then the depthwise one.
			dwm = Reshape(DotGeneral(dz, []int{2}, nil, dwOut, []int{2}, nil), cOut, cin)
			dd := DotGeneral(Transpose(wm, 0, 1), []int{1}, nil, dz, []int{0}, nil)
			ddp := f.pad(Reshape(dd, cin, b, h, w), 2*p, 2*p, 0)
			cols := Reshape(f.cols(ddp), cin, k2, f.width())
			wFlip := Reshape(Reverse(Reshape(wdw, cin, k, k), 1, 2), cin, 1, k2)
			full := DotGeneral(wFlip, []int{2}, []int{0}, cols, []int{1}, []int{0})
			return dwm, f.depthwiseWeightGrad(ddp, rp), u.reluGrad(f.crop(Reshape(full, cin, f.width()), p), r)
		}
		cols := f.cols(f.pad(Reshape(dz, cOut, b, h, w), 2*p, 2*p, 0))
		// [Cin, Cout·k²]: the mirrored kernel, roles swapped.
		wFlip := Reshape(TransposeAllAxes(Reverse(Reshape(wm, cOut, cin, k, k), 2, 3), 1, 0, 2, 3), cin, cOut*k2)
		dr = u.reluGrad(f.crop(DotGeneral(wFlip, []int{1}, nil, cols, []int{0}, nil), p), r)
		// The big cols is the right operand, which the backend packs
		// more cheaply, and the output is wide.
		gt := Reshape(DotGeneral(rp, []int{1}, nil, cols, []int{1}, nil), cin, cOut, k, k)
		return Reshape(TransposeAllAxes(Reverse(gt, 2, 3), 1, 0, 2, 3), cOut, cin*k2), nil, dr
	}
	return u.build(training, forward, backward)
}

// depthwiseWeightGrad returns the depthwise weight gradient [C, 1, k²]
// (taps first-to-last) from the output gradient placed 2p rows and columns
// down, ddp [C, B·hp·wp] (f.pad(·, 2p, 2p, 0)), and the padded input
// rp [C, (B+1)·hp·wp] (f.pad(·, p, p, 1)). The gradient of tap t' = k² − 1 − t
// is Σ_q ddp[q + o_t']·rp[q] = Σ_m ddp[m]·rp[m − o_t'], a per-channel dot
// product of ddp with rp shifted right by o_t' (a concatenation behind
// zeros). Nine separate per-channel products run on the backend's unpacked
// kernel; one batched [C, k², ·] product runs on its packed one, which is
// several times slower for this shape (BenchmarkBackendOps).
func (f flatFrame) depthwiseWeightGrad(ddp, rp *Node) *Node {
	g := rp.Graph()
	dims := rp.Shape().Dimensions
	c, n := dims[0], dims[1]
	zeros := func(m int) *Node { return Zeros(g, shapes.Make(rp.DType(), c, m)) }
	span := (f.k - 1) * f.d * (f.wp + 1) // the largest offset
	length := n + span
	d := Concatenate([]*Node{ddp, zeros(length - ddp.Shape().Dimensions[1])}, 1)
	d = Reshape(d, c, 1, length)
	k2 := f.k * f.k
	grads := make([]*Node, k2)
	for i := range f.k {
		for j := range f.k {
			off := i*f.d*f.wp + j*f.d
			parts := []*Node{}
			if off > 0 {
				parts = append(parts, zeros(off))
			}
			parts = append(parts, rp)
			if span-off > 0 {
				parts = append(parts, zeros(span-off))
			}
			shifted := Reshape(Concatenate(parts, 1), c, 1, length)
			// Tap (i, j) of the mirrored windows is tap k²−1−(i·k+j) of the kernel.
			grads[k2-1-(i*f.k+j)] = Reshape(chanDot(d, shifted), c, 1)
		}
	}
	return Reshape(Concatenate(grads, 1), c, 1, k2)
}
