package main

import (
	"flag"
	"fmt"

	"github.com/nasred/nasred/nasred/analysis"
)

// nb301SourceFlags registers the flags of an analysis.NB301Source on fs
// (ownSurrogate: the surrogate may be trained from a preset) and returns
// a function to call after parsing, which checks and applies the flags
// that need it.
func nb301SourceFlags(fs *flag.FlagSet, src *analysis.NB301Source, ownSurrogate bool) func() error {
	fs.StringVar(&src.Archs, "archs", "", "genotypes: NASLib archs JSON, NASLib labelled JSON, the NB301 training-data zip, or a text file with one genotype per line")
	surrogateHelp := "surrogate: a nasred model file (nasred surrogate train) or an official NB301 ensemble folder"
	var depth int
	if ownSurrogate {
		surrogateHelp += " (default: train nasred's own on --labels with --surrogate-preset)"
		fs.StringVar(&src.Preset, "surrogate-preset", "", "preset of the surrogate trained here: stumps (default; additive) or interaction (depth-2 trees)")
		fs.IntVar(&depth, "surrogate-depth", 0, "shorthand for --surrogate-preset: 1 stumps, 2 interaction")
	}
	fs.StringVar(&src.Surrogate, "surrogate", "", surrogateHelp)
	fs.StringVar(&src.Labels, "labels", "", "labelled genotypes the surrogate was (or is) trained on; its limits are checked against them (default: the data folder's NASLib labelled file)")
	ranking := fs.String("ranking", "auto", "what ranks the genotypes for the top set: labels (recorded results: the file's own or --rank-labels), surrogate (its own predictions: circular), or auto (labels when there are any)")
	fs.StringVar(&src.RankLabels, "rank-labels", "", "file of recorded labels to rank by (NASLib labelled JSON, NB301 zip, or labels a study collected), matched to the genotypes")
	fs.IntVar(&src.Folds, "cv-folds", 5, "folds of the held-out cross-validation reported with the surrogate's limits (0 = skip)")
	fs.Float64Var(&src.Fraction, "fraction", 0.05, "top fraction the architectures are chosen from")
	fs.StringVar(&src.DataDir, "data", "", "benchmark data folder (default $NASRED_DATA, else ../shared/data)")
	return func() error {
		var err error
		if src.RankBy, err = analysis.ParseRankBy(*ranking); err != nil {
			return fmt.Errorf("--ranking: %w", err)
		}
		if depth != 0 {
			p, err := analysis.PresetForDepth(depth)
			if err != nil {
				return fmt.Errorf("--surrogate-depth: %w", err)
			}
			if src.Preset != "" && src.Preset != p {
				return fmt.Errorf("--surrogate-depth %d and --surrogate-preset %s disagree", depth, src.Preset)
			}
			src.Preset = p
		}
		if src.Preset != "" {
			if _, err := analysis.SurrogatePresetParams(src.Preset); err != nil {
				return fmt.Errorf("--surrogate-preset: %w", err)
			}
		}
		return nil
	}
}
