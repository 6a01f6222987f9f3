package surrogate

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/nasred/nasred/nasred/space/darts"
	"github.com/nasred/nasred/nasred/surrogate/configspace"
)

// Encoding names a genotype → feature-vector encoding.
type Encoding string

const (
	// OneHot has, per cell, one 0/1 feature per (node, input, op) triple
	// (14 edge slots × 7 ops) and the count of each op (7): 2 × 105 = 210
	// features. A None (pruned) edge sets no feature.
	OneHot Encoding = "onehot"
	// Slots has, per cell, the op index (0..6, or -1 when the slot has no
	// edge) of each of the 14 edge slots and the count of each op: 2 × 21
	// = 42 features.
	Slots Encoding = "slots"
	// ConfigSpace is the 56-feature NB301 ConfigSpace vector the official
	// surrogate uses (needs nb301/nb301_configspace.json from the data
	// folder). A None edge is encoded like an inactive slot (-1).
	ConfigSpace Encoding = "configspace"
	// Graph extends Slots with, per cell, the count of each op on edges
	// that read a cell input (node 0 or 1) and the number of edges that
	// read each of nodes 0..4: 2 × 33 = 66 features.
	Graph Encoding = "graph"
)

// Encoder turns genotypes into float32 feature rows.
type Encoder interface {
	// NumFeatures is the length of one row.
	NumFeatures() int
	// Encode writes the row of g to dst (length NumFeatures()).
	Encode(g darts.Genotype, dst []float32) error
}

// ErrNoDataDir is returned (wrapped) when the ConfigSpace encoding or the
// official surrogate needs NB301's ConfigSpace JSON and no benchmark data
// folder was given.
var ErrNoDataDir = errors.New("no benchmark data folder given (NB301's ConfigSpace, nb301/nb301_configspace.json, is read from it)")

// NewEncoder returns the encoder named e. dataDir is the benchmark data
// folder; only ConfigSpace reads it (nb301/nb301_configspace.json).
func NewEncoder(e Encoding, dataDir string) (Encoder, error) {
	switch e {
	case OneHot:
		return oneHot{}, nil
	case Slots:
		return slots{}, nil
	case Graph:
		return graph{}, nil
	case ConfigSpace:
		if dataDir == "" {
			return nil, fmt.Errorf("encoding %s: %w", e, ErrNoDataDir)
		}
		return NewConfigSpaceEncoder(filepath.Join(dataDir, "nb301", "nb301_configspace.json"))
	}
	return nil, fmt.Errorf("unknown encoding %q (want %s, %s or %s)", e, OneHot, Slots, ConfigSpace)
}

// slotOf returns the NB301 edge slot (0..13) of the edge from input into
// intermediate node j (2..5).
func slotOf(j, input int) int { return j*(j-1)/2 - 1 + input }

func checkEdge(c, k int, e darts.Edge) error {
	j := k/2 + 2
	if e.Input < 0 || e.Input >= j || !e.Op.Valid() {
		return fmt.Errorf("cell %d edge %d: invalid edge (op %v, input %d) into node %d", c, k, e.Op, e.Input, j)
	}
	return nil
}

type oneHot struct{}

const perCellOneHot = darts.NumSlots*darts.NumOps + darts.NumOps

func (oneHot) NumFeatures() int { return 2 * perCellOneHot }

func (oneHot) Encode(g darts.Genotype, dst []float32) error {
	if len(dst) != 2*perCellOneHot {
		return fmt.Errorf("onehot: destination has %d slots, want %d", len(dst), 2*perCellOneHot)
	}
	clear(dst)
	for c, cell := range [2]darts.Cell{g.Normal, g.Reduce} {
		row := dst[c*perCellOneHot : (c+1)*perCellOneHot]
		for k, e := range cell {
			if err := checkEdge(c, k, e); err != nil {
				return err
			}
			if e.Op == darts.None {
				continue
			}
			row[slotOf(k/2+2, e.Input)*darts.NumOps+int(e.Op)] = 1
			row[darts.NumSlots*darts.NumOps+int(e.Op)]++
		}
	}
	return nil
}

type slots struct{}

const perCellSlots = darts.NumSlots + darts.NumOps

func (slots) NumFeatures() int { return 2 * perCellSlots }

func (slots) Encode(g darts.Genotype, dst []float32) error {
	if len(dst) != 2*perCellSlots {
		return fmt.Errorf("slots: destination has %d slots, want %d", len(dst), 2*perCellSlots)
	}
	for c, cell := range [2]darts.Cell{g.Normal, g.Reduce} {
		if err := encodeSlots(c, cell, dst[c*perCellSlots:(c+1)*perCellSlots]); err != nil {
			return err
		}
	}
	return nil
}

// encodeSlots writes the slots features of cell c (0 normal, 1 reduce)
// into row[:perCellSlots]: the op of each (node, input) slot or -1, then
// the count of each op.
func encodeSlots(c int, cell darts.Cell, row []float32) error {
	for i := 0; i < darts.NumSlots; i++ {
		row[i] = -1
	}
	clear(row[darts.NumSlots:perCellSlots])
	for k, e := range cell {
		if err := checkEdge(c, k, e); err != nil {
			return err
		}
		if e.Op == darts.None {
			continue
		}
		row[slotOf(k/2+2, e.Input)] = float32(e.Op)
		row[darts.NumSlots+int(e.Op)]++
	}
	return nil
}

type graph struct{}

const perCellGraph = perCellSlots + darts.NumOps + 5

func (graph) NumFeatures() int { return 2 * perCellGraph }

// Encode writes the slots features of each cell, then per cell the count of
// each op on edges from the cell inputs and the out-degree of nodes 0..4.
func (graph) Encode(g darts.Genotype, dst []float32) error {
	if len(dst) != 2*perCellGraph {
		return fmt.Errorf("graph: destination has %d slots, want %d", len(dst), 2*perCellGraph)
	}
	for c, cell := range [2]darts.Cell{g.Normal, g.Reduce} {
		row := dst[c*perCellGraph : (c+1)*perCellGraph]
		if err := encodeSlots(c, cell, row); err != nil {
			return err
		}
		clear(row[perCellSlots:])
		for _, e := range cell {
			if e.Op == darts.None {
				continue
			}
			if e.Input < 2 {
				row[perCellSlots+int(e.Op)]++
			}
			row[perCellSlots+darts.NumOps+e.Input]++
		}
	}
	return nil
}

// ConfigSpaceEncoder encodes genotypes into NB301's 56 ConfigSpace
// features (with nasbench301's fixed hyperparameters), fast: the fixed
// features are computed once and only the 44 genotype features are filled
// per genotype. It produces exactly what configspace.Space.EncodeNB301
// produces for g.Config().
type ConfigSpaceEncoder struct {
	space *configspace.Space
	base  []float32
	// edge[c][slot] is the feature index of edge_{cell}_{slot};
	// inputs[c][j-3] that of inputs_node_{cell}_{j}.
	edge   [2][darts.NumSlots]int
	inputs [2][3]int
	opIdx  [2][darts.NumSlots][darts.NumOps]float32
	inIdx  [2][3]map[[2]int]float32
}

// NewConfigSpaceEncoder reads the NB301 ConfigSpace JSON at path.
func NewConfigSpaceEncoder(path string) (*ConfigSpaceEncoder, error) {
	s, err := configspace.ReadNB301(path)
	if err != nil {
		return nil, err
	}
	e := &ConfigSpaceEncoder{space: s, base: make([]float32, s.Len())}
	index := map[string]int{}
	hps := s.Hyperparameters()
	for i, h := range hps {
		index[h.Name] = i
	}
	for c, name := range [2]string{"normal", "reduce"} {
		for slot := 0; slot < darts.NumSlots; slot++ {
			key := fmt.Sprintf("%sedge_%s_%d", darts.ConfigPrefix, name, slot)
			i, ok := index[key]
			if !ok || hps[i].Kind != configspace.Categorical {
				return nil, fmt.Errorf("configspace %s: no categorical %s", path, key)
			}
			e.edge[c][slot] = i
			for o := 0; o < darts.NumOps; o++ {
				e.opIdx[c][slot][o] = -2
				for ci, ch := range hps[i].Choices {
					if ch == darts.Op(o).String() {
						e.opIdx[c][slot][o] = float32(ci)
					}
				}
				if e.opIdx[c][slot][o] == -2 {
					return nil, fmt.Errorf("configspace %s: %s has no choice %s", path, key, darts.Op(o))
				}
			}
		}
		for j := 3; j <= 5; j++ {
			key := fmt.Sprintf("%sinputs_node_%s_%d", darts.ConfigPrefix, name, j)
			i, ok := index[key]
			if !ok || hps[i].Kind != configspace.Categorical {
				return nil, fmt.Errorf("configspace %s: no categorical %s", path, key)
			}
			e.inputs[c][j-3] = i
			e.inIdx[c][j-3] = map[[2]int]float32{}
			for ci, ch := range hps[i].Choices {
				var a, b int
				if _, err := fmt.Sscanf(ch, "%d_%d", &a, &b); err != nil {
					return nil, fmt.Errorf("configspace %s: %s choice %q: %w", path, key, ch, err)
				}
				e.inIdx[c][j-3][[2]int{a, b}] = float32(ci)
			}
		}
	}
	// The fixed part, from any valid genotype.
	var ref darts.Genotype
	for c := 0; c < 2; c++ {
		cell := darts.Cell{}
		for k := range cell {
			cell[k] = darts.Edge{Op: darts.SepConv3x3, Input: k % 2}
		}
		if c == 0 {
			ref.Normal = cell
		} else {
			ref.Reduce = cell
		}
	}
	if err := s.EncodeNB301(ref.Config(), e.base); err != nil {
		return nil, fmt.Errorf("configspace %s: %w", path, err)
	}
	return e, nil
}

// Space is the underlying ConfigSpace.
func (e *ConfigSpaceEncoder) Space() *configspace.Space { return e.space }

// NumFeatures is 56.
func (e *ConfigSpaceEncoder) NumFeatures() int { return len(e.base) }

// Encode writes the 56 NB301 features of g to dst.
func (e *ConfigSpaceEncoder) Encode(g darts.Genotype, dst []float32) error {
	if len(dst) != len(e.base) {
		return fmt.Errorf("configspace: destination has %d slots, want %d", len(dst), len(e.base))
	}
	copy(dst, e.base)
	for c, cell := range [2]darts.Cell{g.Normal, g.Reduce} {
		for slot := 2; slot < darts.NumSlots; slot++ {
			dst[e.edge[c][slot]] = -1
		}
		for k := 0; k < darts.CellEdges; k += 2 {
			j := k/2 + 2
			a, b := cell[k], cell[k+1]
			if err := checkEdge(c, k, a); err != nil {
				return err
			}
			if err := checkEdge(c, k+1, b); err != nil {
				return err
			}
			if a.Input == b.Input {
				return fmt.Errorf("cell %d node %d: both edges read node %d", c, j, a.Input)
			}
			if a.Input > b.Input {
				a, b = b, a
			}
			if j > 2 {
				dst[e.inputs[c][j-3]] = e.inIdx[c][j-3][[2]int{a.Input, b.Input}]
			}
			for _, ed := range [2]darts.Edge{a, b} {
				v := float32(-1) // None: like an inactive slot
				if ed.Op != darts.None {
					v = e.opIdx[c][slotOf(j, ed.Input)][ed.Op]
				}
				dst[e.edge[c][slotOf(j, ed.Input)]] = v
			}
		}
	}
	return nil
}

// EncodeAll encodes gs into a row-major matrix, in parallel.
func EncodeAll(ctx context.Context, enc Encoder, gs []darts.Genotype) ([]float32, error) {
	nf := enc.NumFeatures()
	X := make([]float32, len(gs)*nf)
	workers := min(runtime.GOMAXPROCS(0), max(1, len(gs)/1024))
	var (
		wg       sync.WaitGroup
		errOnce  sync.Once
		firstErr error
	)
	chunk := (len(gs) + workers - 1) / workers
	for w := 0; w < workers; w++ {
		lo, hi := w*chunk, min((w+1)*chunk, len(gs))
		if lo >= hi {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := lo; i < hi; i++ {
				if i%4096 == 0 && ctx.Err() != nil {
					errOnce.Do(func() { firstErr = ctx.Err() })
					return
				}
				if err := enc.Encode(gs[i], X[i*nf:(i+1)*nf]); err != nil {
					errOnce.Do(func() { firstErr = fmt.Errorf("genotype %d: %w", i, err) })
					return
				}
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	return X, nil
}
