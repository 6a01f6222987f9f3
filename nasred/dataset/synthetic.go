package dataset

import (
	"fmt"
	"math/rand/v2"
)

// Synthetic names the generated data set of NewSynthetic: random
// images for benchmarks and smoke tests that need no files.
const Synthetic = "synthetic"

// NewSynthetic returns n random h×w×c images with labels 0..classes-1.
// Each image is uniform noise plus a bright horizontal band whose row
// depends on the label, so that the task is learnable. The result is a
// pure function of its arguments.
func NewSynthetic(n, h, w, c, classes int, seed uint64) (*Set, error) {
	if n <= 0 || h <= 0 || w <= 0 || c <= 0 || classes <= 0 || classes > 256 {
		return nil, fmt.Errorf("synthetic data: %d images of %dx%dx%d with %d classes: expected positive sizes and 1..256 classes", n, h, w, c, classes)
	}
	r := rand.New(rand.NewPCG(seed, 0x5e7))
	s := &Set{Name: Synthetic, Height: h, Width: w, Channels: c, Classes: classes,
		Pixels: make([]byte, n*h*w*c), Labels: make([]uint8, n)}
	for i := range n {
		k := r.IntN(classes)
		s.Labels[i] = uint8(k)
		img := s.Image(i)
		for p := range img {
			img[p] = byte(r.IntN(128))
		}
		row := k * h / classes
		for x := range w {
			for ch := range c {
				img[(row*w+x)*c+ch] = 255
			}
		}
	}
	return s, nil
}
