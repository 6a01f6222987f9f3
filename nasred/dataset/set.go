package dataset

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Set is an in-memory image classification data set.
type Set struct {
	// Name identifies the data set in messages ("mnist", "cifar10/train", …).
	Name string
	// Height, Width and Channels give the shape of one image.
	Height, Width, Channels int
	// Classes is the number of labels; every label is below it.
	Classes int
	// Pixels holds all images in NHWC order, one byte per value.
	Pixels []byte
	// Labels holds one label per image.
	Labels []uint8
}

// Len returns the number of images.
func (s *Set) Len() int { return len(s.Labels) }

// ImageSize returns the number of bytes of one image.
func (s *Set) ImageSize() int { return s.Height * s.Width * s.Channels }

// Image returns the bytes of image i (HWC order); it aliases Pixels.
func (s *Set) Image(i int) []byte {
	n := s.ImageSize()
	return s.Pixels[i*n : (i+1)*n]
}

// Validate checks that the shape, pixel count and labels agree.
func (s *Set) Validate() error {
	if s.Height <= 0 || s.Width <= 0 || s.Channels <= 0 {
		return fmt.Errorf("data set %s: image shape %dx%dx%d: expected positive sizes", s.Name, s.Height, s.Width, s.Channels)
	}
	if s.Classes <= 0 || s.Classes > 256 {
		return fmt.Errorf("data set %s: %d classes: expected 1..256", s.Name, s.Classes)
	}
	if len(s.Pixels) != len(s.Labels)*s.ImageSize() {
		return fmt.Errorf("data set %s: %d pixel bytes for %d images of %d bytes", s.Name, len(s.Pixels), len(s.Labels), s.ImageSize())
	}
	for i, l := range s.Labels {
		if int(l) >= s.Classes {
			return fmt.Errorf("data set %s: label %d of image %d: expected 0..%d", s.Name, l, i, s.Classes-1)
		}
	}
	return nil
}

// Subset returns a new Set with the images at the given indices (copied),
// named name.
func (s *Set) Subset(name string, indices []int) (*Set, error) {
	n := s.ImageSize()
	out := &Set{Name: name, Height: s.Height, Width: s.Width, Channels: s.Channels, Classes: s.Classes,
		Pixels: make([]byte, 0, len(indices)*n), Labels: make([]uint8, 0, len(indices))}
	for _, i := range indices {
		if i < 0 || i >= s.Len() {
			return nil, fmt.Errorf("subset of %s: index %d out of range [0,%d)", s.Name, i, s.Len())
		}
		out.Pixels = append(out.Pixels, s.Image(i)...)
		out.Labels = append(out.Labels, s.Labels[i])
	}
	return out, nil
}

// Head returns the first n images (all of them if n <= 0 or n >= Len).
func (s *Set) Head(n int) *Set {
	if n <= 0 || n >= s.Len() {
		return s
	}
	return &Set{Name: s.Name, Height: s.Height, Width: s.Width, Channels: s.Channels, Classes: s.Classes,
		Pixels: s.Pixels[:n*s.ImageSize()], Labels: s.Labels[:n]}
}

// Split shuffles the indices with seed and returns the first
// round(trainFraction·Len) images as train and the rest as validation, as
// in the paper's 80/20 proxy setup. trainFraction must lie in (0, 1).
func (s *Set) Split(trainFraction float64, seed uint64) (train, val *Set, err error) {
	if !(trainFraction > 0 && trainFraction < 1) {
		return nil, nil, fmt.Errorf("split %s: train fraction %v: expected a number in (0, 1)", s.Name, trainFraction)
	}
	perm := rand.New(rand.NewPCG(seed, streamSplit)).Perm(s.Len())
	k := int(math.Round(trainFraction * float64(s.Len())))
	if k == 0 || k == s.Len() {
		return nil, nil, fmt.Errorf("split %s: %d images cannot be split %v/%v into two non-empty parts", s.Name, s.Len(), trainFraction, 1-trainFraction)
	}
	if train, err = s.Subset(s.Name+"/train", perm[:k]); err != nil {
		return nil, nil, err
	}
	if val, err = s.Subset(s.Name+"/val", perm[k:]); err != nil {
		return nil, nil, err
	}
	return train, val, nil
}

// Downsample returns the set with every image reduced by an integer factor
// f by averaging f×f blocks (rounded to nearest). Height and Width must be
// multiples of f. It makes CPU runs cheaper: 28×28 MNIST becomes 14×14
// with f = 2.
func (s *Set) Downsample(f int) (*Set, error) {
	if f == 1 {
		return s, nil
	}
	if f < 1 || s.Height%f != 0 || s.Width%f != 0 {
		return nil, fmt.Errorf("downsample %s: factor %d: expected a positive divisor of %dx%d", s.Name, f, s.Height, s.Width)
	}
	h, w, c := s.Height/f, s.Width/f, s.Channels
	out := &Set{Name: s.Name, Height: h, Width: w, Channels: c, Classes: s.Classes,
		Pixels: make([]byte, s.Len()*h*w*c), Labels: append([]uint8(nil), s.Labels...)}
	area := f * f
	for i := range s.Len() {
		src := s.Image(i)
		dst := out.Pixels[i*h*w*c : (i+1)*h*w*c]
		for y := range h {
			for x := range w {
				for ch := range c {
					sum := 0
					for dy := range f {
						for dx := range f {
							sum += int(src[((y*f+dy)*s.Width+x*f+dx)*c+ch])
						}
					}
					dst[(y*w+x)*c+ch] = byte((sum + area/2) / area)
				}
			}
		}
	}
	return out, nil
}

// ChannelStats returns the mean and standard deviation of every channel
// over all pixels, on the [0, 1] scale (pixel/255).
func (s *Set) ChannelStats() (mean, std []float64) {
	c := s.Channels
	sum := make([]float64, c)
	sq := make([]float64, c)
	for i, p := range s.Pixels {
		v := float64(p) / 255
		sum[i%c] += v
		sq[i%c] += v * v
	}
	n := float64(len(s.Pixels) / c)
	mean = make([]float64, c)
	std = make([]float64, c)
	for ch := range c {
		mean[ch] = sum[ch] / n
		std[ch] = math.Sqrt(math.Max(sq[ch]/n-mean[ch]*mean[ch], 0))
	}
	return mean, std
}
