package darts

import (
	"fmt"
	"strings"
)

// Op is an operation on a cell edge. The numbering is NASLib's op index
// (the integer of the compact form); None is nasred's extension for pruned
// edges and is not part of the search space.
type Op uint8

// The operations of the DARTS search space, in NASLib index order.
const (
	MaxPool3x3 Op = iota
	AvgPool3x3
	SkipConnect
	SepConv3x3
	SepConv5x5
	DilConv3x3
	DilConv5x5
	// None is the zero operation: the edge is absent. It is only used by
	// pruning (the removal experiment); samplers never produce it and
	// Validate rejects it unless allowNone is set.
	None
)

// NumOps is the number of searchable operations (None excluded).
const NumOps = 7

var opNames = [...]string{
	MaxPool3x3:  "max_pool_3x3",
	AvgPool3x3:  "avg_pool_3x3",
	SkipConnect: "skip_connect",
	SepConv3x3:  "sep_conv_3x3",
	SepConv5x5:  "sep_conv_5x5",
	DilConv3x3:  "dil_conv_3x3",
	DilConv5x5:  "dil_conv_5x5",
	None:        "none",
}

// Ops returns the NumOps searchable operations in index order.
func Ops() []Op {
	return []Op{MaxPool3x3, AvgPool3x3, SkipConnect, SepConv3x3, SepConv5x5, DilConv3x3, DilConv5x5}
}

// OpNames lists the names of the NumOps searchable operations in the
// order of Ops (NASLib's order).
func OpNames() []string {
	names := make([]string, 0, NumOps)
	for _, o := range Ops() {
		names = append(names, o.String())
	}
	return names
}

// String returns the DARTS name of the operation ("sep_conv_3x3", "none"),
// or "Op(n)" for a value outside the defined range.
func (o Op) String() string {
	if int(o) < len(opNames) {
		return opNames[o]
	}
	return fmt.Sprintf("Op(%d)", uint8(o))
}

// Valid reports whether o is one of the defined operations (None included).
func (o Op) Valid() bool { return o <= None }

// ParseOp parses a DARTS operation name ("skip_connect", "none", ...).
// Surrounding white space is ignored; the match is case-sensitive, as in
// every source format.
func ParseOp(s string) (Op, error) {
	t := strings.TrimSpace(s)
	for i, n := range opNames {
		if n == t {
			return Op(i), nil
		}
	}
	return 0, fmt.Errorf("unknown operation %q: want one of max_pool_3x3, avg_pool_3x3, skip_connect, sep_conv_3x3, sep_conv_5x5, dil_conv_3x3, dil_conv_5x5, none", s)
}

// MarshalText encodes the operation by name, so that JSON holds
// "sep_conv_3x3" rather than a number.
func (o Op) MarshalText() ([]byte, error) {
	if !o.Valid() {
		return nil, fmt.Errorf("marshal %v: not an operation", o)
	}
	return []byte(o.String()), nil
}

// UnmarshalText decodes an operation name.
func (o *Op) UnmarshalText(b []byte) error {
	v, err := ParseOp(string(b))
	if err != nil {
		return err
	}
	*o = v
	return nil
}
