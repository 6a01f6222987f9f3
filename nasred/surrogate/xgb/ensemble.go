package xgb

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"sort"
	"strings"

	"github.com/nasred/nasred/internal/input"
	"github.com/nasred/nasred/internal/numpysum"
)

// MemberSuffix ends the file name of every ensemble member's model.
const MemberSuffix = "surrogate_model.model"

// Ensemble is an official NAS-Bench-301 XGBoost surrogate ensemble (e.g.
// nb_models/xgb_v0.9): a folder whose member folders each hold a
// "*surrogate_model.model" file. Its prediction for a row is the mean of the
// members' predictions computed as numpy's np.mean does for float32 values.
type Ensemble struct {
	// Dir is the ensemble folder.
	Dir string
	// Paths are the member model files, sorted.
	Paths []string
	// Members are the member models, in the order of Paths.
	Members []*Model
	// DataConfig and ModelConfig are data_config.json and
	// model_config.json of the first member folder (nil when absent).
	DataConfig, ModelConfig map[string]any
}

// ReadEnsemble loads every "*surrogate_model.model" file found recursively
// under dir (sorted by path) and the first member folder's configuration
// files (at most MaxModelBytes each, and 16 MiB per configuration file).
// All members must take the same number of features. A cancelled ctx
// stops the reading.
func ReadEnsemble(ctx context.Context, dir string) (*Ensemble, error) {
	e := &Ensemble{Dir: dir}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(d.Name(), MemberSuffix) {
			e.Paths = append(e.Paths, p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read xgboost ensemble %s: %w", dir, err)
	}
	if len(e.Paths) == 0 {
		return nil, fmt.Errorf("read xgboost ensemble %s: no *%s files found (expected an NB301 folder such as nb_models/xgb_v0.9)", dir, MemberSuffix)
	}
	sort.Strings(e.Paths)
	first := filepath.Dir(e.Paths[0])
	for _, c := range []struct {
		name string
		dst  *map[string]any
	}{{"data_config.json", &e.DataConfig}, {"model_config.json", &e.ModelConfig}} {
		b, err := input.ReadFile(ctx, filepath.Join(first, c.name), input.Limit{What: "an NB301 ensemble configuration file", Bytes: 16 << 20})
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("read xgboost ensemble %s: %w", dir, err)
		}
		if err := json.Unmarshal(b, c.dst); err != nil {
			return nil, fmt.Errorf("read xgboost ensemble %s: %s: %w", dir, filepath.Join(first, c.name), err)
		}
	}
	if mc := e.ModelConfig; mc != nil {
		if name, ok := mc["model"].(string); ok && !strings.HasPrefix(name, "xgb") {
			return nil, fmt.Errorf("read xgboost ensemble %s: model_config.json names model %q, not an xgb model", dir, name)
		}
	}
	for _, p := range e.Paths {
		m, err := ReadFileContext(ctx, p)
		if err != nil {
			return nil, fmt.Errorf("read xgboost ensemble %s: %w", dir, err)
		}
		if len(e.Members) > 0 && m.NumFeature() != e.Members[0].NumFeature() {
			return nil, fmt.Errorf("read xgboost ensemble %s: member %s takes %d features, member %s takes %d",
				dir, p, m.NumFeature(), e.Paths[0], e.Members[0].NumFeature())
		}
		e.Members = append(e.Members, m)
	}
	return e, nil
}

// NumFeature is the number of features each row must have.
func (e *Ensemble) NumFeature() int { return e.Members[0].NumFeature() }

// Predict writes the ensemble mean prediction of every row of X (row-major
// float32, NumFeature columns) to dst.
func (e *Ensemble) Predict(ctx context.Context, X []float32, dst []float32) error {
	n := len(dst)
	per := make([]float32, len(e.Members)*n)
	for k, m := range e.Members {
		if err := m.Predict(ctx, X, per[k*n:(k+1)*n]); err != nil {
			return fmt.Errorf("ensemble member %s: %w", e.Paths[k], err)
		}
	}
	v := make([]float32, len(e.Members))
	for i := 0; i < n; i++ {
		for k := range e.Members {
			v[k] = per[k*n+i]
		}
		dst[i] = NumpyMean(v)
	}
	return nil
}

// NumpyMean returns np.mean(v) for a float32 array exactly as numpy
// computes it: a float32 pairwise sum (numpy's pairwise_sum, 8
// accumulators, blocks of 128) divided by len(v) and rounded to float32.
// It returns NaN for an empty slice.
func NumpyMean(v []float32) float32 {
	if len(v) == 0 {
		return float32(nan())
	}
	s := numpysum.Sum(v)
	// numpy divides the float32 sum by the count in float64 and rounds the
	// quotient to float32 (identical to a float32 division).
	return float32(float64(s) / float64(len(v)))
}

func nan() float64 { var z float64; return z / z }
