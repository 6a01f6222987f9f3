package training

import (
	"context"

	"github.com/nasred/nasred/nasred/datadir"
	"github.com/nasred/nasred/nasred/dataset"
	"github.com/nasred/nasred/nasred/train"
)

// Train runs "nasred train": train.Run on cfg, with MNIST read from
// datadir.MNISTDir when cfg.Data.Dir is empty (Fashion-MNIST has a fixed
// default folder, CIFAR-10 needs one).
func Train(ctx context.Context, cfg train.Config) (*train.Result, error) {
	if cfg.Data.Dataset == dataset.MNIST && cfg.Data.Dir == "" {
		dir, err := datadir.MNISTDir()
		if err != nil {
			return nil, err
		}
		cfg.Data.Dir = dir
	}
	return train.Run(ctx, cfg)
}
