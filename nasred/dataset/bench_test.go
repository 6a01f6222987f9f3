package dataset

import "testing"

// BenchmarkLoaderCIFARBatch measures one augmented batch of 96 colour
// 32×32 images with the full recipe (crop, flip, cutout, mixup).
func BenchmarkLoaderCIFARBatch(b *testing.B) {
	s := tinySet(960, 32, 32, 3)
	l, err := NewLoader(s, LoaderOptions{BatchSize: 96, Shuffle: true, Augment: DefaultAugment(3, 16, 0.2),
		Mean: []float64{0.49, 0.48, 0.45}, Std: []float64{0.25, 0.24, 0.26}})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := l.Batch(i/10, i%10); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadIDX measures parsing a 1,000-image MNIST-sized IDX stream.
func BenchmarkReadIDX(b *testing.B) {
	data := idxBytes([]int{1000, 28, 28}, make([]byte, 1000*28*28))
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := ReadIDX(bytesReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}
