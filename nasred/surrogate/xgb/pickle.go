package xgb

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/nlpodyssey/gopickle/pickle"
	"github.com/nlpodyssey/gopickle/types"
)

// pyObject is any Python object the unpickler builds from a class it does
// not otherwise know; BUILD stores its state dict here.
type pyObject struct {
	module, name string
	dict         map[string]any
}

func (o *pyObject) PyDictSet(k, v any) error {
	if s, ok := k.(string); ok {
		o.dict[s] = v
	}
	return nil
}

func (o *pyObject) PySetState(state any) error {
	if d, ok := state.(*types.Dict); ok {
		for _, e := range *d {
			o.PyDictSet(e.Key, e.Value)
		}
		return nil
	}
	if t, ok := state.(*types.Tuple); ok && t.Len() == 2 {
		return o.PySetState(t.Get(0))
	}
	return nil
}

// pyClass is a class that the unpickler instantiates as a pyObject.
type pyClass struct{ module, name string }

func (c *pyClass) PyNew(args ...any) (any, error) {
	return &pyObject{module: c.module, name: c.name, dict: map[string]any{}}, nil
}

func (c *pyClass) Call(args ...any) (any, error) { return c.PyNew(args...) }

// callable adapts a Go function to a Python callable.
type callable func(args ...any) (any, error)

func (f callable) Call(args ...any) (any, error) { return f(args...) }

// toBytes turns the ways a pickle can hold bytes into a []byte.
func toBytes(v any) ([]byte, bool) {
	switch b := v.(type) {
	case []byte:
		return b, true
	case *types.ByteArray:
		return []byte(*b), true
	case types.ByteArray:
		return []byte(b), true
	case string: // protocol 2: bytearray(latin1 string, "latin-1")
		out := make([]byte, 0, len(b))
		for _, r := range b {
			if r > 255 {
				return nil, false
			}
			out = append(out, byte(r))
		}
		return out, true
	}
	return nil, false
}

func findClass(module, name string) (any, error) {
	switch module + "." + name {
	case "builtins.bytearray", "__builtin__.bytearray", "builtins.bytes", "__builtin__.bytes", "_codecs.encode":
		return callable(func(args ...any) (any, error) {
			if len(args) == 0 {
				return []byte{}, nil
			}
			b, ok := toBytes(args[0])
			if !ok {
				return nil, fmt.Errorf("%s.%s: unsupported argument %T", module, name, args[0])
			}
			return append([]byte(nil), b...), nil
		}), nil
	}
	return &pyClass{module: module, name: name}, nil
}

// unpickleBooster decodes a pickled xgb.Booster and returns the model bytes
// it holds in its "handle" attribute, and its other string or number
// attributes (best_iteration, ...), formatted as text.
func unpickleBooster(b []byte) ([]byte, map[string]string, error) {
	if err := scanPickle(b); err != nil {
		return nil, nil, err
	}
	u := pickle.NewUnpickler(bytes.NewReader(b))
	u.FindClass = findClass
	v, err := safeLoad(&u)
	if err != nil {
		return nil, nil, fmt.Errorf("pickle: %w", err)
	}
	obj, ok := v.(*pyObject)
	if !ok {
		if raw, ok := toBytes(v); ok && len(raw) > 0 {
			return raw, map[string]string{}, nil
		}
		return nil, nil, fmt.Errorf("pickle holds %T, expected an xgboost.core.Booster", v)
	}
	if obj.module != "xgboost.core" || obj.name != "Booster" {
		return nil, nil, fmt.Errorf("pickle holds a %s.%s, expected an xgboost.core.Booster", obj.module, obj.name)
	}
	h, ok := obj.dict["handle"]
	if !ok || h == nil {
		return nil, nil, errors.New("pickled Booster has no model (handle is missing or None)")
	}
	raw, ok := toBytes(h)
	if !ok {
		return nil, nil, fmt.Errorf("pickled Booster handle is a %T, expected bytes", h)
	}
	attrs := map[string]string{}
	for k, v := range obj.dict {
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

// safeLoad runs the unpickler, turning a panic on malformed input into an
// error.
func safeLoad(u *pickle.Unpickler) (v any, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("malformed pickle: %v", r)
		}
	}()
	return u.Load()
}
