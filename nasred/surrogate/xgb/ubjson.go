package xgb

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// maxDepth bounds the nesting of UBJSON containers so corrupt input cannot
// exhaust the stack.
const maxDepth = 64

// ubjReader decodes the subset of Universal Binary JSON that XGBoost writes
// (objects, arrays with optional $type/#count optimisation, strings, ints,
// float32/float64, booleans and null) into Go values: map[string]any, []any,
// string, int64, float32, float64, bool, nil and, for typed arrays,
// []float32, []float64, []int64 (for every integer type) and []byte.
type ubjReader struct {
	b   []byte
	pos int
}

func decodeUBJSON(b []byte) (any, error) {
	r := &ubjReader{b: b}
	v, err := r.value(0)
	if err != nil {
		return nil, fmt.Errorf("ubjson at byte %d: %w", r.pos, err)
	}
	return v, nil
}

var errTruncated = errors.New("unexpected end of data")

func (r *ubjReader) need(n int) ([]byte, error) {
	if n < 0 || r.pos+n > len(r.b) || r.pos+n < r.pos {
		return nil, errTruncated
	}
	s := r.b[r.pos : r.pos+n]
	r.pos += n
	return s, nil
}

func (r *ubjReader) marker() (byte, error) {
	for {
		s, err := r.need(1)
		if err != nil {
			return 0, err
		}
		if s[0] != 'N' { // no-op
			return s[0], nil
		}
	}
}

func (r *ubjReader) intOf(t byte) (int64, error) {
	switch t {
	case 'i':
		s, err := r.need(1)
		if err != nil {
			return 0, err
		}
		return int64(int8(s[0])), nil
	case 'U':
		s, err := r.need(1)
		if err != nil {
			return 0, err
		}
		return int64(s[0]), nil
	case 'I':
		s, err := r.need(2)
		if err != nil {
			return 0, err
		}
		return int64(int16(binary.BigEndian.Uint16(s))), nil
	case 'l':
		s, err := r.need(4)
		if err != nil {
			return 0, err
		}
		return int64(int32(binary.BigEndian.Uint32(s))), nil
	case 'L':
		s, err := r.need(8)
		if err != nil {
			return 0, err
		}
		return int64(binary.BigEndian.Uint64(s)), nil
	}
	return 0, fmt.Errorf("expected an integer type marker, got %q", t)
}

func (r *ubjReader) length() (int, error) {
	t, err := r.marker()
	if err != nil {
		return 0, err
	}
	n, err := r.intOf(t)
	if err != nil {
		return 0, err
	}
	if n < 0 || n > int64(len(r.b)) {
		return 0, fmt.Errorf("length %d out of range", n)
	}
	return int(n), nil
}

func (r *ubjReader) str() (string, error) {
	n, err := r.length()
	if err != nil {
		return "", err
	}
	s, err := r.need(n)
	if err != nil {
		return "", err
	}
	return string(s), nil
}

func (r *ubjReader) value(depth int) (any, error) {
	t, err := r.marker()
	if err != nil {
		return nil, err
	}
	return r.typed(t, depth)
}

func (r *ubjReader) typed(t byte, depth int) (any, error) {
	switch t {
	case 'Z':
		return nil, nil
	case 'T':
		return true, nil
	case 'F':
		return false, nil
	case 'i', 'U', 'I', 'l', 'L':
		return r.intOf(t)
	case 'd':
		s, err := r.need(4)
		if err != nil {
			return nil, err
		}
		return math.Float32frombits(binary.BigEndian.Uint32(s)), nil
	case 'D':
		s, err := r.need(8)
		if err != nil {
			return nil, err
		}
		return math.Float64frombits(binary.BigEndian.Uint64(s)), nil
	case 'C':
		s, err := r.need(1)
		if err != nil {
			return nil, err
		}
		return string(s), nil
	case 'S', 'H':
		return r.str()
	case '[':
		if depth >= maxDepth {
			return nil, errors.New("containers nested too deeply")
		}
		return r.array(depth + 1)
	case '{':
		if depth >= maxDepth {
			return nil, errors.New("containers nested too deeply")
		}
		return r.object(depth + 1)
	}
	return nil, fmt.Errorf("unknown type marker %q", t)
}

// header reads the optional $type and #count of a container.
func (r *ubjReader) header() (elem byte, count int, err error) {
	count = -1
	if r.pos < len(r.b) && r.b[r.pos] == '$' {
		r.pos++
		s, err := r.need(1)
		if err != nil {
			return 0, 0, err
		}
		elem = s[0]
		if r.pos >= len(r.b) || r.b[r.pos] != '#' {
			return 0, 0, errors.New("typed container without a count")
		}
	}
	if r.pos < len(r.b) && r.b[r.pos] == '#' {
		r.pos++
		if count, err = r.length(); err != nil {
			return 0, 0, err
		}
	}
	return elem, count, nil
}

func elemSize(t byte) int {
	switch t {
	case 'i', 'U', 'C':
		return 1
	case 'I':
		return 2
	case 'l', 'd':
		return 4
	case 'L', 'D':
		return 8
	}
	return 0
}

func (r *ubjReader) array(depth int) (any, error) {
	elem, count, err := r.header()
	if err != nil {
		return nil, err
	}
	if elem != 0 {
		if sz := elemSize(elem); sz > 0 {
			if count > (len(r.b)-r.pos)/sz {
				return nil, errTruncated
			}
			s, _ := r.need(count * sz)
			switch elem {
			case 'd':
				out := make([]float32, count)
				for i := range out {
					out[i] = math.Float32frombits(binary.BigEndian.Uint32(s[4*i:]))
				}
				return out, nil
			case 'D':
				out := make([]float64, count)
				for i := range out {
					out[i] = math.Float64frombits(binary.BigEndian.Uint64(s[8*i:]))
				}
				return out, nil
			case 'U', 'C':
				return append([]byte(nil), s...), nil
			default:
				out := make([]int64, count)
				sub := &ubjReader{b: s}
				for i := range out {
					out[i], _ = sub.intOf(elem)
				}
				return out, nil
			}
		}
		out := make([]any, 0, min(count, 1<<16))
		for i := 0; i < count; i++ {
			v, err := r.typed(elem, depth)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	}
	out := []any{}
	for i := 0; count < 0 || i < count; i++ {
		if count < 0 {
			if r.pos >= len(r.b) {
				return nil, errTruncated
			}
			if r.b[r.pos] == ']' {
				r.pos++
				break
			}
		}
		v, err := r.value(depth)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

func (r *ubjReader) object(depth int) (any, error) {
	elem, count, err := r.header()
	if err != nil {
		return nil, err
	}
	out := map[string]any{}
	for i := 0; count < 0 || i < count; i++ {
		if count < 0 {
			if r.pos >= len(r.b) {
				return nil, errTruncated
			}
			if r.b[r.pos] == '}' {
				r.pos++
				break
			}
		}
		k, err := r.str()
		if err != nil {
			return nil, err
		}
		var v any
		if elem != 0 {
			v, err = r.typed(elem, depth)
		} else {
			v, err = r.value(depth)
		}
		if err != nil {
			return nil, err
		}
		out[k] = v
	}
	return out, nil
}
