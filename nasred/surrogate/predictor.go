package surrogate

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/nasred/nasred/internal/input"
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
func NewOfficial(ctx context.Context, dir, configSpacePath string) (*Official, error) {
	e, err := xgb.ReadEnsemble(ctx, dir)
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
// (written by Model.Save; at most MaxModelBytes), an official NB301
// XGBoost ensemble folder (nb_models_0.9/xgb_v0.9 or any folder holding
// *surrogate_model.model members), or a single official member file (at
// most xgb.MaxModelBytes). A file ("-": standard input; pipes and FIFOs
// work) is read once, its kind detected by peeking at its start. dataDir
// is the benchmark data folder; the official surrogate and the
// ConfigSpace encoding read NB301's ConfigSpace JSON from it (an error
// wrapping ErrNoDataDir when dataDir is empty). A cancelled ctx ends a
// wait for a FIFO's writer.
func Load(ctx context.Context, path, dataDir string) (darts.Predictor, error) {
	csPath := func() (string, error) {
		if dataDir == "" {
			return "", fmt.Errorf("load surrogate %s: the official surrogate needs NB301's ConfigSpace: %w", path, ErrNoDataDir)
		}
		return filepath.Join(dataDir, "nb301", "nb301_configspace.json"), nil
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		cs, err := csPath()
		if err != nil {
			return nil, err
		}
		o, err := NewOfficial(ctx, path, cs)
		if err != nil {
			return nil, fmt.Errorf("load surrogate: %w", err)
		}
		return o, nil
	}
	f, err := input.Open(ctx, path, xgb.ModelLimit("an XGBoost model file (--surrogate)"))
	if err != nil {
		return nil, fmt.Errorf("load surrogate: %w", err)
	}
	defer f.Close()
	if head, _ := f.Peek(4096); isModelFile(head) {
		if err := f.SetLimit(modelLimit("a nasred surrogate model file (--surrogate)")); err != nil {
			return nil, fmt.Errorf("load surrogate: %w", err)
		}
		m, err := decodeModel(f, dataDir)
		if err != nil {
			return nil, fmt.Errorf("load surrogate %s: %w", f.Name(), err)
		}
		return m, nil
	}
	// Perhaps a single official member (pickled Booster or save_model file).
	b, err := f.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("load surrogate: %w", err)
	}
	xm, err := xgb.Parse(b)
	if err != nil {
		return nil, fmt.Errorf("load surrogate %s: neither a nasred model file (which starts {\"format\": %q) nor an XGBoost model: %w", f.Name(), ModelFormat, err)
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
