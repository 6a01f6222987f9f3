package xgb

import (
	"errors"
	"fmt"

	"github.com/nasred/nasred/internal/pickle"
)

// unpickleBooster decodes a pickled xgb.Booster and returns the model bytes
// it holds in its "handle" attribute, and its other string or number
// attributes (best_iteration, ...), formatted as text.
func unpickleBooster(b []byte) ([]byte, map[string]string, error) {
	if err := pickle.Check(b); err != nil {
		return nil, nil, fmt.Errorf("pickle: %w", err)
	}
	v, err := pickle.Decode(b)
	if err != nil {
		return nil, nil, fmt.Errorf("pickle: %w", err)
	}
	obj, ok := v.(*pickle.Object)
	if !ok {
		if raw, ok := pickle.Bytes(v); ok && len(raw) > 0 {
			return raw, map[string]string{}, nil
		}
		return nil, nil, fmt.Errorf("pickle holds %T, expected an xgboost.core.Booster", v)
	}
	if obj.Class.Module != "xgboost.core" || obj.Class.Name != "Booster" {
		return nil, nil, fmt.Errorf("pickle holds a %s.%s, expected an xgboost.core.Booster", obj.Class.Module, obj.Class.Name)
	}
	dict := map[string]any{}
	if d, ok := obj.Attrs(); ok {
		for _, e := range *d {
			if s, ok := e.Key.(string); ok {
				dict[s] = e.Value
			}
		}
	}
	h, ok := dict["handle"]
	if !ok || h == nil {
		return nil, nil, errors.New("pickled Booster has no model (handle is missing or None)")
	}
	raw, ok := pickle.Bytes(h)
	if !ok {
		return nil, nil, fmt.Errorf("pickled Booster handle is a %T, expected bytes", h)
	}
	attrs := map[string]string{}
	for k, v := range dict {
		switch x := v.(type) {
		case string:
			attrs[k] = x
		case int, int64, float64, bool:
			attrs[k] = fmt.Sprint(x)
		}
	}
	delete(attrs, "handle")
	return raw, attrs, nil
}
