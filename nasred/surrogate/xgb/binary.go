package xgb

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"github.com/nasred/nasred/nasred/surrogate/forest"
)

// Layout of XGBoost's legacy binary model (little endian, as written by
// LearnerImpl::SaveModel up to 1.x and by save_raw("deprecated")):
//
//	LearnerModelParamLegacy, 136 bytes: base_score f32, num_feature u32,
//	  num_class i32, contain_extra_attrs i32, contain_eval_metrics i32,
//	  major_version u32, minor_version u32, 27 reserved i32
//	objective name, booster name: u64 length + bytes each
//	GBTreeModelParam, 160 bytes: num_trees i32, num_roots i32,
//	  num_feature i32, pad i32, num_pbuffer i64, num_output_group i32,
//	  size_leaf_vector i32, 32 reserved i32
//	per tree: TreeParam 148 bytes (num_roots, num_nodes, num_deleted,
//	  max_depth, num_feature, size_leaf_vector, 31 reserved i32), then
//	  num_nodes 20-byte nodes (parent i32, left i32, right i32,
//	  sindex u32 with default-left in bit 31, value f32), then num_nodes
//	  16-byte statistics
//	tree_info: num_trees i32
//	attributes (if contain_extra_attrs): u64 count, then string pairs
const (
	learnerParamSize = 136
	gbtreeParamSize  = 160
	treeParamSize    = 148
	nodeSize         = 20
	nodeStatSize     = 16
)

type binReader struct {
	b   []byte
	pos int
}

func (r *binReader) need(n int, what string) ([]byte, error) {
	if n < 0 || n > len(r.b)-r.pos {
		return nil, fmt.Errorf("truncated at byte %d reading %s (%d bytes needed, %d left)", r.pos, what, n, len(r.b)-r.pos)
	}
	s := r.b[r.pos : r.pos+n]
	r.pos += n
	return s, nil
}

func (r *binReader) str(what string) (string, error) {
	s, err := r.need(8, what+" length")
	if err != nil {
		return "", err
	}
	n := binary.LittleEndian.Uint64(s)
	if n > 1<<20 || n > uint64(len(r.b)-r.pos) {
		return "", fmt.Errorf("%s: length %d out of range at byte %d", what, n, r.pos-8)
	}
	s, err = r.need(int(n), what)
	return string(s), err
}

func i32(b []byte, off int) int32 { return int32(binary.LittleEndian.Uint32(b[off:])) }

func parseBinary(b []byte) (*Model, error) {
	r := &binReader{b: b}
	h, err := r.need(learnerParamSize, "learner parameters")
	if err != nil {
		return nil, err
	}
	base := math.Float32frombits(binary.LittleEndian.Uint32(h))
	numFeature := i32(h, 4)
	numClass := i32(h, 8)
	extraAttrs := i32(h, 12)
	major, minor := i32(h, 20), i32(h, 24)
	if numFeature <= 0 || numFeature > 1<<24 {
		return nil, fmt.Errorf("num_feature %d out of range", numFeature)
	}
	if numClass > 1 {
		return nil, fmt.Errorf("num_class %d: only single-output models are supported", numClass)
	}
	if math.IsNaN(float64(base)) || math.IsInf(float64(base), 0) {
		return nil, fmt.Errorf("base_score %v is not finite", base)
	}
	obj, err := r.str("objective name")
	if err != nil {
		return nil, err
	}
	booster, err := r.str("booster name")
	if err != nil {
		return nil, err
	}
	if !identityObjectives[obj] {
		return nil, fmt.Errorf("objective %q not supported (only identity-link regression objectives such as reg:squarederror)", obj)
	}
	if booster != "gbtree" {
		return nil, fmt.Errorf("booster %q not supported (only gbtree)", booster)
	}
	g, err := r.need(gbtreeParamSize, "gbtree parameters")
	if err != nil {
		return nil, err
	}
	numTrees := i32(g, 0)
	outputGroups := i32(g, 24)
	if numTrees < 0 {
		return nil, fmt.Errorf("num_trees %d is negative", numTrees)
	}
	if int(numTrees) > len(b)/treeParamSize {
		return nil, fmt.Errorf("num_trees %d needs more than the %d bytes present (truncated?)", numTrees, len(b))
	}
	if outputGroups > 1 {
		return nil, fmt.Errorf("num_output_group %d: only single-output models are supported", outputGroups)
	}
	if i32(g, 28) != 0 {
		return nil, errors.New("leaf vectors are not supported")
	}
	trees := make([]forest.Tree, numTrees)
	for t := range trees {
		tp, err := r.need(treeParamSize, fmt.Sprintf("tree %d parameters", t))
		if err != nil {
			return nil, err
		}
		nn := i32(tp, 4)
		if nn <= 0 {
			return nil, fmt.Errorf("tree %d: num_nodes %d is not positive", t, nn)
		}
		if int(nn) > (len(b)-r.pos)/(nodeSize+nodeStatSize) {
			return nil, fmt.Errorf("tree %d: %d nodes need more than the %d bytes left at byte %d (truncated?)", t, nn, len(b)-r.pos, r.pos)
		}
		if i32(tp, 20) != 0 {
			return nil, fmt.Errorf("tree %d: leaf vectors are not supported", t)
		}
		nodes, _ := r.need(int(nn)*nodeSize, "nodes")
		if _, err := r.need(int(nn)*nodeStatSize, "node statistics"); err != nil {
			return nil, err
		}
		tr := forest.Tree{
			Left: make([]int32, nn), Right: make([]int32, nn), Feature: make([]uint32, nn),
			Value: make([]float32, nn), DefaultLeft: make([]bool, nn),
		}
		for i := 0; i < int(nn); i++ {
			nd := nodes[i*nodeSize:]
			tr.Left[i] = i32(nd, 4)
			tr.Right[i] = i32(nd, 8)
			si := binary.LittleEndian.Uint32(nd[12:])
			tr.Feature[i] = si &^ (1 << 31)
			tr.DefaultLeft[i] = si>>31 != 0
			tr.Value[i] = math.Float32frombits(binary.LittleEndian.Uint32(nd[16:]))
		}
		trees[t] = tr
	}
	if numTrees > 0 {
		info, err := r.need(4*int(numTrees), "tree_info")
		if err != nil {
			return nil, err
		}
		for t := 0; t < int(numTrees); t++ {
			if g := i32(info, 4*t); g != 0 {
				return nil, fmt.Errorf("tree %d belongs to output group %d: only single-output models are supported", t, g)
			}
		}
	}
	m := &Model{Format: FormatBinary, Objective: obj, Attributes: map[string]string{}}
	if major > 0 && major < 100 && minor >= 0 && minor < 1000 {
		m.Version = [3]int{int(major), int(minor), 0}
	}
	if extraAttrs != 0 {
		s, err := r.need(8, "attribute count")
		if err != nil {
			return nil, err
		}
		n := binary.LittleEndian.Uint64(s)
		if n > uint64(len(b)) {
			return nil, fmt.Errorf("attribute count %d out of range", n)
		}
		for i := uint64(0); i < n; i++ {
			k, err := r.str("attribute name")
			if err != nil {
				return nil, err
			}
			v, err := r.str("attribute value")
			if err != nil {
				return nil, err
			}
			m.Attributes[k] = v
		}
	}
	m.Forest, err = forest.New(int(numFeature), base, trees)
	if err != nil {
		return nil, err
	}
	return m, nil
}
