package train

import (
	"fmt"
	"strings"

	"github.com/nasred/nasred/nasred/nn"
	"github.com/nasred/nasred/nasred/space/darts"
	"github.com/nasred/nasred/nasred/space/nb201"
)

// Search spaces accepted by NetworkSpec.Space.
const (
	SpaceNB201 = "nb201"
	SpaceDARTS = "darts"
)

// NetworkSpec names a network to train: a cell of one search space and
// the network's size.
type NetworkSpec struct {
	// Space is SpaceNB201 or SpaceDARTS.
	Space string
	// Arch is the cell: an NB201 string |op~0|+|op~0|op~1|+|op~0|op~1|op~2|
	// for nb201; for darts a genotype in DARTS Genotype(...) form, NASLib
	// compact form, NB301 configuration JSON, or a known name (DARTS_V1,
	// DARTS_V2, PC_DARTS).
	Arch string
	// Channels is the initial number of channels (0: the space's default,
	// 16 for nb201, 32 for darts).
	Channels int
	// Cells is the number of cells per stage for nb201 (0: 5) and the
	// total number of cells for darts (0: 8).
	Cells int
	// Classes and InputChannels come from the data set.
	Classes, InputChannels int
	// DropPath is the darts drop-path probability that the schedule
	// reaches (0 disables drop-path); Auxiliary adds darts's auxiliary
	// head.
	DropPath  float64
	Auxiliary bool
}

// BuildNetwork parses the architecture and builds the network. It returns
// the network and a canonical description (used in checkpoint
// fingerprints and messages).
func BuildNetwork(spec NetworkSpec) (Network, string, error) {
	switch spec.Space {
	case SpaceNB201:
		cell, err := nb201.Parse(strings.TrimSpace(spec.Arch))
		if err != nil {
			return nil, "", fmt.Errorf("--arch for nb201: %w", err)
		}
		var c nn.NB201Cell
		for i, op := range cell {
			c[i] = op.String()
		}
		cfg := nn.NB201Config{Channels: spec.Channels, CellsPerStage: spec.Cells, Classes: spec.Classes, InputChannels: spec.InputChannels}
		if cfg.Channels == 0 {
			cfg.Channels = 16
		}
		if cfg.CellsPerStage == 0 {
			cfg.CellsPerStage = 5
		}
		net, err := nn.NewNB201Net(c, cfg)
		if err != nil {
			return nil, "", err
		}
		return net, fmt.Sprintf("nb201 %s C=%d N=%d classes=%d in=%d", cell, cfg.Channels, cfg.CellsPerStage, cfg.Classes, cfg.InputChannels), nil
	case SpaceDARTS:
		arch := strings.TrimSpace(spec.Arch)
		g, ok := darts.Known()[arch]
		if !ok {
			var err error
			if g, err = darts.ParseGenotype(arch); err != nil {
				return nil, "", fmt.Errorf("--arch for darts: %w", err)
			}
		}
		var geno nn.DARTSGenotype
		for i := range darts.CellEdges {
			geno.Normal[i] = nn.DARTSEdge{Op: g.Normal[i].Op.String(), Input: g.Normal[i].Input}
			geno.Reduce[i] = nn.DARTSEdge{Op: g.Reduce[i].Op.String(), Input: g.Reduce[i].Input}
		}
		cfg := nn.DARTSConfig{Channels: spec.Channels, Cells: spec.Cells, Classes: spec.Classes, InputChannels: spec.InputChannels,
			DropPathProb: spec.DropPath, Auxiliary: spec.Auxiliary}
		if cfg.Channels == 0 {
			cfg.Channels = 32
		}
		if cfg.Cells == 0 {
			cfg.Cells = 8
		}
		net, err := nn.NewDARTSNet(geno, cfg)
		if err != nil {
			return nil, "", err
		}
		return net, fmt.Sprintf("darts %s C=%d L=%d classes=%d in=%d aux=%v droppath=%v", g.CompactString(), cfg.Channels, cfg.Cells, cfg.Classes, cfg.InputChannels, cfg.Auxiliary, cfg.DropPathProb > 0), nil
	}
	return nil, "", fmt.Errorf("unknown search space %q: expected %s or %s", spec.Space, SpaceNB201, SpaceDARTS)
}
