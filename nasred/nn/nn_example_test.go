package nn_test

import (
	"fmt"
	"log"
	"math/rand/v2"

	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/compute/shapes"
	"github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/gomlx/gomlx/ml/train"
	"github.com/gomlx/gomlx/ml/train/loss"
	"github.com/gomlx/gomlx/ml/train/optimizer"

	"github.com/nasred/nasred/nasred/nn"
)

// Build the NB201 network for 28×28 grayscale images, run it once in
// inference mode, and count the DARTS_V2 network's parameters.
func Example() {
	backend, err := nn.NewBackend() // pure-Go backend, parallelism=-1 (prints one line)
	if err != nil {
		log.Fatal(err)
	}
	cell := nn.NB201Cell{"nor_conv_3x3", "skip_connect", "nor_conv_1x1", "avg_pool_3x3", "none", "nor_conv_3x3"}
	net, err := nn.NewNB201Net(cell, nn.NB201Config{Channels: 8, CellsPerStage: 1, Classes: 10, InputChannels: 1})
	if err != nil {
		log.Fatal(err)
	}
	store := model.NewStore()
	images := tensors.FromShape(shapes.Make(dtypes.Float32, 2, 28, 28, 1))
	logits, err := model.CallOnce(backend, store, func(scope *model.Scope, x *graph.Node) *graph.Node {
		logits, _ := net.Logits(scope, x, false)
		return logits
	}, images)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("logits:", logits.Shape().Dimensions)

	darts, err := nn.NewDARTSNet(nn.DARTSV2(), nn.DARTSConfig{Channels: 36, Cells: 20, Classes: 10, InputChannels: 3, DropPathProb: 0.2, Auxiliary: true})
	if err != nil {
		log.Fatal(err)
	}
	n, err := nn.NumParameters(backend, darts, 32, 32)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("DARTS_V2 parameters:", n)
	// Output:
	// Go backend: parallelism set to -1
	// logits: [2 10]
	// DARTS_V2 parameters: 3349342
}

// Train a tiny DARTS network with GoMLX's train.Trainer: ModelFn returns
// [logits, auxLogits] in training graphs, so the loss adds the auxiliary
// head's cross-entropy with weight 0.4; evaluation graphs get [logits].
func ExampleModelFn() {
	backend, err := nn.NewBackend()
	if err != nil {
		log.Fatal(err)
	}
	net, err := nn.NewDARTSNet(nn.DARTSV2(), nn.DARTSConfig{Channels: 4, Cells: 3, Classes: 2, InputChannels: 1, DropPathProb: 0.2, Auxiliary: true})
	if err != nil {
		log.Fatal(err)
	}
	lossFn := func(labels, predictions []*graph.Node) *graph.Node {
		l := graph.ReduceAllMean(loss.SparseCategoricalCrossEntropyLogits(labels, predictions[:1]))
		if len(predictions) > 1 { // auxiliary head, training only
			aux := graph.ReduceAllMean(loss.SparseCategoricalCrossEntropyLogits(labels, predictions[1:]))
			l = graph.Add(l, graph.MulScalar(aux, 0.4))
		}
		return l
	}
	store := model.NewStore()
	if err := store.SetRNGStateFromSeed(1); err != nil {
		log.Fatal(err)
	}
	trainer := train.NewTrainer(backend, store, nn.ModelFn(net), lossFn, optimizer.Adam().LearningRate(0.01).Done(), nil, nil)

	// Toy task: is the left half of the image brighter (class 0) or the right half (class 1)?
	rng := rand.New(rand.NewPCG(1, 2))
	batch := func() train.Batch {
		const b, h, w = 16, 12, 12
		img, lab := make([]float32, b*h*w), make([]int32, b)
		for n := range lab {
			lab[n] = int32(rng.IntN(2))
			for i := range h * w {
				img[n*h*w+i] = float32(rng.NormFloat64())
				if (i%w < w/2) == (lab[n] == 0) {
					img[n*h*w+i]++
				}
			}
		}
		return train.Batch{
			Inputs: []*tensors.Tensor{tensors.FromFlatDataAndDimensions(img, b, h, w, 1)},
			Labels: []*tensors.Tensor{tensors.FromFlatDataAndDimensions(lab, b, 1)},
		}
	}
	var first, last float32
	for step := range 30 {
		if step == 10 { // e.g. DARTS's linear drop-path schedule, without rebuilding the graph
			if err := net.SetDropPathProb(store.RootScope(), 0.1); err != nil {
				log.Fatal(err)
			}
		}
		metrics, err := trainer.TrainStep(batch())
		if err != nil {
			log.Fatal(err)
		}
		l := tensors.ToScalar[float32](metrics[0])
		if step == 0 {
			first = l
		}
		last = l
	}
	fmt.Println("loss went down:", last < first/2)
	// Output:
	// Go backend: parallelism set to -1
	// loss went down: true
}
