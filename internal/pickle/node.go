package pickle

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"

	"github.com/nasred/nasred/internal/numpysum"
	"github.com/nlpodyssey/gopickle/types"
)

// Node is a value decoded from a pickle and the path that leads to it
// (for error messages), e.g. ['200']['all_results'][('cifar10', 777)].
type Node struct {
	V    any
	Path string
}

// Where names n in error messages.
func (n Node) Where() string {
	if n.Path == "" {
		return "the pickled object"
	}
	return n.Path
}

// Entries returns the key/value pairs of a dict, an OrderedDict, or an
// object's attribute dict, in order (a later duplicate key wins when
// looking up, as in Python).
func (n Node) Entries() ([]types.DictEntry, error) {
	switch m := n.V.(type) {
	case *types.Dict:
		return *m, nil
	case *types.OrderedDict:
		out := make([]types.DictEntry, 0, m.Len())
		for e := m.List.Front(); e != nil; e = e.Next() {
			if oe, ok := e.Value.(*types.OrderedDictEntry); ok {
				out = append(out, types.DictEntry{Key: oe.Key, Value: oe.Value})
			}
		}
		return out, nil
	case *Object:
		if d, ok := m.Attrs(); ok {
			return *d, nil
		}
	}
	return nil, fmt.Errorf("%s is %s, want a dict", n.Where(), TypeName(n.V))
}

// Lookup returns the value of the last key for which match is true; desc
// names the key in the path and in errors.
func (n Node) Lookup(desc string, match func(k any) bool) (Node, error) {
	es, err := n.Entries()
	if err != nil {
		return Node{}, err
	}
	for i := len(es) - 1; i >= 0; i-- {
		if match(es[i].Key) {
			return Node{V: es[i].Value, Path: n.Path + "[" + desc + "]"}, nil
		}
	}
	var keys []string
	for i, e := range es {
		if i == 6 {
			keys = append(keys, fmt.Sprintf("... (%d keys)", len(es)))
			break
		}
		keys = append(keys, Repr(e.Key))
	}
	return Node{}, fmt.Errorf("%s has no key %s (keys: %s)", n.Where(), desc, strings.Join(keys, ", "))
}

// Key looks up the str key k.
func (n Node) Key(k string) (Node, error) {
	return n.Lookup(Repr(k), func(x any) bool { s, ok := x.(string); return ok && s == k })
}

// TupleKey looks up the key (s, i).
func (n Node) TupleKey(s string, i int) (Node, error) {
	return n.Lookup("("+Repr(s)+", "+strconv.Itoa(i)+")", func(x any) bool {
		t, ok := x.(*types.Tuple)
		if !ok || t.Len() != 2 {
			return false
		}
		ts, ok := t.Get(0).(string)
		if !ok || ts != s {
			return false
		}
		ti, err := (Node{V: t.Get(1)}).Int()
		return err == nil && ti == i
	})
}

// List returns the items of a list or tuple.
func (n Node) List() ([]Node, error) {
	var items []any
	switch l := n.V.(type) {
	case *types.List:
		items = *l
	case *types.Tuple:
		items = *l
	default:
		return nil, fmt.Errorf("%s is %s, want a list", n.Where(), TypeName(n.V))
	}
	out := make([]Node, len(items))
	for i, v := range items {
		out[i] = Node{V: v, Path: fmt.Sprintf("%s[%d]", n.Path, i)}
	}
	return out, nil
}

// Str returns a str.
func (n Node) Str() (string, error) {
	if s, ok := n.V.(string); ok {
		return s, nil
	}
	return "", fmt.Errorf("%s is %s, want a str", n.Where(), TypeName(n.V))
}

// Int returns an int (Python or numpy) that fits in a Go int.
func (n Node) Int() (int, error) {
	switch x := n.V.(type) {
	case int:
		return x, nil
	case int64:
		if int64(int(x)) == x {
			return int(x), nil
		}
	case *big.Int:
		if x.IsInt64() && int64(int(x.Int64())) == x.Int64() {
			return int(x.Int64()), nil
		}
	}
	return 0, fmt.Errorf("%s is %s, want an int", n.Where(), TypeName(n.V))
}

// Number returns a Python float or int, or a numpy scalar.
func (n Node) Number() (Number, error) {
	switch x := n.V.(type) {
	case float64:
		return Number{F: x}, nil
	case float32:
		return Number{F: float64(x), F32: true}, nil
	case int:
		return Number{F: float64(x)}, nil
	case int64:
		return Number{F: float64(x)}, nil
	}
	return Number{}, fmt.Errorf("%s is %s, want a number", n.Where(), TypeName(n.V))
}

// Number is a number read from a pickle: a Python float or int, or a
// numpy float64 / float32 / integer scalar.
type Number struct {
	F   float64
	F32 bool // a numpy float32: np.mean of float32s sums in float32
}

// Mean returns np.mean(vals) for a list of Python / numpy numbers: the
// array is float32 when every value is a numpy float32 and float64
// otherwise, and the sum follows numpy's pairwise summation (sequential for
// fewer than 8 values).
func Mean(vals []Number) float64 {
	all32 := true
	for _, v := range vals {
		all32 = all32 && v.F32
	}
	if all32 {
		a := make([]float32, len(vals))
		for i, v := range vals {
			a[i] = float32(v.F)
		}
		return float64(numpysum.Sum(a) / float32(len(a)))
	}
	a := make([]float64, len(vals))
	for i, v := range vals {
		a[i] = v.F
	}
	return numpysum.Sum(a) / float64(len(a))
}

// TypeName names the Python type of a decoded value.
func TypeName(v any) string {
	switch x := v.(type) {
	case nil:
		return "None"
	case bool:
		return "a bool"
	case int, int64, *big.Int:
		return "an int"
	case float64:
		return "a float"
	case float32:
		return "a numpy float32"
	case string:
		return "a str " + Repr(x)
	case []byte:
		return "bytes"
	case *types.Dict:
		return "a dict"
	case *types.OrderedDict:
		return "an OrderedDict"
	case *types.List:
		return "a list"
	case *types.Tuple:
		return "a tuple"
	case *types.Set:
		return "a set"
	case *types.FrozenSet:
		return "a frozenset"
	case *Object:
		return "a " + x.Class.Module + "." + x.Class.Name + " object"
	case *Class:
		return "the class " + x.Module + "." + x.Name
	case *dtype:
		return "a numpy dtype"
	}
	return fmt.Sprintf("%T", v)
}

// Repr renders a dict key for error messages.
func Repr(v any) string {
	switch x := v.(type) {
	case string:
		if len(x) > 40 {
			x = x[:40] + "..."
		}
		return "'" + x + "'"
	case int:
		return strconv.Itoa(x)
	case *types.Tuple:
		parts := make([]string, x.Len())
		for i := range parts {
			parts[i] = Repr(x.Get(i))
		}
		return "(" + strings.Join(parts, ", ") + ")"
	}
	return TypeName(v)
}
