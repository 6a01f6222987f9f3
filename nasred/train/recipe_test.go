package train

import (
	"io"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestPaperRecipeUnchanged pins every field of the paper's recipe (the
// values of the paper's proxy training, which checkpoints and study plans
// of CIFAR-10 rely on): a literal of the whole struct, so that a new
// field or a changed value fails here.
func TestPaperRecipeUnchanged(t *testing.T) {
	want := Config{
		Recipe:  RecipePaper,
		Network: NetworkSpec{Auxiliary: true},
		Data:    DataOptions{Dataset: "cifar10", ValFraction: 0.2},
		Options: Options{
			Epochs: 100, Steps: 0, BatchSize: 96,
			LearningRate: 0.025, MinLearningRate: 0, Momentum: 0.9, WeightDecay: 3e-4, ClipNorm: 5,
			AuxWeight: 0.4, DropPath: 0.2, Cutout: -1, MixupAlpha: 0.2, Seed: 0,
			RecalibrateBatches: 0, EvalEvery: 0, EvalBatch: 256, LogEvery: 50, CheckpointEvery: 0,
			StepTimeout: 10 * time.Minute,
		},
	}
	for _, tc := range []struct {
		name string
		cfg  func() (Config, error)
	}{
		{"DefaultConfig(cifar10)", func() (Config, error) { return DefaultConfig("", "", "cifar10"), nil }},
		{"NewConfig(paper)", func() (Config, error) { return NewConfig(RecipePaper, "", "", "cifar10") }},
		{"ParseArgs --dataset cifar10", func() (Config, error) {
			c, err := ParseArgs([]string{"--dataset", "cifar10", "--seed", "0"}, io.Discard)
			c.Flags = nil
			return c, err
		}},
		{"ParseArgs --recipe paper --dataset mnist", func() (Config, error) {
			c, err := ParseArgs([]string{"--recipe", "paper", "--dataset", "mnist", "--seed", "0"}, io.Discard)
			c.Flags, c.Data.Dataset = nil, "cifar10"
			return c, err
		}},
	} {
		got, err := tc.cfg()
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\n got %+v\nwant %+v", tc.name, got, want)
		}
	}
	// The options match DefaultOptions but for the cutout resolved at
	// run time, and their fingerprint (stored in checkpoints) is the one
	// of nasred before recipes existed.
	o := want.Options
	o.Cutout = 16
	if d := DefaultOptions(); !reflect.DeepEqual(o, d) {
		t.Errorf("DefaultOptions = %+v, want %+v", d, o)
	}
	o.Seed, o.Fingerprint = 1, "net"
	if got := o.recipeFingerprint(); got != "a8eedca186503be7" {
		t.Errorf("fingerprint of the paper's recipe %s, checkpoints written before recipes have a8eedca186503be7", got)
	}
}

func TestDefaultRecipe(t *testing.T) {
	for data, want := range map[string]string{
		"mnist": RecipeQuick, "fashion-mnist": RecipeQuick,
		"cifar10": RecipePaper, "synthetic": RecipePaper, "": RecipePaper, "imagenet": RecipePaper,
	} {
		if got := DefaultRecipe(data); got != want {
			t.Errorf("DefaultRecipe(%q) = %s, want %s", data, got, want)
		}
		if got := DefaultConfig("nb201", "", data).Recipe; got != want {
			t.Errorf("DefaultConfig(%q).Recipe = %s, want %s", data, got, want)
		}
	}
	if _, err := NewConfig("fast", "", "", ""); err == nil || !strings.Contains(err.Error(), `"fast": expected paper or quick`) {
		t.Errorf("NewConfig(fast): %v", err)
	}
}

// TestParseArgsRecipe: the data set picks the recipe, --recipe
// overrides it wherever it stands, and explicit flags override the
// recipe's values field by field.
func TestParseArgsRecipe(t *testing.T) {
	type fields struct {
		recipe              string
		epochs, batch       int
		lr, dropPath, mixup float64
		cutout, recal       int
	}
	paper := fields{RecipePaper, 100, 96, 0.025, 0.2, 0.2, -1, 0}
	quick := fields{RecipeQuick, 1, 96, 0.1, 0, 0, 0, 20}
	with := func(f fields, edit func(*fields)) fields { edit(&f); return f }
	for _, tc := range []struct {
		args  []string
		want  fields
		flags []string
	}{
		{nil, paper, nil},
		{[]string{"--dataset", "cifar10"}, paper, []string{"dataset"}},
		{[]string{"--dataset", "synthetic"}, paper, []string{"dataset"}},
		{[]string{"--dataset", "mnist"}, quick, []string{"dataset"}},
		{[]string{"--dataset=fashion-mnist"}, quick, []string{"dataset"}},
		{[]string{"--dataset", "mnist", "--recipe", "paper"}, paper, []string{"dataset", "recipe"}},
		{[]string{"--recipe=quick", "--dataset", "cifar10"}, quick, []string{"dataset", "recipe"}},
		{[]string{"--dataset", "mnist", "--lr", "0.05", "--cutout", "3", "--batch", "32"},
			with(quick, func(f *fields) { f.lr, f.cutout, f.batch = 0.05, 3, 32 }), []string{"batch", "cutout", "dataset", "lr"}},
		{[]string{"--mixup", "0", "--recalibrate", "5", "--dataset", "cifar10", "--epochs", "7"},
			with(paper, func(f *fields) { f.mixup, f.recal, f.epochs = 0, 5, 7 }), []string{"dataset", "epochs", "mixup", "recalibrate"}},
		// An explicit value equal to the other recipe's default still wins.
		{[]string{"--dataset", "mnist", "--drop-path", "0.2", "--cutout", "-1"},
			with(quick, func(f *fields) { f.dropPath, f.cutout = 0.2, -1 }), []string{"cutout", "dataset", "drop-path"}},
	} {
		cfg, err := ParseArgs(tc.args, io.Discard)
		if err != nil {
			t.Fatalf("%q: %v", tc.args, err)
		}
		o := cfg.Options
		got := fields{cfg.Recipe, o.Epochs, o.BatchSize, o.LearningRate, o.DropPath, o.MixupAlpha, o.Cutout, o.RecalibrateBatches}
		if got != tc.want || !slices.Equal(cfg.Flags, tc.flags) {
			t.Errorf("%q: %+v flags %q, want %+v flags %q", tc.args, got, cfg.Flags, tc.want, tc.flags)
		}
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--recipe", "slow", "--dataset", "mnist"}, `--recipe: recipe "slow": expected paper or quick`},
		{[]string{"--dataset", "mnist", "--lr", "fast"}, `invalid value "fast" for flag -lr`},
	} {
		if _, err := ParseArgs(tc.args, io.Discard); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: err %v, want %q", tc.args, err, tc.want)
		}
	}
}

func TestRecipeLine(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--dataset", "mnist", "--steps", "150", "--batch", "32"},
			"recipe quick (the default for mnist; --recipe quick|paper chooses): steps 150, batch 32, lr 0.1, min-lr 0, momentum 0.9, weight-decay 0.0003, clip 5, aux-weight 0.4, drop-path 0, cutout 0, mixup 0, recalibrate 20, val-fraction 0.2; set by flags: --steps --batch"},
		{[]string{"--dataset", "cifar10"},
			"recipe paper (the default for cifar10; --recipe quick|paper chooses): epochs 100, batch 96, lr 0.025, min-lr 0, momentum 0.9, weight-decay 0.0003, clip 5, aux-weight 0.4, drop-path 0.2, cutout auto, mixup 0.2, recalibrate 0, val-fraction 0.2"},
		{[]string{"--recipe", "paper", "--dataset", "mnist", "--mixup", "0", "--val-fraction", "0"},
			"recipe paper (--recipe): epochs 100, batch 96, lr 0.025, min-lr 0, momentum 0.9, weight-decay 0.0003, clip 5, aux-weight 0.4, drop-path 0.2, cutout auto, mixup 0, recalibrate 0, val-fraction 0; set by flags: --mixup --val-fraction"},
	} {
		cfg, err := ParseArgs(tc.args, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		if got := cfg.RecipeLine(); got != tc.want {
			t.Errorf("%q:\n got %s\nwant %s", tc.args, got, tc.want)
		}
	}
	cfg := Config{Options: DefaultOptions()}
	if got := cfg.RecipeLine(); !strings.HasPrefix(got, "recipe custom: epochs 100, batch 96,") {
		t.Errorf("hand-made configuration: %s", got)
	}
}
