package study

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"

	"github.com/nasred/nasred/nasred/atomicfile"
	"github.com/nasred/nasred/nasred/train"
)

// Version is the version of the study.json format.
const Version = 1

// Files and folders of a study folder.
const (
	// File is the plan: STUDY/study.json.
	File = "study.json"
	// RunsDir holds one folder per item, named by its ID.
	RunsDir = "runs"
	// SlurmDir holds the array job script and the submitted job ids.
	SlurmDir = "slurm"
)

// Study is a planned study: every item is one genotype trained with one
// seed under the study's recipe. Items never change after planning, so an
// item's index (its position in Items, the Slurm array task id) and its ID
// are stable.
type Study struct {
	Version int `json:"version"`
	// Space is the search space of the genotypes: "darts" or "nb201".
	Space string `json:"space"`
	// Recipe holds the `nasred train` flags shared by every item, as
	// given (without --arch, --seed and --out, which each item sets).
	Recipe []string `json:"recipe"`
	// RecipeHash identifies what in the recipe changes the numbers
	// (RecipeHash): the same for recipes that differ only in logging,
	// checkpointing, time-outs, the backend or the data folder.
	RecipeHash string `json:"recipe_hash"`
	// Sources says where the genotypes came from, one line per source.
	Sources []string `json:"sources"`
	Items   []Item   `json:"items"`

	// Dir is the study folder (not stored).
	Dir string `json:"-"`
}

// Item is one training run of a study.
type Item struct {
	// ID is ItemID(space, genotype, seed, recipe hash): 12 hex digits.
	ID string `json:"id"`
	// Genotype is the cell in its canonical text form: NASLib compact for
	// darts, the NB201 string for nb201.
	Genotype string `json:"genotype"`
	Seed     uint64 `json:"seed"`
	// Source names where the genotype came from: "primskip" for a sample
	// of that constraint, "pruned-most-4" for a pruned variant, the file
	// name and line for a file.
	Source string `json:"source"`
}

// ItemID is the stable identity of a training run: the first 12 hex
// digits of the SHA-256 of the space, the genotype's canonical text, the
// seed and the recipe hash. The same run gets the same ID in every plan.
func ItemID(space, genotype string, seed uint64, recipeHash string) string {
	h := sha256.Sum256([]byte("nasred-study-item/v1|" + space + "|" + genotype + "|seed=" + strconv.FormatUint(seed, 10) + "|recipe=" + recipeHash))
	return hex.EncodeToString(h[:6])
}

// RecipeHash hashes the parts of a training configuration that change the
// numbers a run produces: network size, data set and its cut, and the
// whole optimisation recipe. It leaves out the architecture, the seed and
// the output folder (set per item) and what only changes how a run is
// carried out: logging, checkpoints, time-outs, the backend, the data
// folder.
func RecipeHash(cfg train.Config) string {
	o := cfg.Options
	key := struct {
		Space               string
		Channels, Cells     int
		Auxiliary           bool
		Dataset             string
		ValFraction         float64
		TrainLimit          int
		TestLimit           int
		Downsample          int
		Epochs, Steps, Bat  int
		LR, MinLR, Mom, WD  float64
		Clip, Aux, DropPath float64
		Cutout              int
		Mixup               float64
		Recalibrate         int
		EvalEvery, EvalBat  int
	}{cfg.Network.Space, cfg.Network.Channels, cfg.Network.Cells, cfg.Network.Auxiliary,
		cfg.Data.Dataset, cfg.Data.ValFraction, cfg.Data.TrainLimit, cfg.Data.TestLimit, cfg.Data.Downsample,
		o.Epochs, o.Steps, o.BatchSize, o.LearningRate, o.MinLearningRate, o.Momentum, o.WeightDecay,
		o.ClipNorm, o.AuxWeight, o.DropPath, o.Cutout, o.MixupAlpha, o.RecalibrateBatches, o.EvalEvery, o.EvalBatch}
	b, _ := json.Marshal(key) // a struct of numbers and strings always marshals
	h := sha256.Sum256(append([]byte("nasred-study-recipe/v1|"), b...))
	return hex.EncodeToString(h[:6])
}

// ErrNoStudy is returned (wrapped) by Load when the folder holds no
// study.json.
var ErrNoStudy = errors.New("no study here")

// Load reads STUDY/study.json and checks it.
func Load(dir string) (*Study, error) {
	path := filepath.Join(dir, File)
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			if _, derr := os.Stat(dir); derr != nil {
				return nil, fmt.Errorf("study %s: %w: %w (plan one with `nasred study plan --out %s`)", dir, ErrNoStudy, derr, dir)
			}
			return nil, fmt.Errorf("study %s: %w: no %s (plan one with `nasred study plan --out %s`)", dir, ErrNoStudy, File, dir)
		}
		return nil, fmt.Errorf("study %s: %w", dir, err)
	}
	s, err := parseStudy(data)
	if err != nil {
		return nil, fmt.Errorf("study %s: %w", path, err)
	}
	if s.Dir, err = filepath.Abs(dir); err != nil {
		return nil, fmt.Errorf("study %s: %w", dir, err)
	}
	return s, nil
}

// parseStudy decodes and checks study.json.
func parseStudy(data []byte) (*Study, error) {
	var s Study
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("decode: %w", err)
	}
	if s.Version != Version {
		return nil, fmt.Errorf("version %d: this nasred reads version %d", s.Version, Version)
	}
	if s.Space != train.SpaceDARTS && s.Space != train.SpaceNB201 {
		return nil, fmt.Errorf("space %q: expected %s or %s", s.Space, train.SpaceDARTS, train.SpaceNB201)
	}
	if len(s.Items) == 0 {
		return nil, fmt.Errorf("no items")
	}
	seen := make(map[string]int, len(s.Items))
	for i, it := range s.Items {
		if want := ItemID(s.Space, it.Genotype, it.Seed, s.RecipeHash); it.ID != want {
			return nil, fmt.Errorf("item %d: id %q, expected %q from its genotype, seed and recipe hash (was the file edited?)", i, it.ID, want)
		}
		if j, ok := seen[it.ID]; ok {
			return nil, fmt.Errorf("items %d and %d have the same id %s", j, i, it.ID)
		}
		seen[it.ID] = i
	}
	return &s, nil
}

// write stores the study atomically in s.Dir.
func (s *Study) write() error {
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return fmt.Errorf("study: %w", err)
	}
	return atomicfile.WriteBytes(filepath.Join(s.Dir, File), append(data, '\n'))
}

// RunDir is the output folder of item i: STUDY/runs/ID.
func (s *Study) RunDir(i int) string { return filepath.Join(s.Dir, RunsDir, s.Items[i].ID) }

// TrainArgs are the arguments of the `nasred train` command of item i
// (after "train"): the recipe, then --arch, --seed and --out.
func (s *Study) TrainArgs(i int) []string {
	it := s.Items[i]
	args := s.trainRecipe()
	return append(args, "--arch", it.Genotype, "--seed", strconv.FormatUint(it.Seed, 10), "--out", s.RunDir(i))
}

// trainRecipe returns the recipe flags the items train with: Recipe, with
// "--recipe paper" first when it names no recipe. Plan always names one;
// studies planned before `nasred train` had recipes were planned with the
// paper's values for every data set, which later versions give only to
// CIFAR-10 and synthetic data by default.
func (s *Study) trainRecipe() []string {
	args := slices.Clone(s.Recipe)
	if cfg, err := train.ParseArgs(args, io.Discard); err == nil && !slices.Contains(cfg.Flags, "recipe") {
		args = append([]string{"--recipe", train.RecipePaper}, args...)
	}
	return args
}

// item returns item i or an error naming the valid range.
func (s *Study) item(i int) (Item, error) {
	if i < 0 || i >= len(s.Items) {
		return Item{}, fmt.Errorf("study %s: index %d: expected 0..%d", s.Dir, i, len(s.Items)-1)
	}
	return s.Items[i], nil
}
