package pickle

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"math/big"

	"github.com/nlpodyssey/gopickle/pickle"
	"github.com/nlpodyssey/gopickle/types"
)

// Decode unpickles data with gopickle, resolving classes with FindClass
// and turning any panic of the decoder into an error. Call Check first on
// data from outside: Decode trusts the lengths in the opcodes.
func Decode(data []byte) (v any, err error) {
	defer func() {
		if p := recover(); p != nil {
			v, err = nil, fmt.Errorf("malformed pickle: %v", p)
		}
	}()
	u := pickle.NewUnpickler(bytes.NewReader(data))
	u.FindClass = FindClass
	v, err = u.Load()
	if err != nil {
		return nil, fmt.Errorf("malformed pickle: %w", err)
	}
	return v, nil
}

// FindClass resolves the classes a pickle references: numpy dtypes and
// scalars are decoded (a scalar becomes a Go float64, float32, int64 or
// *big.Int), bytes and bytearray (and _codecs.encode, protocol 2's way of
// writing bytes) become []byte, and anything else an opaque *Class.
func FindClass(module, name string) (any, error) {
	switch module + "." + name {
	case "numpy.dtype":
		return dtypeClass{}, nil
	case "numpy.core.multiarray.scalar", "numpy._core.multiarray.scalar":
		return scalarFunc{}, nil
	case "builtins.bytearray", "__builtin__.bytearray", "builtins.bytes", "__builtin__.bytes", "_codecs.encode":
		return bytesFunc{module: module, name: name}, nil
	}
	return &Class{Module: module, Name: name}, nil
}

// Class is a class or function a pickle references that this package
// does not interpret. Calling or instantiating it gives an *Object.
type Class struct{ Module, Name string }

// Call implements gopickle's types.Callable.
func (c *Class) Call(args ...any) (any, error) { return &Object{Class: c, Args: args}, nil }

// PyNew implements gopickle's types.PyNewable.
func (c *Class) PyNew(args ...any) (any, error) { return &Object{Class: c, Args: args}, nil }

// Object is an instance of a Class: the arguments it was made with and
// the state BUILD set (for plain objects, the dict of its attributes).
type Object struct {
	Class *Class
	Args  []any
	State any
}

// PySetState implements gopickle's types.PyStateSettable.
func (o *Object) PySetState(state any) error { o.State = state; return nil }

// Attrs returns the attribute dict of o: its state when that is a dict,
// or the first element of a (dict, slots) state tuple.
func (o *Object) Attrs() (*types.Dict, bool) {
	switch s := o.State.(type) {
	case *types.Dict:
		return s, true
	case *types.Tuple:
		if s.Len() == 2 {
			d, ok := s.Get(0).(*types.Dict)
			return d, ok
		}
	}
	return nil, false
}

// Bytes turns the ways a pickle can hold bytes into a []byte: bytes, a
// bytearray, or a protocol-2 latin-1 string.
func Bytes(v any) ([]byte, bool) {
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

// bytesFunc is bytes(x), bytearray(x) or _codecs.encode(x, 'latin1').
type bytesFunc struct{ module, name string }

func (f bytesFunc) Call(args ...any) (any, error) {
	if len(args) == 0 {
		return []byte{}, nil
	}
	b, ok := Bytes(args[0])
	if !ok {
		return nil, fmt.Errorf("%s.%s: unsupported argument %T", f.module, f.name, args[0])
	}
	return append([]byte(nil), b...), nil
}

type dtypeClass struct{}

// dtype is a numpy.dtype: its type code ('f8', 'i4', ...) and byte order
// ('<', '>', '|', '=').
type dtype struct {
	code  string
	order byte
}

func (dtypeClass) Call(args ...any) (any, error) {
	if len(args) == 0 {
		return nil, fmt.Errorf("numpy.dtype called without a type code")
	}
	code, ok := args[0].(string)
	if !ok {
		return nil, fmt.Errorf("numpy.dtype called with %s, want a type code", TypeName(args[0]))
	}
	return &dtype{code: code, order: '<'}, nil
}

func (d *dtype) PySetState(state any) error {
	if t, ok := state.(*types.Tuple); ok && t.Len() > 1 {
		if s, ok := t.Get(1).(string); ok && len(s) == 1 {
			d.order = s[0]
		}
	}
	return nil
}

type scalarFunc struct{}

// Call decodes numpy.core.multiarray.scalar(dtype, raw bytes) into a Go
// float64, float32 or int64 (a *big.Int for uint64 values above
// math.MaxInt64).
func (scalarFunc) Call(args ...any) (any, error) {
	if len(args) != 2 {
		return nil, fmt.Errorf("numpy scalar with %d arguments, want dtype and bytes", len(args))
	}
	dt, ok := args[0].(*dtype)
	if !ok {
		return nil, fmt.Errorf("numpy scalar with %s for a dtype", TypeName(args[0]))
	}
	raw, ok := args[1].([]byte)
	if !ok {
		return nil, fmt.Errorf("numpy scalar data is %s, want bytes", TypeName(args[1]))
	}
	var bo binary.ByteOrder = binary.LittleEndian
	if dt.order == '>' {
		bo = binary.BigEndian
	}
	size := map[string]int{"f8": 8, "f4": 4, "i8": 8, "i4": 4, "i2": 2, "i1": 1, "u8": 8, "u4": 4, "u2": 2, "u1": 1}[dt.code]
	if size == 0 {
		return nil, fmt.Errorf("numpy scalar of dtype %q not supported (want f8, f4 or an integer type)", dt.code)
	}
	if len(raw) != size {
		return nil, fmt.Errorf("numpy %s scalar with %d bytes, want %d", dt.code, len(raw), size)
	}
	switch dt.code {
	case "f8":
		return math.Float64frombits(bo.Uint64(raw)), nil
	case "f4":
		return math.Float32frombits(bo.Uint32(raw)), nil
	case "i8":
		return int64(bo.Uint64(raw)), nil
	case "i4":
		return int64(int32(bo.Uint32(raw))), nil
	case "i2":
		return int64(int16(bo.Uint16(raw))), nil
	case "i1":
		return int64(int8(raw[0])), nil
	case "u8":
		u := bo.Uint64(raw)
		if u > math.MaxInt64 {
			return new(big.Int).SetUint64(u), nil
		}
		return int64(u), nil
	case "u4":
		return int64(bo.Uint32(raw)), nil
	case "u2":
		return int64(bo.Uint16(raw)), nil
	default: // u1
		return int64(raw[0]), nil
	}
}
