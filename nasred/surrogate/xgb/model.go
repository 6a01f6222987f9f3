package xgb

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/nasred/nasred/internal/input"
	"github.com/nasred/nasred/nasred/surrogate/forest"
)

// Format names the on-disk variant a model was read from.
type Format string

// The model variants Parse recognises. A pickled Booster is reported as
// "pickle/" followed by the variant of the bytes it holds.
const (
	FormatJSON         Format = "json"          // save_model("m.json"), XGBoost >= 1.0
	FormatUBJSON       Format = "ubjson"        // save_model("m.ubj"), pickles of >= 1.6
	FormatBinary       Format = "binary"        // legacy binary, optionally starting "binf"
	FormatConfigOffset Format = "config-offset" // pickles of XGBoost 1.0-1.3
)

// Model is one XGBoost gradient-boosted tree model, flattened for fast
// prediction. Its predictions are the raw sums (identity link), which is
// what XGBoost returns for the regression objectives it accepts.
type Model struct {
	*forest.Forest
	// Format is the variant the model was read from.
	Format Format
	// Version is the XGBoost version that wrote the model when the file
	// records it (JSON and config-offset variants, legacy binaries of
	// >= 1.0), else zeros.
	Version [3]int
	// Objective is the learning objective, e.g. "reg:squarederror".
	Objective string
	// Attributes are the booster's string attributes (best_iteration, ...).
	Attributes map[string]string
}

// identityObjectives are the objectives whose prediction is the raw margin.
var identityObjectives = map[string]bool{
	"reg:squarederror":     true,
	"reg:linear":           true,
	"reg:squaredlogerror":  true,
	"reg:pseudohubererror": true,
	"reg:absoluteerror":    true,
}

// MaxModelBytes bounds an XGBoost model file, which is decoded whole: 1 GiB
// (official NB301 members are far smaller); NASRED_MAX_INPUT_BYTES
// replaces it.
const MaxModelBytes = 1 << 30

// ModelLimit is the size limit of an XGBoost model file; what says which
// input it is (for example "an XGBoost model file (--surrogate)").
func ModelLimit(what string) input.Limit {
	return input.Limit{What: what, Bytes: MaxModelBytes}
}

// ReadFile reads an XGBoost model file in any variant Parse accepts (at
// most MaxModelBytes).
func ReadFile(path string) (*Model, error) {
	return ReadFileContext(context.Background(), path)
}

// ReadFileContext is ReadFile where a cancelled ctx ends a wait for a
// FIFO's writer.
func ReadFileContext(ctx context.Context, path string) (*Model, error) {
	b, err := input.ReadFile(ctx, path, ModelLimit("an XGBoost model file"))
	if err != nil {
		return nil, fmt.Errorf("read xgboost model: %w", err)
	}
	m, err := Parse(b)
	if err != nil {
		return nil, fmt.Errorf("read xgboost model %s: %w", path, err)
	}
	return m, nil
}

// Parse decodes an XGBoost model from bytes, detecting the variant: a
// Python pickle of an xgb.Booster (as nasbench301 saves its models), JSON,
// UBJSON, the XGBoost 1.0-1.3 "CONFIG-offset:" serialisation, or a legacy
// binary model with or without the "binf" magic.
func Parse(b []byte) (*Model, error) {
	if len(b) >= 2 && b[0] == 0x80 && b[1] >= 2 && b[1] <= 5 {
		payload, attrs, err := unpickleBooster(b)
		if err != nil {
			return nil, err
		}
		m, err := parseRaw(payload)
		if err != nil {
			return nil, fmt.Errorf("pickled booster: %w", err)
		}
		m.Format = "pickle/" + m.Format
		for k, v := range attrs {
			if _, ok := m.Attributes[k]; !ok {
				m.Attributes[k] = v
			}
		}
		return m, nil
	}
	return parseRaw(b)
}

// parseRaw decodes the bytes XGBoost itself writes (no pickle wrapper).
func parseRaw(b []byte) (*Model, error) {
	switch {
	case len(b) == 0:
		return nil, errors.New("empty model")
	case bytes.HasPrefix(b, []byte("CONFIG-offset:")):
		return parseConfigOffset(b)
	case bytes.HasPrefix(b, []byte("binf")):
		m, err := parseBinary(b[4:])
		if err != nil {
			return nil, fmt.Errorf("legacy binary model: %w", err)
		}
		return m, nil
	case b[0] == '{' && len(b) > 1 && bytes.IndexByte([]byte("iUIlL$#}"), b[1]) >= 0:
		v, err := decodeUBJSON(b)
		if err != nil {
			return nil, err
		}
		return fromDocument(v, FormatUBJSON)
	case firstNonSpace(b) == '{':
		d := json.NewDecoder(bytes.NewReader(b))
		d.UseNumber()
		var v any
		if err := d.Decode(&v); err != nil {
			return nil, fmt.Errorf("json model: %w", err)
		}
		return fromDocument(v, FormatJSON)
	}
	m, err := parseBinary(b)
	if err != nil {
		return nil, fmt.Errorf("not a JSON, UBJSON, pickle or config-offset model; as a legacy binary model: %w", err)
	}
	return m, nil
}

func firstNonSpace(b []byte) byte {
	for _, c := range b {
		if c != ' ' && c != '\n' && c != '\r' && c != '\t' {
			return c
		}
	}
	return 0
}

// parseConfigOffset reads "CONFIG-offset:" + int64 n + n bytes of legacy
// binary model + a JSON configuration.
func parseConfigOffset(b []byte) (*Model, error) {
	const hl = len("CONFIG-offset:")
	if len(b) < hl+8 {
		return nil, errors.New("config-offset model: truncated header")
	}
	off := int64(binary.LittleEndian.Uint64(b[hl:]))
	rest := b[hl+8:]
	if off <= 0 || off > int64(len(rest)) {
		return nil, fmt.Errorf("config-offset model: binary length %d exceeds the %d bytes present", off, len(rest))
	}
	bin := rest[:off]
	if bytes.HasPrefix(bin, []byte("binf")) {
		bin = bin[4:]
	}
	m, err := parseBinary(bin)
	if err != nil {
		return nil, fmt.Errorf("config-offset model: legacy binary part: %w", err)
	}
	m.Format = FormatConfigOffset
	if cfg := rest[off:]; len(bytes.TrimSpace(cfg)) > 0 {
		var c struct {
			Version []int `json:"version"`
		}
		if err := json.Unmarshal(cfg, &c); err != nil {
			return nil, fmt.Errorf("config-offset model: JSON configuration: %w", err)
		}
		copy(m.Version[:], c.Version)
	}
	return m, nil
}

// ---- JSON / UBJSON documents ----

func get(v any, path ...string) (any, error) {
	cur := v
	for i, k := range path {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%s is not an object", strings.Join(path[:i], "."))
		}
		if cur, ok = m[k]; !ok {
			return nil, fmt.Errorf("missing field %s", strings.Join(path[:i+1], "."))
		}
	}
	return cur, nil
}

func fromDocument(doc any, format Format) (*Model, error) {
	m, err := fromDoc(doc, format)
	if err != nil {
		return nil, fmt.Errorf("%s model: %w", format, err)
	}
	return m, nil
}

func fromDoc(doc any, format Format) (*Model, error) {
	// A pickle snapshot is {"Config": ..., "Model": {learner...}}.
	if mdl, err := get(doc, "Model"); err == nil {
		doc = mdl
	}
	learner, err := get(doc, "learner")
	if err != nil {
		return nil, err
	}
	m := &Model{Format: format, Attributes: map[string]string{}}
	if ver, err := get(doc, "version"); err == nil {
		vs, err := int64s(ver)
		if err != nil {
			return nil, fmt.Errorf("version: %w", err)
		}
		for i := 0; i < len(vs) && i < 3; i++ {
			m.Version[i] = int(vs[i])
		}
	}
	if attrs, err := get(learner, "attributes"); err == nil {
		if am, ok := attrs.(map[string]any); ok {
			for k, v := range am {
				if s, ok := v.(string); ok {
					m.Attributes[k] = s
				}
			}
		}
	}
	obj, err := get(learner, "objective", "name")
	if err != nil {
		return nil, err
	}
	m.Objective, _ = obj.(string)
	if !identityObjectives[m.Objective] {
		return nil, fmt.Errorf("objective %q not supported (only identity-link regression objectives such as reg:squarederror)", m.Objective)
	}
	bs, err := get(learner, "learner_model_param", "base_score")
	if err != nil {
		return nil, err
	}
	base, err := float32Of(bs)
	if err != nil {
		return nil, fmt.Errorf("base_score: %w", err)
	}
	nf, err := get(learner, "learner_model_param", "num_feature")
	if err != nil {
		return nil, err
	}
	numFeature, err := intOf(nf)
	if err != nil {
		return nil, fmt.Errorf("num_feature: %w", err)
	}
	if nc, err := get(learner, "learner_model_param", "num_class"); err == nil {
		if k, err := intOf(nc); err != nil || k > 1 {
			return nil, fmt.Errorf("num_class %v: only single-output models are supported", nc)
		}
	}
	name, err := get(learner, "gradient_booster", "name")
	if err != nil {
		return nil, err
	}
	if name != "gbtree" {
		return nil, fmt.Errorf("booster %v not supported (only gbtree)", name)
	}
	trees, err := get(learner, "gradient_booster", "model", "trees")
	if err != nil {
		return nil, err
	}
	tl, ok := trees.([]any)
	if !ok {
		return nil, errors.New("learner.gradient_booster.model.trees is not an array")
	}
	if ti, err := get(learner, "gradient_booster", "model", "tree_info"); err == nil {
		info, err := int64s(ti)
		if err != nil {
			return nil, fmt.Errorf("tree_info: %w", err)
		}
		if len(info) != len(tl) {
			return nil, fmt.Errorf("tree_info has %d entries for %d trees", len(info), len(tl))
		}
		for i, g := range info {
			if g != 0 {
				return nil, fmt.Errorf("tree %d belongs to output group %d: only single-output models are supported", i, g)
			}
		}
	}
	ft := make([]forest.Tree, len(tl))
	for i, t := range tl {
		if ft[i], err = treeOf(t); err != nil {
			return nil, fmt.Errorf("tree %d: %w", i, err)
		}
	}
	if m.Forest, err = forest.New(numFeature, base, ft); err != nil {
		return nil, err
	}
	return m, nil
}

func treeOf(t any) (forest.Tree, error) {
	var out forest.Tree
	field := func(k string) (any, error) { return get(t, k) }
	lc, err := field("left_children")
	if err != nil {
		return out, err
	}
	rc, err := field("right_children")
	if err != nil {
		return out, err
	}
	si, err := field("split_indices")
	if err != nil {
		return out, err
	}
	sc, err := field("split_conditions")
	if err != nil {
		return out, err
	}
	dl, err := field("default_left")
	if err != nil {
		return out, err
	}
	left, err := int64s(lc)
	if err != nil {
		return out, fmt.Errorf("left_children: %w", err)
	}
	right, err := int64s(rc)
	if err != nil {
		return out, fmt.Errorf("right_children: %w", err)
	}
	feat, err := int64s(si)
	if err != nil {
		return out, fmt.Errorf("split_indices: %w", err)
	}
	out.Value, err = float32s(sc)
	if err != nil {
		return out, fmt.Errorf("split_conditions: %w", err)
	}
	dls, err := int64s(dl)
	if err != nil {
		return out, fmt.Errorf("default_left: %w", err)
	}
	if st, err := field("split_type"); err == nil {
		types, err := int64s(st)
		if err != nil {
			return out, fmt.Errorf("split_type: %w", err)
		}
		for i, ty := range types {
			if ty != 0 && i < len(left) && left[i] != -1 {
				return out, fmt.Errorf("node %d: categorical splits are not supported", i)
			}
		}
	}
	n := len(left)
	if len(right) != n || len(feat) != n || len(out.Value) != n || len(dls) != n {
		return out, fmt.Errorf("node arrays differ in length (left %d, right %d, split_indices %d, split_conditions %d, default_left %d)",
			n, len(right), len(feat), len(out.Value), len(dls))
	}
	out.Left = make([]int32, n)
	out.Right = make([]int32, n)
	out.Feature = make([]uint32, n)
	out.DefaultLeft = make([]bool, n)
	for i := 0; i < n; i++ {
		if left[i] < -1 || left[i] > int64(n) || right[i] < -1 || right[i] > int64(n) {
			return out, fmt.Errorf("node %d: child index out of range", i)
		}
		if feat[i] < 0 || feat[i] >= 1<<31 {
			return out, fmt.Errorf("node %d: split index %d out of range", i, feat[i])
		}
		out.Left[i], out.Right[i] = int32(left[i]), int32(right[i])
		out.Feature[i] = uint32(feat[i])
		out.DefaultLeft[i] = dls[i] != 0
	}
	return out, nil
}

// int64s converts a JSON or UBJSON array of integers (or booleans).
func int64s(v any) ([]int64, error) {
	switch a := v.(type) {
	case []int64:
		return a, nil
	case []byte:
		out := make([]int64, len(a))
		for i, x := range a {
			out[i] = int64(x)
		}
		return out, nil
	case []any:
		out := make([]int64, len(a))
		for i, x := range a {
			switch y := x.(type) {
			case bool:
				if y {
					out[i] = 1
				}
			default:
				k, err := intOf(x)
				if err != nil {
					return nil, fmt.Errorf("element %d: %w", i, err)
				}
				out[i] = int64(k)
			}
		}
		return out, nil
	}
	return nil, fmt.Errorf("expected an array of integers, got %T", v)
}

func float32s(v any) ([]float32, error) {
	switch a := v.(type) {
	case []float32:
		return a, nil
	case []any:
		out := make([]float32, len(a))
		for i, x := range a {
			f, err := float32Of(x)
			if err != nil {
				return nil, fmt.Errorf("element %d: %w", i, err)
			}
			out[i] = f
		}
		return out, nil
	}
	return nil, fmt.Errorf("expected an array of numbers, got %T", v)
}

// float32Of converts a number (or a number in a string, as XGBoost writes
// base_score) to float32, parsing decimal text directly to float32 so the
// value is exact.
func float32Of(v any) (float32, error) {
	switch x := v.(type) {
	case float32:
		return x, nil
	case float64:
		return float32(x), nil
	case int64:
		return float32(x), nil
	case json.Number:
		f, err := strconv.ParseFloat(string(x), 32)
		return float32(f), err
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(x), 32)
		return float32(f), err
	}
	return 0, fmt.Errorf("expected a number, got %T", v)
}

func intOf(v any) (int, error) {
	var s string
	switch x := v.(type) {
	case int64:
		if x < -1<<31 || x > 1<<31-1 {
			return 0, fmt.Errorf("integer %d out of range", x)
		}
		return int(x), nil
	case json.Number:
		s = string(x)
	case string:
		s = x
	case float32:
		if float32(int32(x)) == x {
			return int(x), nil
		}
		return 0, fmt.Errorf("%v is not an integer", x)
	default:
		return 0, fmt.Errorf("expected an integer, got %T", v)
	}
	k, err := strconv.ParseInt(strings.TrimSpace(s), 10, 32)
	if err != nil {
		return 0, fmt.Errorf("expected an integer, got %q", s)
	}
	return int(k), nil
}

// Predict predicts every row of X (row-major float32, NumFeature columns).
// Missing values are NaN.
func (m *Model) Predict(ctx context.Context, X []float32, dst []float32) error {
	return m.Forest.Predict(ctx, X, dst)
}
