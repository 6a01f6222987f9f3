package train

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/nasred/nasred/nasred/dataset"
)

// The training recipes: named defaults of the options that change how a
// network learns (`nasred train --recipe`). Flags given explicitly
// override a recipe's values.
const (
	// RecipePaper is the paper's proxy-training recipe, DefaultOptions
	// with the cutout scaled to the image side: 100 epochs, batch 96, SGD
	// lr 0.025 (cosine to 0), momentum 0.9, weight decay 3e-4, clipping 5,
	// auxiliary weight 0.4, drop-path 0.2, cutout 16 (for 32×32), mixup
	// 0.2, no batch-norm recalibration. The default for CIFAR-10 and the
	// synthetic benchmark data.
	RecipePaper = "paper"
	// RecipeQuick is the short-run recipe, the default for MNIST and
	// Fashion-MNIST: the paper's recipe with learning rate 0.1, one epoch,
	// no cutout, mixup or drop-path, and batch-norm statistics
	// recalibrated over 20 training batches before every evaluation.
	// Augmentation and drop-path regularise long runs but only slow down
	// runs of a few hundred steps, and a short run's batch-norm running
	// averages lag its weights.
	RecipeQuick = "quick"
)

// RecipeNames lists the recipes.
func RecipeNames() []string { return []string{RecipePaper, RecipeQuick} }

// DefaultRecipe returns the recipe a data set trains with when none is
// chosen: RecipeQuick for MNIST and Fashion-MNIST, RecipePaper for every
// other data set (CIFAR-10, synthetic, and "" or unknown names).
func DefaultRecipe(data string) string {
	switch data {
	case dataset.MNIST, dataset.FashionMNIST:
		return RecipeQuick
	}
	return RecipePaper
}

// NewConfig returns the named recipe on the given space, architecture and
// data set, with an 80/20 train/validation split, darts's auxiliary head
// and the cutout scaled to the image size (Options.Cutout = -1, see
// Config) where the recipe has one.
func NewConfig(recipe, space, arch, data string) (Config, error) {
	o := DefaultOptions()
	switch recipe {
	case RecipePaper:
		o.Cutout = -1
	case RecipeQuick:
		o.Epochs, o.LearningRate = 1, 0.1
		o.DropPath, o.Cutout, o.MixupAlpha = 0, 0, 0
		o.RecalibrateBatches = 20
	default:
		return Config{}, fmt.Errorf("recipe %q: expected %s", recipe, strings.Join(RecipeNames(), " or "))
	}
	return Config{
		Recipe:  recipe,
		Network: NetworkSpec{Space: space, Arch: arch, Auxiliary: true},
		Data:    DataOptions{Dataset: data, ValFraction: 0.2},
		Options: o,
	}, nil
}

// DefaultConfig is NewConfig with the data set's DefaultRecipe: the
// paper's proxy setup for CIFAR-10, the quick recipe for MNIST and
// Fashion-MNIST.
func DefaultConfig(space, arch, data string) Config {
	cfg, err := NewConfig(DefaultRecipe(data), space, arch, data)
	if err != nil {
		panic(err) // DefaultRecipe names a recipe of NewConfig
	}
	return cfg
}

// recipeFlags are the flags of `nasred train` that a recipe sets, in the
// order RecipeLine prints them, with their values in a configuration.
func recipeFlags(c *Config) []struct{ flag, value string } {
	o := &c.Options
	g := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	length := struct{ flag, value string }{"epochs", strconv.Itoa(o.Epochs)}
	if o.Steps > 0 {
		length = struct{ flag, value string }{"steps", strconv.Itoa(o.Steps)}
	}
	cutout := strconv.Itoa(o.Cutout)
	if o.Cutout < 0 {
		cutout = "auto" // ScaledCutout of the image side
	}
	return []struct{ flag, value string }{
		length, {"batch", strconv.Itoa(o.BatchSize)},
		{"lr", g(o.LearningRate)}, {"min-lr", g(o.MinLearningRate)},
		{"momentum", g(o.Momentum)}, {"weight-decay", g(o.WeightDecay)}, {"clip", g(o.ClipNorm)},
		{"aux-weight", g(o.AuxWeight)}, {"drop-path", g(o.DropPath)},
		{"cutout", cutout}, {"mixup", g(o.MixupAlpha)}, {"recalibrate", strconv.Itoa(o.RecalibrateBatches)},
		{"val-fraction", g(c.Data.ValFraction)},
	}
}

// RecipeLine describes the effective recipe of a configuration in one
// line, as `nasred train` prints it at the start: the recipe's name, why
// it was chosen, every value that changes the numbers, and which of them
// flags overrode (Config.Flags).
func (c *Config) RecipeLine() string {
	var b strings.Builder
	name := c.Recipe
	if name == "" {
		name = "custom"
	}
	fmt.Fprintf(&b, "recipe %s", name)
	switch {
	case slices.Contains(c.Flags, "recipe"):
		b.WriteString(" (--recipe)")
	case c.Recipe != "" && c.Data.Dataset != "":
		fmt.Fprintf(&b, " (the default for %s; --recipe %s|%s chooses)", c.Data.Dataset, RecipeQuick, RecipePaper)
	}
	b.WriteString(":")
	var overridden []string
	for i, f := range recipeFlags(c) {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, " %s %s", f.flag, f.value)
		if slices.Contains(c.Flags, f.flag) {
			overridden = append(overridden, "--"+f.flag)
		}
	}
	if len(overridden) > 0 {
		fmt.Fprintf(&b, "; set by flags: %s", strings.Join(overridden, " "))
	}
	return b.String()
}
