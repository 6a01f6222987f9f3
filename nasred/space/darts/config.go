package darts

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// ConfigPrefix starts every NB301 ConfigSpace key of the DARTS network.
const ConfigPrefix = "NetworkSelectorDatasetInfo:darts:"

// slotOffset returns the first configuration edge slot of intermediate
// node j: node 2 uses slots 0-1, node 3 slots 2-4, node 4 slots 5-8 and
// node 5 slots 9-13; the slot of the edge from node i is offset + i.
func slotOffset(j int) int { return j*(j-1)/2 - 1 }

// NumSlots is the number of edge slots per cell in the configuration form.
const NumSlots = 14

// EdgeKey returns the configuration key of the edge slot from node input
// into node j of the cell ("normal" or "reduce"), e.g.
// "NetworkSelectorDatasetInfo:darts:edge_normal_5" for 0 → 4.
func EdgeKey(cell string, j, input int) string {
	return ConfigPrefix + "edge_" + cell + "_" + strconv.Itoa(slotOffset(j)+input)
}

// InputsKey returns the configuration key that holds the two inputs of
// node j (3..5), e.g. "NetworkSelectorDatasetInfo:darts:inputs_node_normal_3".
func InputsKey(cell string, j int) string {
	return ConfigPrefix + "inputs_node_" + cell + "_" + strconv.Itoa(j)
}

// IsGenotypeKey reports whether k is one of the configuration keys that
// hold the genotype (edge_* and inputs_node_* under ConfigPrefix). The
// other keys of an NB301 configuration are training hyperparameters.
func IsGenotypeKey(k string) bool {
	r, ok := strings.CutPrefix(k, ConfigPrefix)
	return ok && (strings.HasPrefix(r, "edge_") || strings.HasPrefix(r, "inputs_node_"))
}

// Config returns the NB301 ConfigSpace form of g: for each cell, the op
// name of the 8 active edge slots (edge_{normal,reduce}_{0..13}) and the
// inputs "a_b" (a < b) of nodes 3, 4 and 5. Only these 22 genotype keys
// are returned, not the fixed training hyperparameters. A None edge is
// written as "none" (not part of NB301's space). g must be valid.
func (g Genotype) Config() map[string]string {
	m := make(map[string]string, 22)
	for c, name := range [2]string{"normal", "reduce"} {
		cell := g.Cell(c).sorted()
		for k := 0; k < CellEdges; k += 2 {
			j := k/2 + 2
			a, b := cell[k], cell[k+1]
			m[EdgeKey(name, j, a.Input)] = a.Op.String()
			m[EdgeKey(name, j, b.Input)] = b.Op.String()
			if j > 2 {
				m[InputsKey(name, j)] = strconv.Itoa(a.Input) + "_" + strconv.Itoa(b.Input)
			}
		}
	}
	return m
}

// FromConfig reads a genotype from NB301 configuration keys. Keys that are
// not genotype keys (see IsGenotypeKey) are ignored, so a whole
// optimized_hyperparamater_config can be passed. Node 2 reads nodes 0 and
// 1; inputs_node_{cell}_{3,4,5} = "a_b" (a < b) names the inputs of nodes
// 3-5; the op of the edge from i into j is in slot offset(j) + i. Every
// active slot must be present and no inactive slot may be. The edges of a
// node come out in ascending input order (the order of Sorted). "none" is
// accepted as an op name, so the result passes Validate(true).
func FromConfig(cfg map[string]string) (Genotype, error) {
	var g Genotype
	used := 0
	for c, name := range [2]string{"normal", "reduce"} {
		var cell Cell
		for j := 2; j <= 5; j++ {
			a, b := 0, 1
			if j > 2 {
				key := InputsKey(name, j)
				v, ok := cfg[key]
				if !ok {
					return g, fmt.Errorf("config: missing key %s", key)
				}
				used++
				var err error
				a, b, err = parseInputs(v, j)
				if err != nil {
					return g, fmt.Errorf("config: %s=%q: %w", key, v, err)
				}
			}
			for t, in := range [2]int{a, b} {
				key := EdgeKey(name, j, in)
				v, ok := cfg[key]
				if !ok {
					return g, fmt.Errorf("config: missing key %s (edge %d → %d)", key, in, j)
				}
				used++
				op, err := ParseOp(v)
				if err != nil {
					return g, fmt.Errorf("config: %s: %w", key, err)
				}
				cell[2*(j-2)+t] = Edge{Op: op, Input: in}
			}
		}
		if c == 0 {
			g.Normal = cell
		} else {
			g.Reduce = cell
		}
	}
	if n := countGenotypeKeys(cfg); n != used {
		return Genotype{}, fmt.Errorf("config: %s", extraKeys(cfg, g))
	}
	return g, nil
}

func countGenotypeKeys(cfg map[string]string) int {
	n := 0
	for k := range cfg {
		if IsGenotypeKey(k) {
			n++
		}
	}
	return n
}

// extraKeys describes the genotype keys of cfg that the genotype g does
// not use (inactive slots or unknown names).
func extraKeys(cfg map[string]string, g Genotype) string {
	want := g.Config()
	var extra []string
	for k := range cfg {
		if _, ok := want[k]; IsGenotypeKey(k) && !ok {
			extra = append(extra, k)
		}
	}
	sort.Strings(extra)
	return fmt.Sprintf("keys %s are not active edges or inputs of this genotype (inputs_node_* decide which edge slots are active)", strings.Join(extra, ", "))
}

func parseInputs(v string, j int) (int, int, error) {
	as, bs, ok := strings.Cut(v, "_")
	if !ok {
		return 0, 0, fmt.Errorf(`want "a_b"`)
	}
	a, err1 := strconv.Atoi(as)
	b, err2 := strconv.Atoi(bs)
	if err1 != nil || err2 != nil {
		return 0, 0, fmt.Errorf(`want "a_b" with integers a, b`)
	}
	if a < 0 || a >= b || b >= j {
		return 0, 0, fmt.Errorf("want 0 <= a < b < %d", j)
	}
	return a, b, nil
}

// ParseConfigJSON reads a genotype from a JSON object of NB301
// configuration keys (for example an optimized_hyperparamater_config).
// Values of genotype keys must be strings; other keys may hold anything
// and are ignored.
func ParseConfigJSON(data []byte) (Genotype, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return Genotype{}, fmt.Errorf("parse config JSON: %w", err)
	}
	cfg := make(map[string]string, 22)
	for k, v := range raw {
		if !IsGenotypeKey(k) {
			continue
		}
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			return Genotype{}, fmt.Errorf("parse config JSON: key %s: want a string, got %s", k, shortRaw(v))
		}
		cfg[k] = s
	}
	g, err := FromConfig(cfg)
	if err != nil {
		return Genotype{}, fmt.Errorf("parse config JSON: %w", err)
	}
	return g, nil
}

func shortRaw(b []byte) string {
	s := string(b)
	if len(s) > 40 {
		s = s[:37] + "..."
	}
	return s
}
