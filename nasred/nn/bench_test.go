package nn

import (
	"math"
	"math/rand/v2"
	"syscall"
	"testing"
	"time"

	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/gomlx/gomlx/ml/train"
	"github.com/gomlx/gomlx/ml/train/optimizer"
)

// benchTrainStep times one forward+backward+SGD training step of net on
// batches of random b×h×w×c images with train.Trainer, reporting images/s.
func benchTrainStep(b *testing.B, net Network, batch, h, w int) {
	backend := testBackend(b)
	store := model.NewStore()
	if err := store.SetRNGStateFromSeed(1); err != nil {
		b.Fatal(err)
	}
	tr := train.NewTrainer(backend, store, ModelFn(net), auxLoss, optimizer.StochasticGradientDescent().WithDecay(false).Done(), nil, nil)
	rng := rand.New(rand.NewPCG(1, 1))
	c := net.InputChannels()
	step := func() {
		img := make([]float32, batch*h*w*c)
		for i := range img {
			img[i] = float32(rng.NormFloat64())
		}
		lab := make([]int32, batch)
		for i := range lab {
			lab[i] = int32(rng.IntN(10))
		}
		_, err := tr.TrainStep(train.Batch{
			Inputs: []*tensors.Tensor{tensors.FromFlatDataAndDimensions(img, batch, h, w, c)},
			Labels: []*tensors.Tensor{tensors.FromFlatDataAndDimensions(lab, batch, 1)},
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	step() // compile
	cpu0 := cpuSeconds()
	b.ResetTimer()
	for b.Loop() {
		step()
	}
	b.ReportMetric(float64(batch*b.N)/b.Elapsed().Seconds(), "images/s")
	// CPU seconds per step: steadier than wall time on a shared machine.
	b.ReportMetric((cpuSeconds()-cpu0)/float64(b.N), "cpu-s/op")
}

// nb201Best is the best CIFAR-10 cell of NAS-Bench-201.
var nb201Best = NB201Cell{"nor_conv_3x3", "nor_conv_3x3", "nor_conv_3x3", "skip_connect", "nor_conv_3x3", "nor_conv_3x3"}

func BenchmarkNB201TrainStep(b *testing.B) {
	for _, tc := range []struct {
		name       string
		h, w, c    int
		channels   int
		cellsStage int
	}{
		{"32x32x3/C16/N1/batch32", 32, 32, 3, 16, 1},
		{"28x28x1/C8/N1/batch32", 28, 28, 1, 8, 1},
	} {
		b.Run(tc.name, func(b *testing.B) {
			net, err := NewNB201Net(nb201Best, NB201Config{Channels: tc.channels, CellsPerStage: tc.cellsStage, Classes: 10, InputChannels: tc.c})
			if err != nil {
				b.Fatal(err)
			}
			benchTrainStep(b, net, 32, tc.h, tc.w)
		})
	}
}

func BenchmarkDARTSTrainStep(b *testing.B) {
	for _, tc := range []struct {
		name     string
		h, w, c  int
		channels int
		cells    int
	}{
		{"32x32x3/C16/L5/batch32", 32, 32, 3, 16, 5},
		{"28x28x1/C8/L5/batch32", 28, 28, 1, 8, 5},
	} {
		b.Run(tc.name, func(b *testing.B) {
			net, err := NewDARTSNet(DARTSV2(), DARTSConfig{Channels: tc.channels, Cells: tc.cells, Classes: 10, InputChannels: tc.c, DropPathProb: 0.2, Auxiliary: true})
			if err != nil {
				b.Fatal(err)
			}
			benchTrainStep(b, net, 32, tc.h, tc.w)
		})
	}
}

// cpuSeconds is the user+system CPU time of this process so far.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return math.NaN()
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}
