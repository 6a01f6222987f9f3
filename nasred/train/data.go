package train

import (
	"fmt"
	"math"

	"github.com/nasred/nasred/nasred/dataset"
)

// DataOptions select a data set and how to cut it for a run.
type DataOptions struct {
	// Dataset is dataset.MNIST, dataset.FashionMNIST, dataset.CIFAR10 or
	// dataset.Synthetic (generated 32×32×3 images, 10 classes; TrainLimit
	// and TestLimit set their counts, default 4096 and 1024).
	Dataset string
	// Dir overrides the data folder (required for CIFAR-10; see
	// dataset.Load for the defaults).
	Dir string
	// ValFraction of the training images (after TrainLimit) form the
	// validation set, drawn with Seed; the paper's proxy setup uses 0.2.
	// 0 means no validation set.
	ValFraction float64
	// TrainLimit and TestLimit > 0 keep only the first images of the
	// official training and test sets (for quick CPU runs).
	TrainLimit, TestLimit int
	// Downsample > 1 averages Downsample×Downsample pixel blocks (28×28 →
	// 14×14 with 2); the networks need sides divisible by 4.
	Downsample int
	// Seed seeds the validation split.
	Seed uint64
}

// LoadData reads and prepares the data of a run.
func LoadData(o DataOptions) (Data, error) {
	if !(o.ValFraction >= 0 && o.ValFraction < 1) {
		return Data{}, fmt.Errorf("validation fraction %v: expected 0 <= f < 1", o.ValFraction)
	}
	if o.TrainLimit < 0 || o.TestLimit < 0 || o.Downsample < 0 {
		return Data{}, fmt.Errorf("train limit %d, test limit %d, downsample %d: expected >= 0", o.TrainLimit, o.TestLimit, o.Downsample)
	}
	var tr, te *dataset.Set
	var err error
	if o.Dataset == dataset.Synthetic {
		// Generated CIFAR-shaped data (32×32×3, 10 classes) for
		// benchmarks such as scripts/gpu-check.sh: no files needed.
		ntr, nte := o.TrainLimit, o.TestLimit
		if ntr == 0 {
			ntr = 4096
		}
		if nte == 0 {
			nte = 1024
		}
		if tr, err = dataset.NewSynthetic(ntr, 32, 32, 3, 10, 1); err != nil {
			return Data{}, err
		}
		if te, err = dataset.NewSynthetic(nte, 32, 32, 3, 10, 2); err != nil {
			return Data{}, err
		}
	} else if tr, te, err = dataset.Load(o.Dataset, o.Dir); err != nil {
		return Data{}, err
	}
	tr, te = tr.Head(o.TrainLimit), te.Head(o.TestLimit)
	if o.Downsample > 1 {
		if tr, err = tr.Downsample(o.Downsample); err != nil {
			return Data{}, err
		}
		if te, err = te.Downsample(o.Downsample); err != nil {
			return Data{}, err
		}
	}
	d := Data{Train: tr, Test: te}
	if o.ValFraction > 0 {
		if d.Train, d.Val, err = tr.Split(1-o.ValFraction, o.Seed); err != nil {
			return Data{}, err
		}
	}
	return d, nil
}

// ScaledCutout returns the recipe's cutout size 16 (for 32×32 CIFAR-10)
// scaled to images of the given side: round(16·side/32).
func ScaledCutout(side int) int {
	return int(math.Round(16 * float64(side) / 32))
}
