package dataset_test

import (
	"fmt"

	"github.com/nasred/nasred/nasred/dataset"
)

// A Loader turns an in-memory Set into normalised float32 NHWC batches; a
// batch is a pure function of (seed, epoch, index).
func ExampleLoader() {
	set := &dataset.Set{Name: "toy", Height: 2, Width: 2, Channels: 1, Classes: 2,
		Pixels: []byte{0, 255, 255, 0, 51, 51, 51, 51, 255, 255, 255, 255},
		Labels: []uint8{1, 0, 1}}
	l, err := dataset.NewLoader(set, dataset.LoaderOptions{BatchSize: 2, Mean: []float64{0.5}, Std: []float64{0.5}})
	if err != nil {
		fmt.Println(err)
		return
	}
	for i := range l.NumBatches() {
		b, _ := l.Batch(0, i)
		fmt.Printf("%d %v %.2f\n", b.Size, b.Labels, b.Images)
	}
	// Output:
	// 2 [1 0] [-1.00 1.00 1.00 -1.00 -0.60 -0.60 -0.60 -0.60]
	// 1 [1] [1.00 1.00 1.00 1.00]
}
