package study

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/nasred/nasred/internal/input"
	"github.com/nasred/nasred/nasred/analysis"
	"github.com/nasred/nasred/nasred/dataset"
	"github.com/nasred/nasred/nasred/importance"
	"github.com/nasred/nasred/nasred/removal"
	"github.com/nasred/nasred/nasred/space/darts"
	"github.com/nasred/nasred/nasred/space/nb201"
	"github.com/nasred/nasred/nasred/train"
)

// PlanOptions describe a study: genotypes from any mix of sources, the
// seeds, and the recipe. Every field is a flag of `nasred study plan`.
type PlanOptions struct {
	// Out is the study folder (required). Plan creates it; a folder that
	// already holds a different study is an error.
	Out string
	// Recipe are the `nasred train` flags every item shares (see
	// train.ParseArgs; --space and --dataset required; --arch, --seed,
	// --out and --resume are set per item and not allowed here).
	Recipe []string

	// Arches are genotypes given directly: any text form of the space, or
	// for darts a known name (DARTS_V1, DARTS_V2, PC_DARTS).
	Arches []string
	// Files are genotype files: for darts any file analysis.ReadNB301Archs
	// reads (one genotype per line in any text form, NASLib JSON, the
	// NB301 training-data zip), for nb201 one cell string per line (blank
	// lines and lines starting with '#' skipped).
	Files []string
	// Sample is "NAME:N[,NAME:N...]": N genotypes drawn under each
	// constraint, a built-in name (random, prim, skip, primskip) or a
	// constraint JSON file for darts (see darts.Constraint), only "random"
	// (uniform over the 15,625 cells) for nb201.
	Sample string
	// SampleSeed seeds the samples (darts.NewRand), drawn in the order of
	// Sample from one generator.
	SampleSeed uint64
	// PruneBase, when set, adds pruned variants of this darts genotype:
	// for every order in PruneOrders and every k in Prune, the genotype
	// with its k most (least) important edges set to none, the importance
	// being the operation importance of the 16 edges under nasred's own
	// NB301 surrogate trained on Labels (as in `nasred removal`).
	PruneBase   string
	Prune       []int
	PruneOrders []removal.Order
	// Labels is the labelled NB301 file of that surrogate (any form
	// surrogate.ReadLabels reads; "" = the 725 NASLib genotypes of the
	// benchmark data folder DataDir).
	Labels, DataDir string

	// Seeds are the training seeds: one item per genotype and seed
	// (default: seed 0 only).
	Seeds []uint64
}

// Plan builds the study that opts describe, validates every genotype and
// the recipe, and writes STUDY/study.json atomically. On any error nothing
// is written. Planning the same study again into its folder is a no-op
// that returns the stored study; a different one is an error.
func Plan(ctx context.Context, opts PlanOptions) (*Study, error) {
	if opts.Out == "" {
		return nil, errors.New("study plan: no output folder (--out STUDY)")
	}
	s, err := build(ctx, opts)
	if err != nil {
		return nil, fmt.Errorf("study plan: %w", err)
	}
	if s.Dir, err = filepath.Abs(opts.Out); err != nil {
		return nil, fmt.Errorf("study plan: %w", err)
	}
	old, err := Load(s.Dir)
	switch {
	case err == nil:
		if !reflect.DeepEqual(old.Items, s.Items) || old.RecipeHash != s.RecipeHash || old.Space != s.Space {
			return nil, fmt.Errorf("study plan: %s already holds a different study (%d items, recipe %s): choose another folder, or delete it to start over",
				s.Dir, len(old.Items), old.RecipeHash)
		}
		return old, nil
	case !errors.Is(err, ErrNoStudy):
		return nil, fmt.Errorf("study plan: %w", err)
	}
	if err := s.write(); err != nil {
		return nil, fmt.Errorf("study plan: %w", err)
	}
	return s, nil
}

// genotype is a validated genotype of the plan, in canonical text form.
type genotype struct{ text, source string }

// build makes the study of opts without writing anything.
func build(ctx context.Context, opts PlanOptions) (*Study, error) {
	cfg, err := checkRecipe(opts.Recipe)
	if err != nil {
		return nil, err
	}
	space := cfg.Network.Space
	var gs []genotype
	var sources []string
	add := func(more []genotype, what string) {
		gs = append(gs, more...)
		sources = append(sources, fmt.Sprintf("%s: %d genotypes", what, len(more)))
	}
	for i, a := range opts.Arches {
		g, err := parseGenotype(space, a)
		if err != nil {
			return nil, fmt.Errorf("genotype %d (--arch %s): %w", i+1, short(a), err)
		}
		add([]genotype{{g, "arch"}}, "--arch "+short(a))
	}
	for _, f := range opts.Files {
		more, err := readGenotypeFile(ctx, space, f)
		if err != nil {
			return nil, err
		}
		add(more, "file "+f)
	}
	if opts.Sample != "" {
		more, what, err := sample(ctx, space, opts.Sample, opts.SampleSeed)
		if err != nil {
			return nil, err
		}
		add(more, what)
	}
	if opts.PruneBase != "" {
		more, what, err := pruned(ctx, space, opts)
		if err != nil {
			return nil, err
		}
		add(more, what)
	} else if len(opts.Prune) > 0 {
		return nil, errors.New("--prune needs --prune-base (the genotype to prune)")
	}
	if len(gs) == 0 {
		return nil, errors.New("no genotypes: give --arch, --genotypes FILE, --sample NAME:N or --prune-base")
	}
	for _, g := range gs {
		if err := checkNetwork(cfg, g.text); err != nil {
			return nil, fmt.Errorf("genotype %s (%s): %w", g.text, g.source, err)
		}
	}
	seeds := opts.Seeds
	if len(seeds) == 0 {
		seeds = []uint64{0}
	}
	s := &Study{Version: Version, Space: space, Recipe: pinRecipe(opts.Recipe, cfg), RecipeHash: RecipeHash(cfg), Sources: sources}
	seen := make(map[string]bool)
	dups := 0
	for _, g := range gs {
		for _, seed := range seeds {
			id := ItemID(space, g.text, seed, s.RecipeHash)
			if seen[id] {
				dups++
				continue
			}
			seen[id] = true
			s.Items = append(s.Items, Item{ID: id, Genotype: g.text, Seed: seed, Source: g.source})
		}
	}
	if dups > 0 {
		s.Sources = append(s.Sources, fmt.Sprintf("%d duplicate items dropped (same genotype and seed as an earlier one)", dups))
	}
	return s, nil
}

// pinRecipe returns the recipe flags with the training recipe they
// resolved to (cfg.Recipe) named first when they do not name one, so that
// a later nasred with other per-data-set defaults runs the study's items
// with the values it was planned with.
func pinRecipe(recipe []string, cfg train.Config) []string {
	if slices.Contains(cfg.Flags, "recipe") {
		return slices.Clone(recipe)
	}
	return append([]string{"--recipe", cfg.Recipe}, recipe...)
}

// perItemFlags are the `nasred train` flags each item sets itself.
var perItemFlags = []string{"arch", "seed", "out", "resume"}

// checkRecipe parses the recipe and checks that it names a space and a
// data set and leaves the per-item flags alone.
func checkRecipe(recipe []string) (train.Config, error) {
	for _, a := range recipe {
		if !strings.HasPrefix(a, "-") {
			continue
		}
		name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if slices.Contains(perItemFlags, name) {
			return train.Config{}, fmt.Errorf("recipe flag %s: each item sets --arch, --seed and --out itself (give genotypes and --seeds to plan instead)", a)
		}
	}
	cfg, err := train.ParseArgs(recipe, io.Discard)
	if err != nil {
		return cfg, fmt.Errorf("recipe %q: %w", strings.Join(recipe, " "), err)
	}
	if cfg.Network.Space != train.SpaceDARTS && cfg.Network.Space != train.SpaceNB201 {
		return cfg, fmt.Errorf("recipe: --space %q: expected %s or %s (give the nasred train flags after --)", cfg.Network.Space, train.SpaceDARTS, train.SpaceNB201)
	}
	switch cfg.Data.Dataset {
	case dataset.MNIST, dataset.FashionMNIST, dataset.CIFAR10, dataset.Synthetic:
	default:
		return cfg, fmt.Errorf("recipe: --dataset %q: expected %s, %s, %s or %s", cfg.Data.Dataset, dataset.MNIST, dataset.FashionMNIST, dataset.CIFAR10, dataset.Synthetic)
	}
	o := cfg.Options
	if o.Cutout < 0 {
		o.Cutout = 0 // resolved from the image size at run time
	}
	if err := o.Validate(); err != nil {
		return cfg, fmt.Errorf("recipe: %w", err)
	}
	return cfg, nil
}

// parseGenotype reads one genotype of space in any text form and returns
// its canonical text.
func parseGenotype(space, s string) (string, error) {
	s = strings.TrimSpace(s)
	if space == train.SpaceNB201 {
		c, err := nb201.Parse(s)
		if err != nil {
			return "", err
		}
		return c.String(), nil
	}
	if g, ok := darts.Known()[s]; ok {
		return g.CompactString(), nil
	}
	g, err := darts.ParseGenotype(s)
	if err != nil {
		return "", err
	}
	return g.CompactString(), nil
}

// checkNetwork builds the network of genotype under the recipe (without a
// backend), so that a genotype the trainer would reject fails the plan.
func checkNetwork(cfg train.Config, genotype string) error {
	spec := cfg.Network
	spec.Arch, spec.Classes, spec.InputChannels = genotype, 10, 3
	_, _, err := train.BuildNetwork(spec)
	return err
}

// MaxGenotypeFileBytes bounds an NB201 genotype file (--genotypes, one
// cell per line, read line by line): 256 MiB; NASRED_MAX_INPUT_BYTES
// replaces it. DARTS genotype files have analysis.ReadNB301Archs's limits.
const MaxGenotypeFileBytes = 256 << 20

// readGenotypeFile reads the genotypes of a file ("-": standard input).
func readGenotypeFile(ctx context.Context, space, path string) ([]genotype, error) {
	base := filepath.Base(path)
	if space == train.SpaceDARTS {
		a, err := analysis.ReadNB301Archs(ctx, path, nil)
		if err != nil {
			return nil, err
		}
		out := make([]genotype, len(a.Genotypes))
		for i, g := range a.Genotypes {
			out[i] = genotype{g.CompactString(), base + "#" + strconv.Itoa(a.Index[i])}
		}
		return out, nil
	}
	f, err := input.Open(ctx, path, input.Limit{What: "an NB201 genotype file (--genotypes)", Bytes: MaxGenotypeFileBytes})
	if err != nil {
		return nil, fmt.Errorf("genotype file: %w", err)
	}
	defer f.Close()
	var out []genotype
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	for n := 0; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		c, err := nb201.Parse(line)
		if err != nil {
			return nil, fmt.Errorf("genotype file %s line %d (want one NB201 cell |op~0|+|op~0|op~1|+|op~0|op~1|op~2| per line): %w", path, n+1, err)
		}
		out = append(out, genotype{c.String(), base + "#" + strconv.Itoa(n+1)})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("genotype file %s: %w", path, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("genotype file %s: no genotypes (want one NB201 cell per line)", path)
	}
	return out, nil
}

// sample draws the genotypes of a spec "NAME:N[,NAME:N...]".
func sample(ctx context.Context, space, spec string, seed uint64) ([]genotype, string, error) {
	r := darts.NewRand(seed)
	var out []genotype
	for _, part := range strings.Split(spec, ",") {
		name, ns, ok := cutLast(strings.TrimSpace(part), ":")
		n, err := strconv.Atoi(ns)
		if !ok || name == "" || err != nil || n <= 0 {
			return nil, "", fmt.Errorf("--sample %q: part %q: expected NAME:N with N > 0, e.g. primskip:20,random:20", spec, part)
		}
		if space == train.SpaceNB201 {
			if name != "random" {
				return nil, "", fmt.Errorf("--sample %q: nb201 has only the constraint random (uniform over the %d cells), not %q", spec, nb201.NumCells, name)
			}
			for range n {
				c, _ := nb201.FromCode(r.IntN(nb201.NumCells))
				out = append(out, genotype{c.String(), name})
			}
			continue
		}
		var c darts.Constraint
		if strings.HasSuffix(name, ".json") || strings.ContainsRune(name, os.PathSeparator) {
			c, err = darts.LoadConstraint(ctx, name)
			if c.Name == "" {
				c.Name = strings.TrimSuffix(filepath.Base(name), ".json")
			}
		} else {
			c, err = darts.BuiltinConstraint(name)
		}
		if err != nil {
			return nil, "", fmt.Errorf("--sample %q: %w", spec, err)
		}
		smp, err := c.Sampler()
		if err != nil {
			return nil, "", fmt.Errorf("--sample %q: %w", spec, err)
		}
		for range n {
			out = append(out, genotype{smp.Sample(r).CompactString(), c.Name})
		}
	}
	return out, fmt.Sprintf("--sample %s (seed %d)", spec, seed), nil
}

// pruned makes the pruned variants of opts.PruneBase.
func pruned(ctx context.Context, space string, opts PlanOptions) ([]genotype, string, error) {
	if space != train.SpaceDARTS {
		return nil, "", fmt.Errorf("--prune-base: pruning by operation importance needs --space %s, not %s", train.SpaceDARTS, space)
	}
	text, err := parseGenotype(space, opts.PruneBase)
	if err != nil {
		return nil, "", fmt.Errorf("--prune-base %s: %w", short(opts.PruneBase), err)
	}
	base := darts.MustParse(text)
	if err := base.Validate(false); err != nil {
		return nil, "", fmt.Errorf("--prune-base %s: %w", short(opts.PruneBase), err)
	}
	ks := opts.Prune
	if len(ks) == 0 {
		ks = []int{4}
	}
	for _, k := range ks {
		if k < 1 || k > darts.NumEdges {
			return nil, "", fmt.Errorf("--prune %d: expected 1..%d edges", k, darts.NumEdges)
		}
	}
	orders := opts.PruneOrders
	if len(orders) == 0 {
		orders = []removal.Order{removal.MostFirst, removal.LeastFirst}
	}
	labels := opts.Labels
	if labels == "" {
		if _, labels, err = analysis.NB301Data(opts.DataDir); err != nil {
			return nil, "", fmt.Errorf("--prune-base: the surrogate's labels: %w", err)
		}
	}
	model, desc, err := analysis.OwnSurrogate(ctx, labels)
	if err != nil {
		return nil, "", fmt.Errorf("--prune-base: surrogate: %w", err)
	}
	ois, err := importance.NB301(ctx, model, []darts.Genotype{base}, importance.Options{})
	if err != nil {
		return nil, "", fmt.Errorf("--prune-base: importance of %s: %w", text, err)
	}
	var out []genotype
	for _, o := range orders {
		order := removal.RemovalOrder(ois[0].OI, o)
		for _, k := range ks {
			edges := slices.Clone(order[:k])
			slices.Sort(edges)
			out = append(out, genotype{removal.Prune(base, edges).CompactString(), fmt.Sprintf("pruned-%s-%d", OrderName(o), k)})
		}
	}
	return out, fmt.Sprintf("--prune-base %s pruned by %v (OI under %s)", text, ks, desc), nil
}

// OrderName is the short name of a removal order in item sources and the
// --prune-order flag: "most" or "least".
func OrderName(o removal.Order) string {
	if o == removal.MostFirst {
		return "most"
	}
	return "least"
}

// ParseOrder reads "most" or "least".
func ParseOrder(s string) (removal.Order, error) {
	switch s {
	case "most":
		return removal.MostFirst, nil
	case "least":
		return removal.LeastFirst, nil
	}
	return 0, fmt.Errorf("prune order %q: expected most or least", s)
}

func cutLast(s, sep string) (before, after string, ok bool) {
	i := strings.LastIndex(s, sep)
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+len(sep):], true
}

func short(s string) string {
	if len(s) > 80 {
		return strconv.Quote(s[:77] + "...")
	}
	return strconv.Quote(s)
}
