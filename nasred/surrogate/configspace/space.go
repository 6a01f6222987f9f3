package configspace

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"

	"github.com/nasred/nasred/internal/input"
)

// Kind is the type of a hyperparameter.
type Kind string

// The hyperparameter types of ConfigSpace's JSON format that NB301 uses.
const (
	Categorical  Kind = "categorical"
	Constant     Kind = "constant"
	UniformInt   Kind = "uniform_int"
	UniformFloat Kind = "uniform_float"
	NormalFloat  Kind = "normal_float"
)

// Hyperparameter is one entry of a Space.
type Hyperparameter struct {
	Name         string
	Kind         Kind
	Log          bool
	Lower, Upper float64  // uniform_int, uniform_float
	Mu, Sigma    float64  // normal_float
	Choices      []string // categorical, as text ("True", "sgd", ...)
	Value        string   // constant
	// Parent and Values give the hyperparameter's condition: it is active
	// iff the parent is active and its value is in Values. Parent is ""
	// for an unconditional hyperparameter.
	Parent string
	Values []string
	level  int
}

// Space is an ordered list of hyperparameters with their conditions.
type Space struct {
	params []Hyperparameter
	index  map[string]int
}

type jsonSpace struct {
	Hyperparameters []struct {
		Name    string            `json:"name"`
		Type    string            `json:"type"`
		Log     bool              `json:"log"`
		Lower   *float64          `json:"lower"`
		Upper   *float64          `json:"upper"`
		Mu      *float64          `json:"mu"`
		Sigma   *float64          `json:"sigma"`
		Q       *float64          `json:"q"`
		Choices []json.RawMessage `json:"choices"`
		Value   json.RawMessage   `json:"value"`
	} `json:"hyperparameters"`
	Conditions []struct {
		Child  string            `json:"child"`
		Parent string            `json:"parent"`
		Type   string            `json:"type"`
		Value  json.RawMessage   `json:"value"`
		Values []json.RawMessage `json:"values"`
	} `json:"conditions"`
}

// text renders a JSON scalar the way configuration values are written:
// strings unquoted, booleans as Python's True/False, numbers as given.
func text(raw json.RawMessage) (string, error) {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return "", err
	}
	switch x := v.(type) {
	case string:
		return x, nil
	case bool:
		if x {
			return "True", nil
		}
		return "False", nil
	case float64:
		return string(raw), nil
	}
	return "", fmt.Errorf("unsupported value %s", raw)
}

// MaxFileBytes bounds a ConfigSpace JSON file: 16 MiB, where NB301's
// has 20 KB; NASRED_MAX_INPUT_BYTES replaces it.
const MaxFileBytes = 16 << 20

// Read reads a ConfigSpace JSON file (at most MaxFileBytes).
func Read(path string) (*Space, error) {
	b, err := input.ReadFile(context.Background(), path, input.Limit{What: "a ConfigSpace JSON file", Bytes: MaxFileBytes})
	if err != nil {
		return nil, fmt.Errorf("read configspace: %w", err)
	}
	s, err := Parse(b)
	if err != nil {
		return nil, fmt.Errorf("read configspace %s: %w", path, err)
	}
	return s, nil
}

// Parse decodes a ConfigSpace JSON document (json_format_version 0.1, as
// written by ConfigSpace 0.4). Only the hyperparameter types listed as
// Kind constants, without quantisation, and "IN"/"EQ" conditions are
// supported; anything else is an error.
func Parse(b []byte) (*Space, error) {
	var js jsonSpace
	if err := json.Unmarshal(b, &js); err != nil {
		return nil, err
	}
	if len(js.Hyperparameters) == 0 {
		return nil, fmt.Errorf("no hyperparameters")
	}
	var params []Hyperparameter
	for _, h := range js.Hyperparameters {
		p := Hyperparameter{Name: h.Name, Kind: Kind(h.Type), Log: h.Log}
		if h.Q != nil {
			return nil, fmt.Errorf("hyperparameter %s: quantised hyperparameters are not supported", h.Name)
		}
		switch p.Kind {
		case Categorical:
			if len(h.Choices) == 0 {
				return nil, fmt.Errorf("hyperparameter %s: categorical without choices", h.Name)
			}
			for _, c := range h.Choices {
				t, err := text(c)
				if err != nil {
					return nil, fmt.Errorf("hyperparameter %s: choice: %w", h.Name, err)
				}
				p.Choices = append(p.Choices, t)
			}
		case Constant:
			t, err := text(h.Value)
			if err != nil {
				return nil, fmt.Errorf("hyperparameter %s: value: %w", h.Name, err)
			}
			p.Value = t
		case UniformInt, UniformFloat:
			if h.Lower == nil || h.Upper == nil || !(*h.Lower < *h.Upper) {
				return nil, fmt.Errorf("hyperparameter %s: needs lower < upper", h.Name)
			}
			p.Lower, p.Upper = *h.Lower, *h.Upper
			if p.Log && p.Lower <= 0 {
				return nil, fmt.Errorf("hyperparameter %s: log scale needs lower > 0", h.Name)
			}
		case NormalFloat:
			if h.Mu == nil || h.Sigma == nil {
				return nil, fmt.Errorf("hyperparameter %s: normal_float needs mu and sigma", h.Name)
			}
			p.Mu, p.Sigma = *h.Mu, *h.Sigma
		default:
			return nil, fmt.Errorf("hyperparameter %s: type %q not supported", h.Name, h.Type)
		}
		params = append(params, p)
	}
	s := &Space{params: params}
	s.reindex()
	if len(s.index) != len(params) {
		return nil, fmt.Errorf("duplicate hyperparameter names")
	}
	for _, c := range js.Conditions {
		ci, ok := s.index[c.Child]
		if !ok {
			return nil, fmt.Errorf("condition on unknown hyperparameter %q", c.Child)
		}
		if _, ok := s.index[c.Parent]; !ok {
			return nil, fmt.Errorf("condition of %s names unknown parent %q", c.Child, c.Parent)
		}
		if s.params[ci].Parent != "" {
			return nil, fmt.Errorf("hyperparameter %s has more than one condition (not supported)", c.Child)
		}
		var vals []json.RawMessage
		switch c.Type {
		case "IN":
			vals = c.Values
		case "EQ":
			vals = []json.RawMessage{c.Value}
		default:
			return nil, fmt.Errorf("condition of %s: type %q not supported", c.Child, c.Type)
		}
		p := &s.params[ci]
		p.Parent = c.Parent
		for _, v := range vals {
			t, err := text(v)
			if err != nil {
				return nil, fmt.Errorf("condition of %s: %w", c.Child, err)
			}
			p.Values = append(p.Values, t)
		}
	}
	if err := s.sort(); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *Space) reindex() {
	s.index = make(map[string]int, len(s.params))
	for i, p := range s.params {
		s.index[p.Name] = i
	}
}

// sort orders the hyperparameters like ConfigSpace 0.4: by depth in the
// condition graph, then by name.
func (s *Space) sort() error {
	for i := range s.params {
		depth := 0
		for p := s.params[i].Parent; p != ""; p = s.params[s.index[p]].Parent {
			depth++
			if depth > len(s.params) {
				return fmt.Errorf("conditions of %s form a cycle", s.params[i].Name)
			}
		}
		s.params[i].level = depth
	}
	sort.SliceStable(s.params, func(a, b int) bool {
		pa, pb := s.params[a], s.params[b]
		if pa.level != pb.level {
			return pa.level < pb.level
		}
		return pa.Name < pb.Name
	})
	s.reindex()
	return nil
}

// Replace substitutes the hyperparameter with h's name (keeping its
// condition) and re-sorts, like nasbench301's overrides of the loaded
// space. It returns an error when no such hyperparameter exists.
func (s *Space) Replace(h Hyperparameter) error {
	i, ok := s.index[h.Name]
	if !ok {
		return fmt.Errorf("replace %s: no such hyperparameter", h.Name)
	}
	h.Parent, h.Values = s.params[i].Parent, s.params[i].Values
	s.params[i] = h
	return s.sort()
}

// Len is the number of hyperparameters, the length of an encoded vector.
func (s *Space) Len() int { return len(s.params) }

// Hyperparameters returns the hyperparameters in vector order.
func (s *Space) Hyperparameters() []Hyperparameter {
	return append([]Hyperparameter(nil), s.params...)
}

// Encode writes the vector of configuration cfg (name → value as text;
// booleans as "True"/"False") to dst (length Len()). Every active
// hyperparameter must have a value that its type accepts; an inactive one
// must have none and is encoded as -1. Names not in the space are an error.
func (s *Space) Encode(cfg map[string]string, dst []float32) error {
	if len(dst) != len(s.params) {
		return fmt.Errorf("encode: destination has %d slots for %d hyperparameters", len(dst), len(s.params))
	}
	for k := range cfg {
		if _, ok := s.index[k]; !ok {
			return fmt.Errorf("encode: unknown hyperparameter %q", k)
		}
	}
	active := make([]bool, len(s.params))
	for i, p := range s.params { // parents come before children
		active[i] = true
		if p.Parent != "" {
			pi := s.index[p.Parent]
			active[i] = active[pi] && contains(p.Values, cfg[p.Parent])
		}
		v, has := cfg[p.Name]
		if !active[i] {
			if has {
				return fmt.Errorf("encode: %s=%q is set but inactive (%s=%q not in %v)", p.Name, v, p.Parent, cfg[p.Parent], p.Values)
			}
			dst[i] = -1
			continue
		}
		if !has {
			return fmt.Errorf("encode: active hyperparameter %s has no value", p.Name)
		}
		x, err := p.vector(v)
		if err != nil {
			return fmt.Errorf("encode: %s=%q: %w", p.Name, v, err)
		}
		dst[i] = float32(x)
	}
	return nil
}

func contains(vs []string, v string) bool {
	for _, x := range vs {
		if x == v {
			return true
		}
	}
	return false
}

// vector is ConfigSpace's _inverse_transform of value v.
func (p *Hyperparameter) vector(v string) (float64, error) {
	switch p.Kind {
	case Categorical:
		for i, c := range p.Choices {
			if c == v {
				return float64(i), nil
			}
		}
		return 0, fmt.Errorf("not one of %v", p.Choices)
	case Constant:
		if v != p.Value && !sameNumber(v, p.Value) {
			return 0, fmt.Errorf("constant is %q", p.Value)
		}
		return 0, nil
	}
	x, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
		return 0, fmt.Errorf("not a finite number")
	}
	switch p.Kind {
	case UniformInt:
		if x != math.Trunc(x) {
			return 0, fmt.Errorf("not an integer")
		}
		if x < p.Lower || x > p.Upper {
			return 0, fmt.Errorf("outside [%v, %v]", p.Lower, p.Upper)
		}
		return uniform(x, p.Lower-0.49999, p.Upper+0.49999, p.Log), nil
	case UniformFloat:
		if x < p.Lower || x > p.Upper {
			return 0, fmt.Errorf("outside [%v, %v]", p.Lower, p.Upper)
		}
		return uniform(x, p.Lower, p.Upper, p.Log), nil
	case NormalFloat:
		if p.Log {
			if x <= 0 {
				return 0, fmt.Errorf("log-scaled value must be positive")
			}
			return math.Log(x), nil
		}
		return x, nil
	}
	return 0, fmt.Errorf("unsupported type %q", p.Kind)
}

func uniform(x, lo, hi float64, log bool) float64 {
	if log {
		x, lo, hi = math.Log(x), math.Log(lo), math.Log(hi)
	}
	return math.Max(0, math.Min(1, (x-lo)/(hi-lo)))
}

func sameNumber(a, b string) bool {
	x, e1 := strconv.ParseFloat(a, 64)
	y, e2 := strconv.ParseFloat(b, 64)
	return e1 == nil && e2 == nil && x == y
}
