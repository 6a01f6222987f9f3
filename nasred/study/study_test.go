package study

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/nasred/nasred/nasred/analysis"
	"github.com/nasred/nasred/nasred/datadir/datatest"
	"github.com/nasred/nasred/nasred/space/darts"
	"github.com/nasred/nasred/nasred/train"
)

func TestItemID(t *testing.T) {
	g := darts.DARTSV2.CompactString()
	base := ItemID("darts", g, 0, "abc")
	// The id is part of the on-disk format: it must never change (value
	// from: printf "nasred-study-item/v1|darts|G|seed=0|recipe=abc" | sha256sum).
	if base != "6907144465c3" {
		t.Errorf("ItemID = %s, the stored ids of existing studies are 6907144465c3", base)
	}
	for name, other := range map[string]string{
		"space":    ItemID("nb201", g, 0, "abc"),
		"genotype": ItemID("darts", darts.DARTSV1.CompactString(), 0, "abc"),
		"seed":     ItemID("darts", g, 1, "abc"),
		"recipe":   ItemID("darts", g, 0, "abd"),
	} {
		if other == base {
			t.Errorf("changing the %s kept the id %s", name, base)
		}
	}
}

func TestRecipeHash(t *testing.T) {
	hash := func(args ...string) string {
		t.Helper()
		cfg, err := train.ParseArgs(append(append([]string(nil), tinyRecipe...), args...), io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		return RecipeHash(cfg)
	}
	base := hash()
	for _, same := range [][]string{{"--log-every", "7"}, {"--backend", "go"}, {"--out", "/x"}, {"--arch", "DARTS_V1"}, {"--seed", "5"}} {
		if h := hash(same...); h != base {
			t.Errorf("%v changed the recipe hash %s to %s", same, base, h)
		}
	}
	for _, diff := range [][]string{{"--steps", "5"}, {"--channels", "8"}, {"--batch", "16"}, {"--train-limit", "65"}, {"--recipe", "quick"}} {
		if h := hash(diff...); h == base {
			t.Errorf("%v kept the recipe hash %s", diff, base)
		}
	}
	// The hashes are part of the on-disk format (item ids, the runner's
	// check): recipes that resolve to the paper's values keep the hashes
	// of nasred before per-data-set recipes (values printed by it).
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--space", "darts", "--dataset", "cifar10", "--data-dir", "/x"}, "136e15ad8754"},
		{[]string{"--space", "darts", "--dataset", "cifar10", "--recipe", "paper"}, "136e15ad8754"},
		{[]string{"--space", "darts", "--dataset", "synthetic", "--channels", "4", "--cells", "2", "--steps", "20"}, "ef409145dbfb"},
		{[]string{"--recipe", "paper", "--space", "nb201", "--dataset", "mnist", "--channels", "8", "--cells", "1", "--steps", "150", "--batch", "32"}, "7e4f00349b41"},
	} {
		cfg, err := train.ParseArgs(tc.args, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		if h := RecipeHash(cfg); h != tc.want {
			t.Errorf("%q: recipe hash %s, want %s", tc.args, h, tc.want)
		}
	}
}

// TestRecipePinned: Plan names the recipe a recipe resolved to, and a
// study planned before recipes existed (no --recipe, the paper's values
// for every data set, here MNIST whose default is now quick) still trains
// its items with the paper's values; a study whose hash the recipe no
// longer gives is refused.
func TestRecipePinned(t *testing.T) {
	mnist := []string{"--space", "nb201", "--dataset", "mnist", "--channels", "8", "--cells", "1", "--steps", "150", "--batch", "32"}
	for _, tc := range []struct {
		recipe, want []string
	}{
		{tinyRecipe, append([]string{"--recipe", "paper"}, tinyRecipe...)},
		{mnist, append([]string{"--recipe", "quick"}, mnist...)},
		{append([]string{"--recipe=paper"}, mnist...), append([]string{"--recipe=paper"}, mnist...)},
	} {
		cfg, err := checkRecipe(tc.recipe)
		if err != nil {
			t.Fatal(err)
		}
		got := pinRecipe(tc.recipe, cfg)
		if !slices.Equal(got, tc.want) {
			t.Errorf("pinRecipe(%q) = %q, want %q", tc.recipe, got, tc.want)
		}
	}
	s := planTiny(t, 1)
	if !slices.Equal(s.Recipe[:2], []string{"--recipe", "paper"}) || !slices.Equal(s.TrainArgs(0)[:2], s.Recipe[:2]) {
		t.Errorf("planned recipe %q, train args %q", s.Recipe, s.TrainArgs(0))
	}

	// A version-1 study.json written before recipes, on MNIST.
	old := &Study{Version: Version, Space: "nb201", Recipe: mnist, RecipeHash: "7e4f00349b41"}
	g := "|nor_conv_3x3~0|+|nor_conv_3x3~0|skip_connect~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|"
	old.Items = []Item{{ID: ItemID("nb201", g, 0, old.RecipeHash), Genotype: g, Source: "arch"}}
	old.Dir = filepath.Join(t.TempDir(), "old")
	if err := os.MkdirAll(old.Dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := old.write(); err != nil {
		t.Fatal(err)
	}
	r, err := newRunner(old.Dir, RunOptions{Nasred: "nasred"})
	if err != nil {
		t.Fatal(err)
	}
	if o := r.cfg.Options; r.cfg.Recipe != "paper" || o.LearningRate != 0.025 || o.MixupAlpha != 0.2 {
		t.Errorf("old study runs with recipe %s, options %+v", r.cfg.Recipe, o)
	}
	args := r.s.TrainArgs(0)
	if !slices.Equal(args[:2], []string{"--recipe", "paper"}) || !slices.Equal(args[2:len(mnist)+2], mnist) {
		t.Errorf("old study's train args %q", args)
	}
	// The same file with another hash: the recipe no longer gives it.
	old.RecipeHash = "000000000000"
	old.Items[0].ID = ItemID("nb201", g, 0, old.RecipeHash)
	if err := old.write(); err != nil {
		t.Fatal(err)
	}
	if _, err := newRunner(old.Dir, RunOptions{Nasred: "nasred"}); err == nil || !strings.Contains(err.Error(), "gives recipe hash 7e4f00349b41") {
		t.Errorf("changed hash: %v", err)
	}
}

func TestPlan(t *testing.T) {
	s := planTiny(t, 3, 0, 1)
	if len(s.Items) != 6 || s.Space != "darts" || len(s.Sources) != 1 {
		t.Fatalf("plan: %d items, space %s, sources %q", len(s.Items), s.Space, s.Sources)
	}
	for i, it := range s.Items {
		if it.Seed != uint64(i%2) || it.Source != "random" {
			t.Errorf("item %d: %+v", i, it)
		}
		if _, err := darts.ParseCompact(it.Genotype); err != nil {
			t.Errorf("item %d: %v", i, err)
		}
	}
	got, err := Load(s.Dir)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, s) {
		t.Errorf("Load = %+v, want %+v", got, s)
	}
	// Planning the same again is a no-op; a different plan is refused.
	opts := PlanOptions{Out: s.Dir, Recipe: tinyRecipe, Sample: "random:3", Seeds: []uint64{0, 1}}
	if _, err := Plan(t.Context(), opts); err != nil {
		t.Errorf("same plan again: %v", err)
	}
	opts.Seeds = []uint64{0}
	if _, err := Plan(t.Context(), opts); err == nil || !strings.Contains(err.Error(), "different study") {
		t.Errorf("different plan into the same folder: %v", err)
	}
	// The same samples with the same seed in another folder give the same ids.
	s2 := planTiny(t, 3, 0, 1)
	if !reflect.DeepEqual(s.Items, s2.Items) {
		t.Errorf("replanning changed the items")
	}
}

func TestPlanSources(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "g.txt")
	os.WriteFile(file, []byte("# two genotypes\n"+darts.DARTSV1.DARTSString()+"\n\n"+darts.PCDARTS.CompactString()+"\n"), 0o644)
	s, err := Plan(t.Context(), PlanOptions{Out: filepath.Join(dir, "s"), Recipe: tinyRecipe,
		Arches: []string{"DARTS_V2", darts.DARTSV1.CompactString()}, Files: []string{file}, Sample: "primskip:2,prim:1", SampleSeed: 3})
	if err != nil {
		t.Fatal(err)
	}
	var sources []string
	for _, it := range s.Items {
		sources = append(sources, it.Source)
	}
	// DARTS_V1 from the file repeats the second --arch: dropped.
	want := []string{"arch", "arch", "g.txt#1", "primskip", "primskip", "prim"}
	if !reflect.DeepEqual(sources, want) {
		t.Errorf("sources %q, want %q", sources, want)
	}
	if s.Items[0].Genotype != darts.DARTSV2.CompactString() || s.Items[2].Genotype != darts.PCDARTS.CompactString() {
		t.Errorf("items %+v", s.Items)
	}
	if !strings.Contains(strings.Join(s.Sources, "\n"), "1 duplicate items dropped") {
		t.Errorf("sources %q", s.Sources)
	}
	// The samples are the darts samplers' with NewRand(SampleSeed).
	r := darts.NewRand(3)
	ps, _ := darts.NewSampler("primskip")
	if g := ps.Sample(r).CompactString(); s.Items[3].Genotype != g {
		t.Errorf("first primskip sample %s, want %s", s.Items[3].Genotype, g)
	}
}

func TestPlanNB201(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "cells.txt")
	cell := "|nor_conv_3x3~0|+|skip_connect~0|nor_conv_1x1~1|+|skip_connect~0|avg_pool_3x3~1|nor_conv_3x3~2|"
	os.WriteFile(file, []byte(cell+"\n"), 0o644)
	recipe := []string{"--space", "nb201", "--dataset", "synthetic", "--channels", "4", "--cells", "1", "--steps", "2"}
	s, err := Plan(t.Context(), PlanOptions{Out: filepath.Join(dir, "s"), Recipe: recipe, Files: []string{file}, Sample: "random:2"})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Items) != 3 || s.Items[0].Genotype != cell || s.Space != "nb201" {
		t.Fatalf("items %+v", s.Items)
	}
}

// TestPlanErrors checks that every bad input is an error naming it and
// that nothing is written.
func TestPlanErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.txt")
	os.WriteFile(bad, []byte(darts.DARTSV2.CompactString()+"\n[[(0, 3)]]\n"), 0o644)
	nbBad := filepath.Join(dir, "nb.txt")
	os.WriteFile(nbBad, []byte("|bogus~0|+|none~0|none~1|+|none~0|none~1|none~2|\n"), 0o644)
	nb201 := []string{"--space", "nb201", "--dataset", "synthetic"}
	for _, tc := range []struct {
		name string
		opts PlanOptions
		want string
	}{
		{"no genotypes", PlanOptions{}, "no genotypes"},
		{"bad arch", PlanOptions{Arches: []string{"DARTS_V9"}}, `--arch "DARTS_V9"`},
		{"bad file line", PlanOptions{Files: []string{bad}}, "bad.txt line 2"},
		{"missing file", PlanOptions{Files: []string{filepath.Join(dir, "none.txt")}}, "none.txt"},
		{"nb201 bad file", PlanOptions{Files: []string{nbBad}, Recipe: nb201}, "nb.txt line 1"},
		{"sample spec", PlanOptions{Sample: "random"}, "expected NAME:N"},
		{"sample count", PlanOptions{Sample: "random:0"}, "expected NAME:N"},
		{"sample name", PlanOptions{Sample: "wild:2"}, `unknown constraint "wild"`},
		{"nb201 sampler", PlanOptions{Sample: "prim:2", Recipe: nb201}, "nb201 has only the constraint random"},
		{"nb201 prune", PlanOptions{PruneBase: "DARTS_V2", Recipe: nb201}, "needs --space darts"},
		{"prune without base", PlanOptions{Sample: "random:1", Prune: []int{2}}, "needs --prune-base"},
		{"prune count", PlanOptions{PruneBase: "DARTS_V2", Prune: []int{17}}, "--prune 17"},
		{"recipe arch", PlanOptions{Sample: "random:1", Recipe: append([]string{"--arch", "DARTS_V2"}, tinyRecipe...)}, "--arch"},
		{"recipe seed", PlanOptions{Sample: "random:1", Recipe: append([]string{"--seed=3"}, tinyRecipe...)}, "--seed=3"},
		{"recipe space", PlanOptions{Sample: "random:1", Recipe: []string{"--dataset", "synthetic"}}, `--space ""`},
		{"recipe dataset", PlanOptions{Sample: "random:1", Recipe: []string{"--space", "darts", "--dataset", "imagenet"}}, `--dataset "imagenet"`},
		{"recipe flag", PlanOptions{Sample: "random:1", Recipe: []string{"--space", "darts", "--dataset", "synthetic", "--nope"}}, "--nope"},
		{"recipe steps", PlanOptions{Sample: "random:1", Recipe: []string{"--space", "darts", "--dataset", "synthetic", "--steps", "-1"}}, "steps -1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := tc.opts
			o.Out = filepath.Join(dir, "study-"+strings.ReplaceAll(tc.name, " ", "-"))
			if o.Recipe == nil {
				o.Recipe = tinyRecipe
			}
			_, err := Plan(t.Context(), o)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
			if _, serr := os.Stat(o.Out); !errors.Is(serr, os.ErrNotExist) {
				t.Errorf("a failed plan wrote %s", o.Out)
			}
		})
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := Load(filepath.Join(dir, "missing")); !errors.Is(err, ErrNoStudy) || !strings.Contains(err.Error(), "missing") {
		t.Errorf("missing folder: %v", err)
	}
	if _, err := Load(dir); !errors.Is(err, ErrNoStudy) || !strings.Contains(err.Error(), "no study.json") {
		t.Errorf("empty folder: %v", err)
	}
	s := planTiny(t, 1)
	data, _ := os.ReadFile(filepath.Join(s.Dir, File))
	edited := strings.Replace(string(data), `"seed": 0`, `"seed": 7`, 1)
	os.WriteFile(filepath.Join(s.Dir, File), []byte(edited), 0o644)
	if _, err := Load(s.Dir); err == nil || !strings.Contains(err.Error(), "was the file edited") {
		t.Errorf("edited seed: %v", err)
	}
}

func TestArraySpec(t *testing.T) {
	for _, tc := range []struct {
		in   []int
		want string
	}{
		{[]int{0}, "0"},
		{[]int{0, 1, 2, 3}, "0-3"},
		{[]int{7, 0, 1, 3, 9, 10}, "0-1,3,7,9-10"},
		{[]int{2, 4, 6}, "2,4,6"},
	} {
		if got := ArraySpec(tc.in); got != tc.want {
			t.Errorf("ArraySpec(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestParseSqueue(t *testing.T) {
	out := "12|0|RUNNING\n12|3|PENDING\n13|N/A|RUNNING\n12|99|PENDING\ngarbage\n"
	got := parseSqueue([]byte(out), 10)
	want := map[int]string{0: "12_0 RUNNING", 3: "12_3 PENDING"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("parseSqueue = %v, want %v", got, want)
	}
}

func TestParseMetrics(t *testing.T) {
	h := train.MetricsHeader + "\n"
	for _, tc := range []struct {
		name, csv string
		want      metrics
		err       string
	}{
		{"final", h + "2,0.5,0.1,0,1,0.2,0.300000,,1.0\n4,1,0,0,1,0.3,0.250000,0.400000,2.0\n",
			metrics{steps: 4, finalTest: 0.4, bestTest: 0.4, finalVal: 0.25, bestVal: 0.3, rows: 2}, ""},
		{"unfinished", h + "2,0.5,0.1,0,1,0.2,0.3,,1.0\n", metrics{}, "did not finish"},
		{"header", "step,epoch\n1,1\n", metrics{}, "want the header"},
		{"fields", h + "2,0.5,0.1\n", metrics{}, "wrong number of fields"},
		{"accuracy", h + "2,0.5,0.1,0,1,0.2,1.5,0.4,1.0\n", metrics{}, `"1.5": expected an accuracy`},
		{"step order", h + "4,1,0,0,1,0.3,0.2,,2.0\n2,0.5,0.1,0,1,0.2,0.3,0.4,1.0\n", metrics{}, "above the previous"},
	} {
		m, err := parseMetrics(strings.NewReader(tc.csv), "m.csv")
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s: error %v, want %q", tc.name, err, tc.err)
			}
			continue
		}
		if err != nil || m != tc.want {
			t.Errorf("%s: %+v, %v; want %+v", tc.name, m, err, tc.want)
		}
	}
}

func FuzzParseMetrics(f *testing.F) {
	f.Add(train.MetricsHeader + "\n4,1,0,0,1,0.3,0.25,0.4,2.0\n")
	f.Add(train.MetricsHeader + "\n4,1,0,0,1,0.3,,0.4,2.0\n")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		m, err := parseMetrics(strings.NewReader(s), "fuzz")
		if err != nil {
			return
		}
		if m.steps <= 0 || !(m.finalTest >= 0 && m.finalTest <= 1) || m.bestTest < m.finalTest {
			t.Errorf("accepted %q as %+v", s, m)
		}
	})
}

func FuzzParseStudy(f *testing.F) {
	s := &Study{Version: Version, Space: "darts", RecipeHash: "r", Items: []Item{{ID: ItemID("darts", "g", 0, "r"), Genotype: "g"}}}
	data, _ := jsonBytes(s)
	f.Add(data)
	f.Add([]byte(`{"version": 1}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := parseStudy(data)
		if err != nil {
			return
		}
		if len(s.Items) == 0 {
			t.Errorf("accepted a study without items")
		}
		for _, it := range s.Items {
			if it.ID != ItemID(s.Space, it.Genotype, it.Seed, s.RecipeHash) {
				t.Errorf("accepted item %+v with a wrong id", it)
			}
		}
	})
}

// TestPlanPrune prunes DARTS_V2 by the OI under the surrogate of the
// labelled NB301 genotypes: each variant has exactly k none edges, the
// others as in the base, and the most- and least-important variants
// differ, and the larger prunings extend the smaller ones.
func TestPlanPrune(t *testing.T) {
	labels := datatest.Path(t, analysis.NB301LabelledFile)
	s, err := Plan(t.Context(), PlanOptions{Out: filepath.Join(t.TempDir(), "s"), Recipe: tinyRecipe,
		PruneBase: "DARTS_V2", Prune: []int{2, 4}, Labels: labels})
	if err != nil {
		t.Fatal(err)
	}
	wantSources := []string{"pruned-most-2", "pruned-most-4", "pruned-least-2", "pruned-least-4"}
	if len(s.Items) != 4 {
		t.Fatalf("items %+v", s.Items)
	}
	none := map[string][]int{}
	for k, it := range s.Items {
		if it.Source != wantSources[k] {
			t.Errorf("item %d source %s, want %s", k, it.Source, wantSources[k])
		}
		g := darts.MustParse(it.Genotype)
		for e := range darts.NumEdges {
			if g.Edge(e).Op == darts.None {
				none[it.Source] = append(none[it.Source], e)
			} else if g.Edge(e) != darts.DARTSV2.Edge(e) {
				t.Errorf("%s: edge %d changed to %v", it.Source, e, g.Edge(e))
			}
		}
	}
	for _, src := range wantSources {
		k := 2
		if strings.HasSuffix(src, "4") {
			k = 4
		}
		if len(none[src]) != k {
			t.Errorf("%s: none edges %v", src, none[src])
		}
	}
	if reflect.DeepEqual(none["pruned-most-2"], none["pruned-least-2"]) {
		t.Errorf("most and least important pruning removed the same edges %v", none["pruned-most-2"])
	}
	// Pruning k+2 edges removes the k of the smaller variant and more.
	for _, o := range []string{"most", "least"} {
		small, big := none["pruned-"+o+"-2"], none["pruned-"+o+"-4"]
		for _, e := range small {
			if !slices.Contains(big, e) {
				t.Errorf("%s: 2 pruned edges %v are not among the 4 %v", o, small, big)
			}
		}
	}
}

func TestBySource(t *testing.T) {
	res := []Result{
		{Source: "primskip", Seed: 1, FinalTest: 0.1},
		{Source: "random", Seed: 0, FinalTest: 0.2},
		{Source: "primskip", Seed: 0, FinalTest: 0.3},
		{Source: "primskip", Seed: 0, FinalTest: 0.4},
	}
	sources, seeds, vals := BySource(res, func(r Result) float64 { return r.FinalTest })
	wantVals := [][][]float64{{{0.3, 0.4}, {0.2}}, {{0.1}, nil}}
	if !reflect.DeepEqual(sources, []string{"primskip", "random"}) || !reflect.DeepEqual(seeds, []uint64{0, 1}) || !reflect.DeepEqual(vals, wantVals) {
		t.Errorf("BySource = %q %v %v", sources, seeds, vals)
	}
}
