package train_test

import (
	"fmt"
	"io"
	"math"
	"os"

	"github.com/nasred/nasred/nasred/train"
)

// The paper's proxy recipe as Options.
func ExampleDefaultOptions() {
	o := train.DefaultOptions()
	fmt.Printf("epochs %d, batch %d, lr %g, momentum %g, weight decay %g, clip %g\n",
		o.Epochs, o.BatchSize, o.LearningRate, o.Momentum, o.WeightDecay, o.ClipNorm)
	fmt.Printf("aux %g, drop-path %g, cutout %d, mixup %g\n", o.AuxWeight, o.DropPath, o.Cutout, o.MixupAlpha)
	// Output:
	// epochs 100, batch 96, lr 0.025, momentum 0.9, weight decay 0.0003, clip 5
	// aux 0.4, drop-path 0.2, cutout 16, mixup 0.2
}

// BuildNetwork parses an architecture of either space.
func ExampleBuildNetwork() {
	_, desc, err := train.BuildNetwork(train.NetworkSpec{Space: train.SpaceNB201,
		Arch:    "|nor_conv_3x3~0|+|nor_conv_3x3~0|skip_connect~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|",
		Classes: 10, InputChannels: 1})
	fmt.Println(desc, err)
	_, desc, err = train.BuildNetwork(train.NetworkSpec{Space: train.SpaceDARTS, Arch: "DARTS_V2",
		Channels: 16, Cells: 5, Classes: 10, InputChannels: 3, Auxiliary: true})
	fmt.Println(desc, err)
	// Output:
	// nb201 |nor_conv_3x3~0|+|nor_conv_3x3~0|skip_connect~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2| C=16 N=5 classes=10 in=1 <nil>
	// darts [[(0, 3), (1, 3), (0, 3), (1, 3), (1, 3), (0, 2), (0, 2), (2, 5)], [(0, 0), (1, 0), (2, 2), (1, 0), (0, 0), (2, 2), (2, 2), (1, 0)]] C=16 L=5 classes=10 in=3 aux=true droppath=false <nil>
}

// Metrics rows as CSV; values not evaluated at a row are empty.
func ExampleWriteMetricsCSV() {
	rows := []train.Row{
		{Step: 50, Epoch: 0.5, LR: 0.02, DropPath: 0.1, TrainLoss: 1.5, TrainAccuracy: 0.4, ValAccuracy: 0.45, TestAccuracy: math.NaN(), Seconds: 12},
		{Step: 100, Epoch: 1, LR: 0, DropPath: 0.2, TrainLoss: 0.9, TrainAccuracy: 0.7, ValAccuracy: 0.72, TestAccuracy: 0.71, Seconds: 24},
	}
	train.WriteMetricsCSV(os.Stdout, rows)
	// Output:
	// step,epoch,lr,drop_path,train_loss,train_accuracy,val_accuracy,test_accuracy,seconds
	// 50,0.5000,0.02,0.1,1.500000,0.400000,0.450000,,12.0
	// 100,1.0000,0,0.2,0.900000,0.700000,0.720000,0.710000,24.0
}

// The data set picks the recipe; explicit flags override its values.
func ExampleParseArgs() {
	cfg, err := train.ParseArgs([]string{"--space", "nb201", "--dataset", "mnist", "--steps", "150", "--batch", "32"}, io.Discard)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(cfg.RecipeLine())
	cfg, _ = train.ParseArgs([]string{"--dataset", "mnist", "--recipe", "paper"}, io.Discard)
	fmt.Println(cfg.Recipe, cfg.Options.LearningRate, cfg.Options.MixupAlpha)
	// Output:
	// recipe quick (the default for mnist; --recipe quick|paper chooses): steps 150, batch 32, lr 0.1, min-lr 0, momentum 0.9, weight-decay 0.0003, clip 5, aux-weight 0.4, drop-path 0, cutout 0, mixup 0, recalibrate 20, val-fraction 0.2; set by flags: --steps --batch
	// paper 0.025 0.2
}

// NewConfig builds a configuration in code from a recipe.
func ExampleNewConfig() {
	cfg, err := train.NewConfig(train.RecipeQuick, train.SpaceDARTS, "DARTS_V2", "fashion-mnist")
	fmt.Println(cfg.Recipe, cfg.Options.LearningRate, cfg.Options.Cutout, cfg.Options.RecalibrateBatches, err)
	// Output:
	// quick 0.1 0 20 <nil>
}
