package train

import (
	"errors"
	"flag"
	"io"
	"strings"
	"testing"
)

func TestParseArgs(t *testing.T) {
	cfg, err := ParseArgs([]string{"--space", "darts", "--arch", "DARTS_V2", "--dataset", "synthetic", "--steps", "7", "--seed", "3", "--lr=0.1", "--auxiliary=false"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	want := DefaultConfig("darts", "DARTS_V2", "synthetic")
	want.Network.Auxiliary = false
	want.Options.Steps, want.Options.Seed, want.Data.Seed, want.Options.LearningRate = 7, 3, 3, 0.1
	if cfg.Network != want.Network || cfg.Data != want.Data || cfg.Options.Steps != 7 || cfg.Options.Seed != 3 ||
		cfg.Options.LearningRate != 0.1 || cfg.Options.Cutout != -1 || cfg.Options.BatchSize != want.Options.BatchSize {
		t.Errorf("ParseArgs = %+v, want %+v", cfg, want)
	}
	// Without --seed, the seed is 1 (the CLI's default).
	if cfg, _ := ParseArgs(nil, io.Discard); cfg.Options.Seed != 1 || cfg.Data.Seed != 1 {
		t.Errorf("default seed %d/%d", cfg.Options.Seed, cfg.Data.Seed)
	}
	if _, err := ParseArgs([]string{"-h"}, io.Discard); !errors.Is(err, flag.ErrHelp) {
		t.Errorf("-h: %v", err)
	}
	if _, err := ParseArgs([]string{"--steps", "x"}, io.Discard); err == nil || !strings.Contains(err.Error(), "steps") {
		t.Errorf("bad value: %v", err)
	}
	if _, err := ParseArgs([]string{"extra"}, io.Discard); err == nil || !strings.Contains(err.Error(), `unexpected arguments ["extra"]`) {
		t.Errorf("extra argument: %v", err)
	}
}
