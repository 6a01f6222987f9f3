package analysis

import (
	"context"
	"errors"
	"fmt"

	"github.com/nasred/nasred/nasred/datadir"
	"github.com/nasred/nasred/nasred/space/darts"
	"github.com/nasred/nasred/nasred/surrogate"
	"github.com/nasred/nasred/nasred/surrogate/gbt"
)

// LoadSurrogate opens a surrogate for the --surrogate flags (see
// surrogate.Load), resolving the benchmark data folder from dataFlag (see
// package datadir) for the models that read NB301's ConfigSpace.
func LoadSurrogate(ctx context.Context, path, dataFlag string) (darts.Predictor, error) {
	dir, rerr := datadir.Resolve(dataFlag)
	p, err := surrogate.Load(ctx, path, dir)
	if err != nil && rerr != nil && errors.Is(err, surrogate.ErrNoDataDir) {
		return nil, fmt.Errorf("load surrogate %s: the official surrogate needs NB301's ConfigSpace: %w", path, rerr)
	}
	return p, err
}

// surrogateDataDir is the data folder for training options: dataFlag
// resolved when the encoding reads NB301's ConfigSpace.
func surrogateDataDir(enc surrogate.Encoding, dataFlag string) (string, error) {
	if enc != surrogate.ConfigSpace {
		return dataFlag, nil
	}
	return datadir.Resolve(dataFlag)
}

// SurrogateFileOptions are the settings of "nasred surrogate train" and
// "nasred surrogate cv"; every command-line flag is a field.
type SurrogateFileOptions struct {
	// Labels is a NASLib labelled JSON file or the official NB301
	// training-data zip (--labels).
	Labels string
	// Out is the model file to write (--out; train only).
	Out string
	// Folds and Seed configure cross-validation and training (--folds,
	// --seed).
	Folds int
	Seed  uint64
	// Encoding of genotypes (--encoding; default Graph).
	Encoding surrogate.Encoding
	// Params override the boosting hyperparameters (default
	// gbt.DefaultParams()).
	Params gbt.Params
	// DataDir is the benchmark data folder (--data; "" = resolve).
	DataDir string
	// Progress, if not nil, receives progress messages.
	Progress func(msg string)
}

func (o SurrogateFileOptions) train() (surrogate.TrainOptions, error) {
	p := o.Params
	if p == (gbt.Params{}) {
		p = gbt.DefaultParams()
	}
	dir, err := surrogateDataDir(o.Encoding, o.DataDir)
	if err != nil {
		return surrogate.TrainOptions{}, fmt.Errorf("train surrogate: %w", err)
	}
	return surrogate.TrainOptions{Encoding: o.Encoding, Params: &p, Seed: o.Seed, DataDir: dir}, nil
}

func (o SurrogateFileOptions) say(format string, args ...any) {
	if o.Progress != nil {
		o.Progress(fmt.Sprintf(format, args...))
	}
}

// inputs reads the labels and returns them with the training options.
func (o SurrogateFileOptions) inputs(ctx context.Context) (*surrogate.Labels, surrogate.TrainOptions, error) {
	if o.Labels == "" {
		return nil, surrogate.TrainOptions{}, fmt.Errorf("no labels file given (--labels)")
	}
	l, err := surrogate.ReadLabels(ctx, o.Labels, nil)
	if err != nil {
		return nil, surrogate.TrainOptions{}, err
	}
	o.say("read %d labelled genotypes (%s)", len(l.Genotypes), l.Source)
	to, err := o.train()
	return l, to, err
}

// TrainSurrogateFile runs "nasred surrogate train": it reads the labels,
// trains a surrogate.Model and saves it to o.Out.
func TrainSurrogateFile(ctx context.Context, o SurrogateFileOptions) (*surrogate.Model, error) {
	if o.Out == "" {
		return nil, fmt.Errorf("no output model file given (--out)")
	}
	l, to, err := o.inputs(ctx)
	if err != nil {
		return nil, err
	}
	m, err := surrogate.Train(ctx, l.Genotypes, l.ValErrors, to)
	if err != nil {
		return nil, err
	}
	m.Source = l.Source
	if err := m.Save(o.Out); err != nil {
		return nil, err
	}
	return m, nil
}

// CrossValidateSurrogateFile runs "nasred surrogate cv": it reads the
// labels and cross-validates surrogate.Train on them.
func CrossValidateSurrogateFile(ctx context.Context, o SurrogateFileOptions) (*surrogate.CVResult, error) {
	l, to, err := o.inputs(ctx)
	if err != nil {
		return nil, err
	}
	return surrogate.CrossValidate(ctx, l.Genotypes, l.ValErrors, surrogate.CVOptions{
		Folds: o.Folds,
		Train: to,
		Progress: func(f, k int) {
			o.say("fold %d/%d done", f, k)
		},
	})
}

// Presets of nasred's own NB301 surrogate (SurrogatePresetParams).
const (
	// PresetStumps is gbt.DefaultParams: 2,000 depth-1 trees, an additive
	// model that cannot express interactions between edges.
	PresetStumps = "stumps"
	// PresetInteraction is gbt.InteractionParams: 6,000 depth-2 trees,
	// which can express interactions between pairs of features (5-fold CV
	// Kendall τ 0.789 against 0.775 for the stumps on the 725 NASLib
	// labels).
	PresetInteraction = "interaction"
)

// SurrogatePresets lists the preset names.
func SurrogatePresets() []string { return []string{PresetStumps, PresetInteraction} }

// SurrogatePresetParams returns the boosting settings of a preset; ""
// means PresetStumps.
func SurrogatePresetParams(name string) (gbt.Params, error) {
	switch name {
	case "", PresetStumps:
		return gbt.DefaultParams(), nil
	case PresetInteraction:
		return gbt.InteractionParams(), nil
	}
	return gbt.Params{}, fmt.Errorf("unknown surrogate preset %q (want %s or %s)", name, PresetStumps, PresetInteraction)
}

// PresetForDepth maps a --surrogate-depth flag to a preset: 1 stumps, 2
// interaction.
func PresetForDepth(depth int) (string, error) {
	switch depth {
	case 1:
		return PresetStumps, nil
	case 2:
		return PresetInteraction, nil
	}
	return "", fmt.Errorf("surrogate depth %d: want 1 (stumps, additive) or 2 (interaction preset)", depth)
}
