package surrogate

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/nasred/nasred/nasred/space/darts"
	"github.com/nasred/nasred/nasred/surrogate/xgb"
)

// Official is the official NAS-Bench-301 XGBoost surrogate ensemble
// (nb_models_*/xgb_v*) queried natively, without noise (nasbench301's
// predict(..., with_noise=False)): the mean of the members' predicted
// validation accuracy, computed bit for bit as nasbench301 computes it,
// turned into an error.
type Official struct {
	Ensemble *xgb.Ensemble
	encoder  *ConfigSpaceEncoder
}

// NewOfficial loads the ensemble folder dir; configSpacePath is NB301's
// ConfigSpace JSON (nb301/nb301_configspace.json in the data folder).
func NewOfficial(dir, configSpacePath string) (*Official, error) {
	e, err := xgb.ReadEnsemble(dir)
	if err != nil {
		return nil, err
	}
	return newOfficial(e, configSpacePath)
}

func newOfficial(e *xgb.Ensemble, configSpacePath string) (*Official, error) {
	enc, err := NewConfigSpaceEncoder(configSpacePath)
	if err != nil {
		return nil, err
	}
	if e.NumFeature() != enc.NumFeatures() {
		return nil, fmt.Errorf("official surrogate %s takes %d features, the NB301 encoding has %d", e.Dir, e.NumFeature(), enc.NumFeatures())
	}
	return &Official{Ensemble: e, encoder: enc}, nil
}

// PredictAccuracies returns the ensemble's float32 mean validation
// accuracy (percent) for each genotype, exactly as nasbench301 computes it.
func (o *Official) PredictAccuracies(ctx context.Context, gs []darts.Genotype, dst []float32) error {
	if len(dst) != len(gs) {
		return fmt.Errorf("predict: destination has %d slots for %d genotypes", len(dst), len(gs))
	}
	X, err := EncodeAll(ctx, o.encoder, gs)
	if err != nil {
		return fmt.Errorf("predict: %w", err)
	}
	return o.Ensemble.Predict(ctx, X, dst)
}

// PredictErrors implements darts.Predictor: 1 − accuracy/100.
func (o *Official) PredictErrors(ctx context.Context, gs []darts.Genotype, dst []float64) error {
	if len(dst) != len(gs) {
		return fmt.Errorf("predict: destination has %d slots for %d genotypes", len(dst), len(gs))
	}
	acc := make([]float32, len(gs))
	if err := o.PredictAccuracies(ctx, gs, acc); err != nil {
		return err
	}
	for i, a := range acc {
		dst[i] = 1 - float64(a)/100
	}
	return nil
}

// Load opens a surrogate for the --surrogate flags: a nasred model file
// (written by Model.Save), an official NB301 XGBoost ensemble folder
// (nb_models_0.9/xgb_v0.9 or any folder holding *surrogate_model.model
// members), or a single official member file. dataDir is the benchmark
// data folder; the official surrogate and the ConfigSpace encoding read
// NB301's ConfigSpace JSON from it (an error wrapping ErrNoDataDir when
// dataDir is empty).
func Load(path, dataDir string) (darts.Predictor, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("load surrogate: %w", err)
	}
	csPath := func() (string, error) {
		if dataDir == "" {
			return "", fmt.Errorf("load surrogate %s: the official surrogate needs NB301's ConfigSpace: %w", path, ErrNoDataDir)
		}
		return filepath.Join(dataDir, "nb301", "nb301_configspace.json"), nil
	}
	if st.IsDir() {
		cs, err := csPath()
		if err != nil {
			return nil, err
		}
		o, err := NewOfficial(path, cs)
		if err != nil {
			return nil, fmt.Errorf("load surrogate: %w", err)
		}
		return o, nil
	}
	m, err := ReadModel(path, dataDir)
	if err == nil {
		return m, nil
	}
	if !errors.Is(err, ErrNotModel) {
		return nil, fmt.Errorf("load surrogate: %w", err)
	}
	// Perhaps a single official member (pickled Booster or save_model file).
	xm, xerr := xgb.ReadFile(path)
	if xerr != nil {
		return nil, fmt.Errorf("load surrogate %s: neither a nasred model file (%v) nor an XGBoost model (%v)", path, err, xerr)
	}
	cs, err := csPath()
	if err != nil {
		return nil, err
	}
	o, err := newOfficial(&xgb.Ensemble{Dir: path, Paths: []string{path}, Members: []*xgb.Model{xm}}, cs)
	if err != nil {
		return nil, fmt.Errorf("load surrogate: %w", err)
	}
	return o, nil
}
