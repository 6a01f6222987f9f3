package dataset

import (
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestLoaderNormalisationNoAugment(t *testing.T) {
	s := tinySet(5, 3, 4, 2)
	mean, std := []float64{0.5, 0.25}, []float64{0.2, 0.4}
	l, err := NewLoader(s, LoaderOptions{BatchSize: 2, Mean: mean, Std: std})
	if err != nil {
		t.Fatal(err)
	}
	if l.NumBatches() != 3 {
		t.Fatalf("NumBatches = %d, want 3", l.NumBatches())
	}
	b, err := l.Batch(0, 2)
	if err != nil {
		t.Fatal(err)
	}
	if b.Size != 1 || b.Labels[0] != 4 || b.MixWeight != 1 {
		t.Fatalf("last batch %+v", b)
	}
	img := s.Image(4)
	for p, v := range img {
		ch := p % 2
		want := (float64(v)/255 - mean[ch]) / std[ch]
		if math.Abs(float64(b.Images[p])-want) > 1e-5 {
			t.Fatalf("pixel %d = %v, want %v", p, b.Images[p], want)
		}
	}
}

// naiveCropFlip is an independent oracle: build the zero-padded image
// explicitly, cut the window at (oy, ox), then mirror it.
func naiveCropFlip(src []byte, h, w, c, pad, oy, ox int, flip bool) []byte {
	ph, pw := h+2*pad, w+2*pad
	padded := make([]byte, ph*pw*c)
	for y := range h {
		for x := range w {
			copy(padded[((y+pad)*pw+x+pad)*c:((y+pad)*pw+x+pad+1)*c], src[(y*w+x)*c:(y*w+x+1)*c])
		}
	}
	out := make([]byte, h*w*c)
	for y := range h {
		for x := range w {
			copy(out[(y*w+x)*c:(y*w+x+1)*c], padded[((y+oy)*pw+x+ox)*c:((y+oy)*pw+x+ox+1)*c])
		}
	}
	if flip {
		m := make([]byte, len(out))
		for y := range h {
			for x := range w {
				copy(m[(y*w+x)*c:(y*w+x+1)*c], out[(y*w+w-1-x)*c:(y*w+w-x)*c])
			}
		}
		out = m
	}
	return out
}

func TestLoaderCropFlipMatchesOracle(t *testing.T) {
	s := tinySet(40, 6, 5, 3)
	l, err := NewLoader(s, LoaderOptions{BatchSize: 40, Seed: 3, Augment: Augment{Pad: 2, Flip: true}})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := l.Batch(0, 0)
	matched, flips := 0, 0
	for k := range b.Size {
		got := make([]byte, s.ImageSize())
		for p := range got {
			got[p] = byte(math.Round(float64(b.Images[k*s.ImageSize()+p]) * 255))
		}
		// Every augmented image must be one of the 5×5×2 crops/flips.
		found := false
		for oy := 0; oy <= 4 && !found; oy++ {
			for ox := 0; ox <= 4 && !found; ox++ {
				for _, f := range []bool{false, true} {
					if slices.Equal(got, naiveCropFlip(s.Image(k), 6, 5, 3, 2, oy, ox, f)) {
						found = true
						if f && !(oy == 2 && ox == 2) {
							flips++
						}
						break
					}
				}
			}
		}
		if !found {
			t.Fatalf("image %d is no crop/flip of its source", k)
		}
		if !slices.Equal(got, s.Image(k)) {
			matched++
		}
	}
	if matched < 30 || flips == 0 {
		t.Fatalf("augmentation changed only %d of 40 images (%d flips)", matched, flips)
	}
}

func TestLoaderCutout(t *testing.T) {
	s := tinySet(20, 8, 8, 1)
	for i := range s.Pixels {
		s.Pixels[i] = 255
	}
	l, _ := NewLoader(s, LoaderOptions{BatchSize: 20, Augment: Augment{Cutout: 4}, Mean: []float64{0.5}, Std: []float64{0.5}})
	b, _ := l.Batch(0, 0)
	for k := range b.Size {
		zeros := 0
		for _, v := range b.Images[k*64 : (k+1)*64] {
			if v == 0 {
				zeros++
			} else if v != 1 {
				t.Fatalf("value %v", v)
			}
		}
		// A 4×4 square clipped at the border: between 2×2 and 4×4 pixels.
		if zeros < 4 || zeros > 16 {
			t.Fatalf("image %d: %d zeroed pixels", k, zeros)
		}
	}
}

func TestLoaderMixup(t *testing.T) {
	s := tinySet(16, 4, 4, 1)
	plain, _ := NewLoader(s, LoaderOptions{BatchSize: 16})
	mix, _ := NewLoader(s, LoaderOptions{BatchSize: 16, Augment: Augment{MixupAlpha: 0.2}, Seed: 9})
	p, _ := plain.Batch(0, 0)
	m, _ := mix.Batch(0, 0)
	lam := m.MixWeight
	if !(lam >= 0 && lam <= 1) {
		t.Fatalf("λ = %v", lam)
	}
	for k := range 16 {
		j := -1
		for c := range 16 {
			if p.Labels[c] == m.MixLabels[k] {
				ok := true
				for q := range 16 {
					want := lam*p.Images[k*16+q] + (1-lam)*p.Images[c*16+q]
					if math.Abs(float64(want-m.Images[k*16+q])) > 1e-5 {
						ok = false
						break
					}
				}
				if ok {
					j = c
					break
				}
			}
		}
		if j < 0 || m.Labels[k] != p.Labels[k] {
			t.Fatalf("image %d is not λ·x_k + (1-λ)·x_j for any j with the mixed label", k)
		}
	}
}

func TestBetaSampleMoments(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, ab := range [][2]float64{{0.2, 0.2}, {2, 5}, {1, 1}} {
		a, b := ab[0], ab[1]
		const n = 200000
		var sum, sq float64
		for range n {
			x := betaSample(r, a, b)
			sum += x
			sq += x * x
		}
		mean := sum / n
		v := sq/n - mean*mean
		wantMean := a / (a + b)
		wantVar := a * b / ((a + b) * (a + b) * (a + b + 1))
		if math.Abs(mean-wantMean) > 0.005 || math.Abs(v-wantVar) > 0.005 {
			t.Errorf("Beta(%v,%v): mean %v var %v, want %v %v", a, b, mean, v, wantMean, wantVar)
		}
	}
}

func TestLoaderDeterministicAndShuffled(t *testing.T) {
	s := tinySet(50, 4, 4, 3)
	o := LoaderOptions{BatchSize: 8, Shuffle: true, Seed: 5, DropLast: true, Augment: DefaultAugment(3, 2, 0.2)}
	l1, _ := NewLoader(s, o)
	l2, _ := NewLoader(s, o)
	if l1.NumBatches() != 6 {
		t.Fatalf("NumBatches = %d", l1.NumBatches())
	}
	// Random access in a different order gives the same batches.
	a, _ := l1.Batch(1, 3)
	l2.Batch(0, 5)
	l2.Batch(2, 0)
	b, _ := l2.Batch(1, 3)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("same (epoch, index) gave different batches")
	}
	// Each epoch visits a permutation; epochs differ.
	var seen [2][]int32
	for e := range 2 {
		for i := range l1.NumBatches() {
			bt, _ := l1.Batch(e, i)
			seen[e] = append(seen[e], bt.Labels...)
		}
	}
	if slices.Equal(seen[0], seen[1]) {
		t.Fatal("two epochs have the same order")
	}
	o.Seed = 6
	l3, _ := NewLoader(s, o)
	c, _ := l3.Batch(1, 3)
	if reflect.DeepEqual(a.Images, c.Images) {
		t.Fatal("different seeds gave the same batch")
	}
}

func TestLoaderErrors(t *testing.T) {
	s := tinySet(4, 2, 2, 1)
	for _, tc := range []struct {
		o    LoaderOptions
		want string
	}{
		{LoaderOptions{BatchSize: 0}, "batch size 0"},
		{LoaderOptions{BatchSize: 5, DropLast: true}, "exceeds"},
		{LoaderOptions{BatchSize: 1, Augment: Augment{MixupAlpha: math.NaN()}}, "MixupAlpha"},
		{LoaderOptions{BatchSize: 1, Mean: []float64{0}}, "both"},
		{LoaderOptions{BatchSize: 1, Mean: []float64{0}, Std: []float64{0}}, "std > 0"},
		{LoaderOptions{BatchSize: 1, Mean: []float64{0, 1}, Std: []float64{1, 1}}, "2 means"},
	} {
		if _, err := NewLoader(s, tc.o); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: err = %v, want %q", tc.o, err, tc.want)
		}
	}
	l, _ := NewLoader(s, LoaderOptions{BatchSize: 2})
	if _, err := l.Batch(0, 2); err == nil {
		t.Error("batch index out of range accepted")
	}
}

func TestSplitAndSubset(t *testing.T) {
	s := tinySet(100, 2, 2, 1)
	for i := range s.Labels {
		s.Pixels[i*4] = byte(i) // unique marker
	}
	tr, va, err := s.Split(0.8, 1)
	if err != nil {
		t.Fatal(err)
	}
	if tr.Len() != 80 || va.Len() != 20 {
		t.Fatalf("sizes %d %d", tr.Len(), va.Len())
	}
	seen := map[byte]bool{}
	for _, part := range []*Set{tr, va} {
		for i := range part.Len() {
			m := part.Image(i)[0]
			if seen[m] || part.Labels[i] != uint8(int(m)%10) {
				t.Fatalf("image %d duplicated or label mismatch", m)
			}
			seen[m] = true
		}
	}
	tr2, _, _ := s.Split(0.8, 1)
	if !reflect.DeepEqual(tr, tr2) {
		t.Fatal("split not deterministic")
	}
	for _, f := range []float64{0, 1, math.NaN(), 0.001} {
		if _, _, err := s.Split(f, 1); err == nil {
			t.Errorf("split %v accepted", f)
		}
	}
	if _, err := s.Subset("x", []int{100}); err == nil {
		t.Error("out-of-range subset accepted")
	}
	if s.Head(3).Len() != 3 || s.Head(0).Len() != 100 {
		t.Error("Head")
	}
}

func TestDownsampleAndStats(t *testing.T) {
	s := &Set{Name: "d", Height: 2, Width: 4, Channels: 1, Classes: 2, Labels: []uint8{1},
		Pixels: []byte{0, 10, 100, 101, 20, 31, 200, 255}}
	d, err := s.Downsample(2)
	if err != nil {
		t.Fatal(err)
	}
	// (0+10+20+31)/4 = 15.25 → 15; (100+101+200+255)/4 = 164
	if d.Height != 1 || d.Width != 2 || !slices.Equal(d.Pixels, []byte{15, 164}) {
		t.Fatalf("got %dx%d %v", d.Height, d.Width, d.Pixels)
	}
	if _, err := s.Downsample(3); err == nil {
		t.Error("factor 3 accepted for 2x4")
	}
	mean, std := s.ChannelStats()
	var m, v float64
	for _, p := range s.Pixels {
		m += float64(p) / 255 / 8
	}
	for _, p := range s.Pixels {
		v += (float64(p)/255 - m) * (float64(p)/255 - m) / 8
	}
	if math.Abs(mean[0]-m) > 1e-12 || math.Abs(std[0]-math.Sqrt(v)) > 1e-12 {
		t.Fatalf("stats %v %v, want %v %v", mean, std, m, math.Sqrt(v))
	}
}

func TestNewSynthetic(t *testing.T) {
	s, err := NewSynthetic(50, 8, 6, 3, 4, 1)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	for i := range s.Len() {
		row := int(s.Labels[i]) * 8 / 4
		for x := range 6 {
			if s.Image(i)[(row*6+x)*3] != 255 {
				t.Fatalf("image %d: band row %d not bright", i, row)
			}
		}
	}
	s2, _ := NewSynthetic(50, 8, 6, 3, 4, 1)
	if !reflect.DeepEqual(s, s2) {
		t.Fatal("not deterministic")
	}
	if _, err := NewSynthetic(0, 8, 8, 1, 10, 1); err == nil {
		t.Fatal("0 images accepted")
	}
}
