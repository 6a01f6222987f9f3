package surrogate

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/nasred/nasred/internal/input"
	"github.com/nasred/nasred/nasred/atomicfile"
	"github.com/nasred/nasred/nasred/space/darts"
	"github.com/nasred/nasred/nasred/surrogate/forest"
	"github.com/nasred/nasred/nasred/surrogate/gbt"
)

// ModelFormat and ModelVersion identify nasred's surrogate model files.
const (
	ModelFormat  = "nasred-surrogate"
	ModelVersion = 1
)

// TrainOptions configure Train. The zero value of a field means its
// default.
type TrainOptions struct {
	// Encoding of genotypes into features (default Graph).
	Encoding Encoding
	// Params are the boosting hyperparameters (default
	// gbt.DefaultParams(); Seed is taken from Seed below).
	Params *gbt.Params
	// Seed makes training reproducible.
	Seed uint64
	// DataDir is the benchmark data folder; only the ConfigSpace encoding
	// reads it (nb301/nb301_configspace.json) and needs it.
	DataDir string
	// Progress, if not nil, is called after every tree.
	Progress func(done, total int)
}

// Model is nasred's own NB301 surrogate: gradient-boosted trees on a
// genotype encoding, predicting validation error (a fraction).
type Model struct {
	Encoding Encoding
	Params   gbt.Params
	// NumTrain is the number of genotypes trained on; Source describes them.
	NumTrain int
	Source   string
	forest   *forest.Forest
	additive *forest.Additive // non-nil when the forest is all stumps
	enc      Encoder
}

func newModel(enc Encoder, name Encoding, p gbt.Params, nTrain int, source string, f *forest.Forest) *Model {
	m := &Model{Encoding: name, Params: p, NumTrain: nTrain, Source: source, forest: f, enc: enc}
	if a, ok := f.Additive(); ok {
		m.additive = a
	}
	return m
}

func (o TrainOptions) resolve() (Encoding, gbt.Params, string, error) {
	enc := o.Encoding
	if enc == "" {
		enc = Graph
	}
	p := gbt.DefaultParams()
	if o.Params != nil {
		p = *o.Params
	}
	p.Seed = o.Seed
	return enc, p, o.DataDir, p.Validate()
}

// Train fits a model to genotypes gs with validation errors errs.
func Train(ctx context.Context, gs []darts.Genotype, errs []float64, opts TrainOptions) (*Model, error) {
	if len(gs) != len(errs) {
		return nil, fmt.Errorf("train surrogate: %d genotypes but %d labels", len(gs), len(errs))
	}
	if len(gs) < 2 {
		return nil, fmt.Errorf("train surrogate: need at least 2 labelled genotypes, got %d", len(gs))
	}
	encName, p, dir, err := opts.resolve()
	if err != nil {
		return nil, fmt.Errorf("train surrogate: %w", err)
	}
	enc, err := NewEncoder(encName, dir)
	if err != nil {
		return nil, fmt.Errorf("train surrogate: %w", err)
	}
	X, err := EncodeAll(ctx, enc, gs)
	if err != nil {
		return nil, fmt.Errorf("train surrogate: %w", err)
	}
	y := make([]float32, len(errs))
	for i, e := range errs {
		if math.IsNaN(e) || math.IsInf(e, 0) {
			return nil, fmt.Errorf("train surrogate: label %d is %v", i, e)
		}
		y[i] = float32(e)
	}
	f, err := gbt.Train(ctx, X, y, p, opts.Progress)
	if err != nil {
		return nil, fmt.Errorf("train surrogate: %w", err)
	}
	return newModel(enc, encName, p, len(gs), "", f), nil
}

// Forest is the model's tree ensemble.
func (m *Model) Forest() *forest.Forest { return m.forest }

// PredictErrors predicts the validation error of every genotype.
func (m *Model) PredictErrors(ctx context.Context, gs []darts.Genotype, dst []float64) error {
	if len(dst) != len(gs) {
		return fmt.Errorf("predict: destination has %d slots for %d genotypes", len(dst), len(gs))
	}
	X, err := EncodeAll(ctx, m.enc, gs)
	if err != nil {
		return fmt.Errorf("predict: %w", err)
	}
	if m.additive != nil {
		if err := m.additive.Predict(ctx, X, dst); err != nil {
			return fmt.Errorf("predict: %w", err)
		}
		return nil
	}
	out := make([]float32, len(gs))
	if err := m.forest.Predict(ctx, X, out); err != nil {
		return fmt.Errorf("predict: %w", err)
	}
	for i, v := range out {
		dst[i] = float64(v)
	}
	return nil
}

// fileModel is the JSON form of a Model. Float32 values are stored as
// JSON numbers that convert back to the same float32.
type fileModel struct {
	Format     string     `json:"format"`
	Version    int        `json:"version"`
	Target     string     `json:"target"`
	Encoding   Encoding   `json:"encoding"`
	NumFeature int        `json:"num_feature"`
	NumTrain   int        `json:"num_train"`
	Source     string     `json:"source,omitempty"`
	Params     gbt.Params `json:"params"`
	Base       float64    `json:"base"`
	Trees      []fileTree `json:"trees"`
}

type fileTree struct {
	Left        []int32   `json:"left"`
	Right       []int32   `json:"right"`
	Feature     []uint32  `json:"feature"`
	Value       []float64 `json:"value"`
	DefaultLeft []bool    `json:"default_left"`
}

// WriteTo writes the model as versioned JSON.
func (m *Model) WriteTo(w io.Writer) (int64, error) {
	fm := fileModel{
		Format: ModelFormat, Version: ModelVersion, Target: "validation error (fraction)",
		Encoding: m.Encoding, NumFeature: m.forest.NumFeature(), NumTrain: m.NumTrain,
		Source: m.Source, Params: m.Params, Base: float64(m.forest.Base()),
	}
	for _, t := range m.forest.Trees() {
		ft := fileTree{Left: t.Left, Right: t.Right, Feature: t.Feature, DefaultLeft: t.DefaultLeft,
			Value: make([]float64, len(t.Value))}
		for i, v := range t.Value {
			ft.Value[i] = float64(v)
		}
		fm.Trees = append(fm.Trees, ft)
	}
	b, err := json.Marshal(fm)
	if err != nil {
		return 0, err
	}
	n, err := w.Write(append(b, '\n'))
	return int64(n), err
}

// Save writes the model to path atomically.
func (m *Model) Save(path string) error {
	return atomicfile.Write(path, func(w io.Writer) error {
		_, err := m.WriteTo(w)
		return err
	})
}

// ErrNotModel is returned (wrapped) by ReadModel for a file that is not a
// nasred surrogate model.
var ErrNotModel = errors.New("not a nasred surrogate model file")

// MaxModelBytes bounds a nasred model file, decoded as a stream: 256 MiB
// (a model of 2,000 trees of depth 8 has about 30 MB);
// NASRED_MAX_INPUT_BYTES replaces it.
const MaxModelBytes = 256 << 20

func modelLimit(what string) input.Limit { return input.Limit{What: what, Bytes: MaxModelBytes} }

// ReadModel reads a model file written by Save (at most MaxModelBytes).
// dataDir is the benchmark data folder, needed only for the ConfigSpace
// encoding.
func ReadModel(path, dataDir string) (*Model, error) {
	f, err := input.Open(context.Background(), path, modelLimit("a nasred surrogate model file"))
	if err != nil {
		return nil, fmt.Errorf("read surrogate model: %w", err)
	}
	defer f.Close()
	m, err := decodeModel(f, dataDir)
	if err != nil {
		return nil, fmt.Errorf("read surrogate model %s: %w", path, err)
	}
	return m, nil
}

// isModelFile reports whether head, the start of a file, is the start of
// a model file as Save writes it: a JSON object whose first member is
// "format": ModelFormat.
func isModelFile(head []byte) bool {
	d := json.NewDecoder(bytes.NewReader(head))
	if tok, err := d.Token(); err != nil || tok != json.Delim('{') {
		return false
	}
	if tok, err := d.Token(); err != nil || tok != "format" {
		return false
	}
	tok, err := d.Token()
	return err == nil && tok == ModelFormat
}

func parseModel(b []byte, dataDir string) (*Model, error) {
	return decodeModel(bytes.NewReader(b), dataDir)
}

func decodeModel(r io.Reader, dataDir string) (*Model, error) {
	var fm fileModel
	d := json.NewDecoder(r)
	if err := d.Decode(&fm); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotModel, err)
	}
	if fm.Format != ModelFormat {
		return nil, fmt.Errorf("%w: format %q, want %q", ErrNotModel, fm.Format, ModelFormat)
	}
	if fm.Version != ModelVersion {
		return nil, fmt.Errorf("model file version %d not supported (this nasred reads version %d)", fm.Version, ModelVersion)
	}
	if err := fm.Params.Validate(); err != nil {
		return nil, err
	}
	enc, err := NewEncoder(fm.Encoding, dataDir)
	if err != nil {
		return nil, err
	}
	if enc.NumFeatures() != fm.NumFeature {
		return nil, fmt.Errorf("num_feature %d, but encoding %s has %d features", fm.NumFeature, fm.Encoding, enc.NumFeatures())
	}
	if len(fm.Trees) == 0 {
		return nil, errors.New("model has no trees")
	}
	trees := make([]forest.Tree, len(fm.Trees))
	for i, t := range fm.Trees {
		trees[i] = forest.Tree{Left: t.Left, Right: t.Right, Feature: t.Feature, DefaultLeft: t.DefaultLeft,
			Value: make([]float32, len(t.Value))}
		for k, v := range t.Value {
			if math.Abs(v) > math.MaxFloat32 {
				return nil, fmt.Errorf("tree %d node %d: value %v out of float32 range", i, k, v)
			}
			trees[i].Value[k] = float32(v)
		}
	}
	if math.IsNaN(fm.Base) || math.Abs(fm.Base) > math.MaxFloat32 {
		return nil, fmt.Errorf("base %v out of range", fm.Base)
	}
	f, err := forest.New(fm.NumFeature, float32(fm.Base), trees)
	if err != nil {
		return nil, err
	}
	return newModel(enc, fm.Encoding, fm.Params, fm.NumTrain, fm.Source, f), nil
}
