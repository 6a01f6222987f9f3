package surrogate

import (
	"context"
	"fmt"

	"github.com/nasred/nasred/nasred/surrogate/gbt"
)

// FileOptions are the settings of "nasred surrogate train" and
// "nasred surrogate cv"; every command-line flag is a field.
type FileOptions struct {
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
	Encoding Encoding
	// Params override the boosting hyperparameters (default
	// gbt.DefaultParams()).
	Params gbt.Params
	// DataDir is the benchmark data folder (--data; "" = resolve).
	DataDir string
	// Progress, if not nil, receives progress messages.
	Progress func(msg string)
}

func (o FileOptions) train() TrainOptions {
	p := o.Params
	if p == (gbt.Params{}) {
		p = gbt.DefaultParams()
	}
	return TrainOptions{Encoding: o.Encoding, Params: &p, Seed: o.Seed, DataDir: o.DataDir}
}

func (o FileOptions) say(format string, args ...any) {
	if o.Progress != nil {
		o.Progress(fmt.Sprintf(format, args...))
	}
}

func (o FileOptions) labels(ctx context.Context) (*Labels, error) {
	if o.Labels == "" {
		return nil, fmt.Errorf("no labels file given (--labels)")
	}
	l, err := ReadLabels(ctx, o.Labels, nil)
	if err != nil {
		return nil, err
	}
	o.say("read %d labelled genotypes (%s)", len(l.Genotypes), l.Source)
	return l, nil
}

// TrainFile reads the labels, trains a Model and saves it to o.Out.
func TrainFile(ctx context.Context, o FileOptions) (*Model, error) {
	if o.Out == "" {
		return nil, fmt.Errorf("no output model file given (--out)")
	}
	l, err := o.labels(ctx)
	if err != nil {
		return nil, err
	}
	m, err := Train(ctx, l.Genotypes, l.ValErrors, o.train())
	if err != nil {
		return nil, err
	}
	m.Source = l.Source
	if err := m.Save(o.Out); err != nil {
		return nil, err
	}
	return m, nil
}

// CrossValidateFile reads the labels and cross-validates Train on them.
func CrossValidateFile(ctx context.Context, o FileOptions) (*CVResult, error) {
	l, err := o.labels(ctx)
	if err != nil {
		return nil, err
	}
	return CrossValidate(ctx, l.Genotypes, l.ValErrors, CVOptions{
		Folds: o.Folds,
		Train: o.train(),
		Progress: func(f, k int) {
			o.say("fold %d/%d done", f, k)
		},
	})
}
