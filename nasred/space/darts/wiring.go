package darts

import (
	"fmt"
	"strings"
)

// Wiring says which earlier nodes an intermediate node may read when a
// sampler draws its two inputs.
type Wiring int

const (
	// WiringAll lets intermediate node j read any two distinct nodes of
	// 0..j-1 (paper §5). It is the default.
	WiringAll Wiring = iota
	// WiringOriginal reproduces the reference code's Skip / PrimSkip
	// sampler (get_constrained_random_arch in the original repository's
	// sample_archs notebook), which draws the inputs of the k-th node
	// after node 2 from its first k+2 nodes, one too few: node j >= 3
	// reads two distinct nodes of 0..j-2. So node 3 always reads the two
	// cell inputs, node 4 never reads node 3 and node 5 never reads node
	// 4. Node 2 reads {0, 1} under both wirings. The reference code used
	// it only for Skip and PrimSkip; its Random and Prim samplers wire
	// as WiringAll.
	WiringOriginal
)

// wiringNames maps each Wiring to its name in text forms (JSON, CLI).
var wiringNames = [...]string{WiringAll: "all", WiringOriginal: "original"}

// WiringNames returns the names ParseWiring accepts, in constant order.
func WiringNames() []string { return append([]string(nil), wiringNames[:]...) }

// String returns "all" or "original".
func (w Wiring) String() string {
	if w >= 0 && int(w) < len(wiringNames) {
		return wiringNames[w]
	}
	return fmt.Sprintf("Wiring(%d)", int(w))
}

// ParseWiring reads "all" or "original" (case-insensitive; "" is "all").
func ParseWiring(s string) (Wiring, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	if t == "" {
		return WiringAll, nil
	}
	for w, name := range wiringNames {
		if t == name {
			return Wiring(w), nil
		}
	}
	return 0, fmt.Errorf("unknown wiring %q: want all or original", s)
}

// MarshalText writes the wiring's name, so that JSON holds "original".
func (w Wiring) MarshalText() ([]byte, error) {
	if w < 0 || int(w) >= len(wiringNames) {
		return nil, fmt.Errorf("marshal wiring: unknown wiring %d", int(w))
	}
	return []byte(w.String()), nil
}

// UnmarshalText reads a name accepted by ParseWiring.
func (w *Wiring) UnmarshalText(b []byte) error {
	v, err := ParseWiring(string(b))
	if err != nil {
		return err
	}
	*w = v
	return nil
}

// NumInputs returns how many nodes intermediate node j (2..5) may read
// under w: its inputs are drawn from 0..NumInputs(j)-1. That is j for
// WiringAll and max(2, j-1) for WiringOriginal.
func (w Wiring) NumInputs(j int) int {
	if w == WiringOriginal {
		return max(2, j-1)
	}
	return j
}
