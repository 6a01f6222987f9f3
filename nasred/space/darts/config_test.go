package darts

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/nasred/nasred/nasred/datadir/datatest"
)

// exampleGenotype is the genotype of nb301_results_example.json, decoded
// by hand from its configuration keys (slot = offset(node) + input).
var exampleGenotype = Genotype{
	Normal: Cell{{SkipConnect, 0}, {SepConv3x3, 1}, {SepConv3x3, 0}, {SkipConnect, 1}, {DilConv3x3, 0}, {DilConv5x5, 2}, {SepConv3x3, 1}, {SkipConnect, 2}},
	Reduce: Cell{{MaxPool3x3, 0}, {AvgPool3x3, 1}, {SkipConnect, 0}, {DilConv5x5, 1}, {SepConv3x3, 1}, {SepConv5x5, 2}, {SepConv3x3, 2}, {DilConv3x3, 3}},
}

func TestConfigExampleRecord(t *testing.T) {
	data := datatest.Read(t, "nb301/nb301_results_example.json")
	// The config object is the value of optimized_hyperparamater_config.
	s := string(data)
	i := strings.Index(s, `"optimized_hyperparamater_config": `)
	j := strings.Index(s, `, "budget"`)
	if i < 0 || j < 0 {
		t.Fatal("unexpected example record layout")
	}
	g, err := ParseConfigJSON([]byte(s[i+len(`"optimized_hyperparamater_config": `) : j]))
	if err != nil {
		t.Fatal(err)
	}
	if g != exampleGenotype {
		t.Fatalf("got %v\nwant %v", g, exampleGenotype)
	}
}

func TestConfigSlots(t *testing.T) {
	// Slot numbering from the shared data README.
	tests := []struct{ j, in, slot int }{
		{2, 0, 0}, {2, 1, 1}, {3, 0, 2}, {3, 2, 4}, {4, 0, 5}, {4, 3, 8}, {5, 0, 9}, {5, 4, 13},
	}
	for _, tc := range tests {
		want := ConfigPrefix + "edge_normal_" + strconv.Itoa(tc.slot)
		if got := EdgeKey("normal", tc.j, tc.in); got != want {
			t.Errorf("EdgeKey(normal, %d, %d) = %s, want %s", tc.j, tc.in, got, want)
		}
	}
	c := exampleGenotype.Config()
	if len(c) != 22 {
		t.Errorf("Config has %d keys, want 22", len(c))
	}
	if c[ConfigPrefix+"inputs_node_reduce_5"] != "2_3" || c[ConfigPrefix+"edge_reduce_12"] != "dil_conv_3x3" {
		t.Errorf("Config = %v", c)
	}
}

func TestFromConfigErrors(t *testing.T) {
	base := exampleGenotype.Config()
	mod := func(f func(m map[string]string)) map[string]string {
		m := map[string]string{}
		for k, v := range base {
			m[k] = v
		}
		f(m)
		return m
	}
	p := ConfigPrefix
	tests := []struct {
		name string
		cfg  map[string]string
		want string
	}{
		{"missing inputs", mod(func(m map[string]string) { delete(m, p+"inputs_node_normal_4") }), "missing key " + p + "inputs_node_normal_4"},
		{"missing edge", mod(func(m map[string]string) { delete(m, p+"edge_normal_7") }), "missing key " + p + "edge_normal_7 (edge 2 → 4)"},
		{"bad op", mod(func(m map[string]string) { m[p+"edge_reduce_0"] = "conv" }), p + "edge_reduce_0: unknown operation"},
		{"bad inputs", mod(func(m map[string]string) { m[p+"inputs_node_normal_3"] = "1_0" }), `inputs_node_normal_3="1_0": want 0 <= a < b < 3`},
		{"inputs format", mod(func(m map[string]string) { m[p+"inputs_node_normal_5"] = "12" }), `want "a_b"`},
		{"inactive slot", mod(func(m map[string]string) { m[p+"edge_normal_6"] = "skip_connect" }), "keys " + p + "edge_normal_6 are not active"},
		{"unknown key", mod(func(m map[string]string) { m[p+"edge_normal_99"] = "skip_connect" }), p + "edge_normal_99"},
	}
	for _, tc := range tests {
		_, err := FromConfig(tc.cfg)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want it to contain %q", tc.name, err, tc.want)
		}
	}
	// Non-genotype keys are ignored.
	g, err := FromConfig(mod(func(m map[string]string) { m["OptimizerSelector:optimizer"] = "sgd"; m[p+"layers"] = "20" }))
	if err != nil || g != exampleGenotype {
		t.Errorf("extra hyperparameters: %v, %v", g, err)
	}
	if _, err := ParseConfigJSON([]byte(`{"` + p + `edge_normal_0": 3}`)); err == nil || !strings.Contains(err.Error(), "want a string") {
		t.Errorf("numeric op: %v", err)
	}
}

// TestConfigAgainstConfigSpace checks the slot numbering against NB301's
// own ConfigSpace definition: for random genotypes, Config must set
// exactly the genotype hyperparameters that the ConfigSpace conditions
// make active, each to one of its choices.
func TestConfigAgainstConfigSpace(t *testing.T) {
	data := datatest.Read(t, "nb301/nb301_configspace.json")
	var cs struct {
		Hyperparameters []struct {
			Name    string
			Choices []any
		}
		Conditions []struct {
			Child, Parent, Type string
			Values              []string
		}
	}
	if err := json.Unmarshal(data, &cs); err != nil {
		t.Fatal(err)
	}
	choices := map[string][]any{}
	for _, h := range cs.Hyperparameters {
		if IsGenotypeKey(h.Name) {
			choices[h.Name] = h.Choices
		}
	}
	if len(choices) != 2*(NumSlots+3) {
		t.Fatalf("%d genotype hyperparameters in the ConfigSpace, want %d", len(choices), 2*(NumSlots+3))
	}
	type cond struct {
		parent string
		values []string
	}
	conds := map[string]cond{}
	for _, c := range cs.Conditions {
		if IsGenotypeKey(c.Child) {
			if c.Type != "IN" {
				t.Fatalf("condition type %s not handled", c.Type)
			}
			conds[c.Child] = cond{c.Parent, c.Values}
		}
	}
	s, _ := NewSampler("random")
	r := NewRand(2)
	for i := 0; i < 500; i++ {
		g := s.Sample(r)
		cfg := g.Config()
		for name, ch := range choices {
			active := true
			if c, ok := conds[name]; ok {
				active = slices.Contains(c.values, cfg[c.parent])
			}
			v, set := cfg[name]
			if set != active {
				t.Fatalf("%v: %s set=%v, ConfigSpace active=%v", g, name, set, active)
			}
			if set && !slices.Contains(ch, any(v)) {
				t.Fatalf("%v: %s = %q not among choices %v", g, name, v, ch)
			}
		}
	}
}
