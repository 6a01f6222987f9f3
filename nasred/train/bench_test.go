package train

import (
	"testing"
	"time"

	"github.com/gomlx/gomlx/core/tensors"
)

// benchStep measures the training step (forward, backward, SGD update) of
// the network of spec on batches of 28×28 grayscale images; it reports
// images/s.
func benchStep(b *testing.B, spec NetworkSpec, batch int) {
	spec.Classes, spec.InputChannels = 10, 1
	net, _, err := BuildNetwork(spec)
	if err != nil {
		b.Fatal(err)
	}
	o := DefaultOptions()
	o.BatchSize, o.Steps, o.Cutout, o.MixupAlpha = batch, 1, 0, 0
	data := Data{Train: quadrantSet("bench", batch, 28, 28, 1, 1), Test: quadrantSet("t", 4, 28, 28, 1, 2)}
	data.Train.Classes, data.Test.Classes = 10, 10
	backend, err := NewBackend("")
	if err != nil {
		b.Fatal(err)
	}
	r, err := newRunner(backend, net, data, o)
	if err != nil {
		b.Fatal(err)
	}
	defer r.close()
	bt, _ := r.trainLoader.Batch(0, 0)
	step := func() {
		_, err := r.call("bench step", r.trainExec, &r.trainCalled,
			tensors.FromFlatDataAndDimensions(bt.Images, bt.Size, 28, 28, 1),
			tensors.FromFlatDataAndDimensions(bt.Labels, bt.Size),
			tensors.FromFlatDataAndDimensions(bt.MixLabels, bt.Size),
			tensors.FromValue(float32(1)), tensors.FromValue(float32(0.01)))
		if err != nil {
			b.Fatal(err)
		}
	}
	step() // compile
	b.ResetTimer()
	start := time.Now()
	for b.Loop() {
		step()
	}
	b.ReportMetric(float64(b.N*batch)/time.Since(start).Seconds(), "images/s")
}

const benchNB201 = "|nor_conv_3x3~0|+|nor_conv_3x3~0|skip_connect~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|"

// BenchmarkStepNB201 is the NB201 network at C=8, one cell per stage.
func BenchmarkStepNB201(b *testing.B) {
	benchStep(b, NetworkSpec{Space: SpaceNB201, Arch: benchNB201, Channels: 8, Cells: 1}, 32)
}

// BenchmarkStepDARTS is DARTS_V2 at C=8, 3 cells, with auxiliary head and
// drop-path.
func BenchmarkStepDARTS(b *testing.B) {
	benchStep(b, NetworkSpec{Space: SpaceDARTS, Arch: "DARTS_V2", Channels: 8, Cells: 3, Auxiliary: true, DropPath: 0.2}, 32)
}
