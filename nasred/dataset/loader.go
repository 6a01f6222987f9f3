package dataset

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
)

// Augment configures the data augmentation of the DARTS training recipe.
// Zero values switch each part off.
type Augment struct {
	// Pad > 0 enables the random crop: the image is padded with Pad zero
	// pixels on every side and a window of the original size is cut out at
	// a uniformly random offset.
	Pad int
	// Flip enables a horizontal flip with probability 1/2.
	Flip bool
	// Cutout > 0 zeroes (after normalisation) a Cutout×Cutout square at a
	// uniformly random centre, clipped at the borders, as DeVries & Taylor
	// and the DARTS code do.
	Cutout int
	// MixupAlpha > 0 enables mixup: each batch is mixed with a permutation
	// of itself with weight λ ~ Beta(α, α) (see Batch.MixWeight).
	MixupAlpha float64
}

// DefaultAugment returns the recipe's augmentation (the paper's training set-up) for images
// with the given number of channels: random crop with padding 4 and
// horizontal flip for colour images only (flipping digits changes them),
// and the given cutout size and mixup α for all.
func DefaultAugment(channels, cutout int, mixupAlpha float64) Augment {
	a := Augment{Cutout: cutout, MixupAlpha: mixupAlpha}
	if channels == 3 {
		a.Pad, a.Flip = 4, true
	}
	return a
}

// LoaderOptions configure a Loader.
type LoaderOptions struct {
	// BatchSize is the number of images per batch (> 0).
	BatchSize int
	// Shuffle draws a new seeded permutation of the images every epoch.
	Shuffle bool
	// DropLast drops the last, incomplete batch of an epoch.
	DropLast bool
	// Seed seeds shuffling and augmentation.
	Seed uint64
	// Augment configures the augmentation (zero value: none).
	Augment Augment
	// Mean and Std normalise every channel: value = (pixel/255 - Mean)/Std.
	// Both nil means pixel/255 only; otherwise both need one entry per
	// channel and Std entries must be positive.
	Mean, Std []float64
}

// Batch is one batch of images as float32 NHWC plus labels.
type Batch struct {
	Size, Height, Width, Channels int
	// Images holds Size×Height×Width×Channels values.
	Images []float32
	// Labels holds the label of every image.
	Labels []int32
	// MixLabels holds, under mixup, the label of the image mixed into each
	// image; without mixup it equals Labels.
	MixLabels []int32
	// MixWeight is λ: the loss is λ·CE(Labels) + (1-λ)·CE(MixLabels).
	// It is 1 without mixup.
	MixWeight float32
	// Epoch and Index locate the batch in the data order.
	Epoch, Index int
}

// Loader produces batches of a Set. It is safe for use by one goroutine.
type Loader struct {
	set  *Set
	opts LoaderOptions

	permEpoch int
	perm      []int
}

// NewLoader checks the options and returns a Loader over s.
func NewLoader(s *Set, o LoaderOptions) (*Loader, error) {
	if s == nil || s.Len() == 0 {
		return nil, errors.New("loader: empty data set")
	}
	if err := s.Validate(); err != nil {
		return nil, fmt.Errorf("loader: %w", err)
	}
	if o.BatchSize <= 0 {
		return nil, fmt.Errorf("loader %s: batch size %d: expected > 0", s.Name, o.BatchSize)
	}
	if o.DropLast && o.BatchSize > s.Len() {
		return nil, fmt.Errorf("loader %s: batch size %d exceeds the %d images and DropLast is set", s.Name, o.BatchSize, s.Len())
	}
	a := o.Augment
	if a.Pad < 0 || a.Cutout < 0 || !(a.MixupAlpha >= 0) || math.IsInf(a.MixupAlpha, 0) {
		return nil, fmt.Errorf("loader %s: augmentation %+v: expected Pad, Cutout >= 0 and a finite MixupAlpha >= 0", s.Name, a)
	}
	if (o.Mean == nil) != (o.Std == nil) {
		return nil, fmt.Errorf("loader %s: Mean and Std must both be set or both be nil", s.Name)
	}
	if o.Mean != nil {
		if len(o.Mean) != s.Channels || len(o.Std) != s.Channels {
			return nil, fmt.Errorf("loader %s: %d means and %d deviations for %d channels", s.Name, len(o.Mean), len(o.Std), s.Channels)
		}
		for c := range o.Std {
			if !(o.Std[c] > 0) || math.IsInf(o.Std[c], 0) || math.IsNaN(o.Mean[c]) || math.IsInf(o.Mean[c], 0) {
				return nil, fmt.Errorf("loader %s: channel %d mean %v std %v: expected finite values and std > 0", s.Name, c, o.Mean[c], o.Std[c])
			}
		}
	}
	return &Loader{set: s, opts: o, permEpoch: -1}, nil
}

// Set returns the data set the loader reads.
func (l *Loader) Set() *Set { return l.set }

// NumBatches returns the number of batches per epoch.
func (l *Loader) NumBatches() int {
	n, b := l.set.Len(), l.opts.BatchSize
	if l.opts.DropLast {
		return n / b
	}
	return (n + b - 1) / b
}

func (l *Loader) order(epoch int) []int {
	if l.permEpoch == epoch && l.perm != nil {
		return l.perm
	}
	n := l.set.Len()
	if l.perm == nil {
		l.perm = make([]int, n)
	}
	for i := range l.perm {
		l.perm[i] = i
	}
	if l.opts.Shuffle {
		r := rand.New(rand.NewPCG(l.opts.Seed^streamShuffle, uint64(epoch)))
		r.Shuffle(n, func(i, j int) { l.perm[i], l.perm[j] = l.perm[j], l.perm[i] })
	}
	l.permEpoch = epoch
	return l.perm
}

// Batch returns batch index (0 ≤ index < NumBatches) of the given epoch.
// The result depends only on the set, the options, epoch and index.
func (l *Loader) Batch(epoch, index int) (*Batch, error) {
	if epoch < 0 || index < 0 || index >= l.NumBatches() {
		return nil, fmt.Errorf("loader %s: batch %d of epoch %d: expected epoch >= 0 and index in [0,%d)", l.set.Name, index, epoch, l.NumBatches())
	}
	s := l.set
	order := l.order(epoch)
	lo := index * l.opts.BatchSize
	hi := min(lo+l.opts.BatchSize, s.Len())
	h, w, c := s.Height, s.Width, s.Channels
	b := &Batch{Size: hi - lo, Height: h, Width: w, Channels: c, MixWeight: 1, Epoch: epoch, Index: index}
	b.Images = make([]float32, b.Size*h*w*c)
	b.Labels = make([]int32, b.Size)
	r := rand.New(rand.NewPCG(l.opts.Seed^streamAugment, uint64(epoch)<<32|uint64(index)))
	a := l.opts.Augment
	scale := make([]float32, c)
	shift := make([]float32, c)
	for ch := range c {
		scale[ch], shift[ch] = 1.0/255, 0
		if l.opts.Mean != nil {
			scale[ch] = float32(1 / (255 * l.opts.Std[ch]))
			shift[ch] = float32(-l.opts.Mean[ch] / l.opts.Std[ch])
		}
	}
	for k := range b.Size {
		idx := order[lo+k]
		b.Labels[k] = int32(s.Labels[idx])
		src := s.Image(idx)
		dst := b.Images[k*h*w*c : (k+1)*h*w*c]
		dy, dx := 0, 0
		if a.Pad > 0 {
			dy = r.IntN(2*a.Pad+1) - a.Pad
			dx = r.IntN(2*a.Pad+1) - a.Pad
		}
		flip := a.Flip && r.IntN(2) == 1
		for y := range h {
			sy := y + dy
			for x := range w {
				sx := x + dx
				if flip {
					// Flip after cropping: the window's column x reads
					// the crop's column w-1-x.
					sx = (w - 1 - x) + dx
				}
				for ch := range c {
					var p byte
					if sy >= 0 && sy < h && sx >= 0 && sx < w {
						p = src[(sy*w+sx)*c+ch]
					}
					dst[(y*w+x)*c+ch] = float32(p)*scale[ch] + shift[ch]
				}
			}
		}
		if a.Cutout > 0 {
			cy, cx := r.IntN(h), r.IntN(w)
			y0, y1 := max(cy-a.Cutout/2, 0), min(cy+a.Cutout/2, h)
			x0, x1 := max(cx-a.Cutout/2, 0), min(cx+a.Cutout/2, w)
			for y := y0; y < y1; y++ {
				for x := x0; x < x1; x++ {
					for ch := range c {
						dst[(y*w+x)*c+ch] = 0
					}
				}
			}
		}
	}
	b.MixLabels = b.Labels
	if a.MixupAlpha > 0 {
		lam := betaSample(r, a.MixupAlpha, a.MixupAlpha)
		perm := r.Perm(b.Size)
		mixed := make([]float32, len(b.Images))
		n := h * w * c
		l32, m32 := float32(lam), float32(1-lam)
		b.MixLabels = make([]int32, b.Size)
		for k := range b.Size {
			j := perm[k]
			b.MixLabels[k] = b.Labels[j]
			for p := range n {
				mixed[k*n+p] = l32*b.Images[k*n+p] + m32*b.Images[j*n+p]
			}
		}
		b.Images = mixed
		b.MixWeight = l32
	}
	return b, nil
}

// gammaSample draws from Gamma(shape, 1) by Marsaglia and Tsang's method,
// boosting shapes below 1 with U^(1/shape).
func gammaSample(r *rand.Rand, shape float64) float64 {
	if shape < 1 {
		u := r.Float64()
		for u == 0 {
			u = r.Float64()
		}
		return gammaSample(r, shape+1) * math.Pow(u, 1/shape)
	}
	d := shape - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := r.NormFloat64()
		v := 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		u := r.Float64()
		if u < 1-0.0331*x*x*x*x || math.Log(u) < 0.5*x*x+d*(1-v+math.Log(v)) {
			return d * v
		}
	}
}

// betaSample draws from Beta(a, b) as X/(X+Y) with X ~ Gamma(a), Y ~ Gamma(b).
func betaSample(r *rand.Rand, a, b float64) float64 {
	for {
		x, y := gammaSample(r, a), gammaSample(r, b)
		if x+y > 0 {
			return x / (x + y)
		}
	}
}
