package analysis

import (
	"context"
	"fmt"
	"os"

	"github.com/nasred/nasred/nasred/importance"
	"github.com/nasred/nasred/nasred/space/darts"
	"github.com/nasred/nasred/nasred/surrogate"
)

// NB301Source says where a command-line NB301 study gets its genotypes,
// surrogate and ranking: the flags shared by "nasred motifs nb301" and
// "nasred removal".
type NB301Source struct {
	// Archs is the architecture file (--archs; see ReadNB301Archs); ""
	// means the NASLib training genotypes of the data folder, or its 725
	// labelled genotypes when RankBy is RankByLabels without RankLabels.
	Archs string
	// Surrogate is a nasred model file or an official ensemble folder
	// (--surrogate); "" trains nasred's own surrogate with Preset
	// (--surrogate-preset, --surrogate-depth) on Labels.
	Surrogate, Preset string
	// Labels is the file of labels the surrogate was trained on (--labels;
	// "" = the data folder's NASLib labelled file, when present): the
	// range check and the held-out cross-validation of the limits use it.
	Labels string
	// RankBy chooses the ranking (--ranking); RankLabels is a file of
	// recorded labels to rank by (--rank-labels; read with
	// surrogate.ReadLabels, matched to the genotypes).
	RankBy     RankBy
	RankLabels string
	// Fraction is the top / bottom fraction (--fraction, default 0.05).
	Fraction float64
	// Folds is the number of folds of the held-out cross-validation of the
	// surrogate (--cv-folds; 0 or 1 = none).
	Folds int
	// DataDir is the benchmark data folder (--data; "" = resolve).
	DataDir string
}

// Study reads the genotypes, loads or trains the surrogate and runs
// NB301Ops; say, if not nil, receives progress messages.
func (src NB301Source) Study(ctx context.Context, say func(string)) (*NB301Study, darts.Predictor, error) {
	if say == nil {
		say = func(string) {}
	}
	defArchs, defLabels, derr := NB301Data(src.DataDir)
	labelsPath := src.Labels
	if labelsPath == "" && derr == nil {
		if _, err := os.Stat(defLabels); err == nil {
			labelsPath = defLabels
		}
	}
	opt := NB301Options{RankBy: src.RankBy, Folds: src.Folds, Select: importance.SelectOptions{Fraction: src.Fraction}}
	// A given architecture file is read first: its errors come before
	// the (slower) surrogate's.
	var a *NB301Archs
	if src.Archs != "" {
		var err error
		if a, err = ReadNB301Archs(ctx, src.Archs, nil); err != nil {
			return nil, nil, err
		}
	}
	var p darts.Predictor
	var desc string
	if src.Surrogate != "" {
		if src.Preset != "" {
			return nil, nil, fmt.Errorf("give either a surrogate file (--surrogate) or a preset to train (--surrogate-preset / --surrogate-depth), not both")
		}
		var err error
		if p, err = LoadSurrogate(ctx, src.Surrogate, src.DataDir); err != nil {
			return nil, nil, err
		}
		desc, opt.SurrogateName = src.Surrogate, "given ("+src.Surrogate+")"
		if m, ok := p.(*surrogate.Model); ok {
			if c, ok := surrogate.CapacityOf(m); ok && c.MaxDepth >= 2 {
				opt.SurrogateName = fmt.Sprintf("depth-%d", c.MaxDepth)
			} else if ok {
				opt.SurrogateName = "stumps"
			}
		}
		if labelsPath != "" {
			if opt.TrainLabels, err = surrogate.ReadLabels(ctx, labelsPath, nil); err != nil {
				return nil, nil, err
			}
		}
	} else {
		if labelsPath == "" {
			if derr != nil {
				return nil, nil, fmt.Errorf("no surrogate given (--surrogate) and no labels to train one (--labels): %w", derr)
			}
			labelsPath = defLabels
		}
		preset := src.Preset
		if preset == "" {
			preset = PresetStumps
		}
		m, d, l, err := OwnSurrogatePreset(ctx, labelsPath, preset)
		if err != nil {
			return nil, nil, err
		}
		p, desc, opt.TrainLabels, opt.SurrogateName = m, d, l, preset
	}
	say("surrogate: " + desc)
	archs := src.Archs
	if src.RankLabels != "" {
		l, err := surrogate.ReadLabels(ctx, src.RankLabels, nil)
		if err != nil {
			return nil, nil, err
		}
		opt.RankLabels = l
	}
	if archs == "" {
		if derr != nil {
			return nil, nil, fmt.Errorf("no architecture file given (--archs): %w", derr)
		}
		archs = defArchs
		if src.RankBy == RankByLabels && opt.RankLabels == nil {
			if labelsPath == "" {
				return nil, nil, fmt.Errorf("--ranking labels: no labelled genotypes (--labels or --rank-labels)")
			}
			archs = labelsPath
		}
	}
	if a == nil {
		var err error
		if a, err = ReadNB301Archs(ctx, archs, nil); err != nil {
			return nil, nil, err
		}
	}
	say(fmt.Sprintf("read %d genotypes from %s (%s)", len(a.Genotypes), archs, a.Format))
	s, err := NB301Ops(ctx, a, p, desc, opt)
	if err != nil {
		return nil, nil, err
	}
	say(fmt.Sprintf("ranking: %s; top %d, bottom %d", s.Ranking, len(s.Top), len(s.Bottom)))
	say("surrogate limits: " + s.Limits.String())
	return s, p, nil
}
