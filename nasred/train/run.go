package train

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/nasred/nasred/nasred/dataset"
)

// Config is one whole run as `nasred train` describes it: what network,
// on what data, with what recipe.
type Config struct {
	// Recipe names the recipe the options started from (RecipePaper,
	// RecipeQuick; "" when they were set by hand). It is informational:
	// Options holds the values that are used.
	Recipe string
	// Flags lists the flags ParseArgs found on the command line (names
	// without dashes, sorted); nil for a configuration
	// built in code.
	Flags []string
	// Network's Classes and InputChannels are filled in from the data.
	Network NetworkSpec
	Data    DataOptions
	Options Options
	// Cutout < 0 in Options means ScaledCutout of the image side (16 for
	// 32×32 images, 14 for 28×28).
	//
	// Resume requires OutDir to hold a checkpoint (without it, a
	// checkpoint of the same configuration is resumed when present and a
	// fresh run starts otherwise).
	Resume bool
}

// Run loads the data, builds the network and trains it (see Train).
func Run(ctx context.Context, cfg Config) (*Result, error) {
	data, err := LoadData(cfg.Data)
	if err != nil {
		return nil, err
	}
	spec := cfg.Network
	spec.Classes, spec.InputChannels = data.Train.Classes, data.Train.Channels
	spec.DropPath = cfg.Options.DropPath
	net, desc, err := BuildNetwork(spec)
	if err != nil {
		return nil, err
	}
	opts := cfg.Options
	if opts.Cutout < 0 {
		opts.Cutout = ScaledCutout(min(data.Train.Height, data.Train.Width))
	}
	if opts.Seed == 0 {
		opts.Seed = cfg.Data.Seed
	}
	opts.Fingerprint = fmt.Sprintf("%s | data %s %dx%dx%d train=%d val=%d test=%d valfrac=%g split-seed=%d",
		desc, cfg.Data.Dataset, data.Train.Height, data.Train.Width, data.Train.Channels,
		data.Train.Len(), lenOf(data.Val), data.Test.Len(), cfg.Data.ValFraction, cfg.Data.Seed)
	if cfg.Resume && (opts.OutDir == "" || !HasCheckpoint(opts.OutDir)) {
		return nil, fmt.Errorf("--resume: no checkpoint %s", filepath.Join(opts.OutDir, CheckpointFile))
	}
	return Train(ctx, net, data, opts)
}

func lenOf(s *dataset.Set) int {
	if s == nil {
		return 0
	}
	return s.Len()
}
