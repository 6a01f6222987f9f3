package configspace

import (
	"encoding/json"
	"math"
	"os/exec"
	"testing"

	"github.com/nasred/nasred/internal/pyoracle"
	"github.com/nasred/nasred/nasred/datadir/datatest"

	"github.com/nasred/nasred/nasred/space/darts"
)

func nb301Path(t testing.TB) string {
	t.Helper()
	return datatest.Path(t, "nb301/nb301_configspace.json")
}

func TestOracle(t *testing.T) {
	path := nb301Path(t)
	out, err := exec.Command(pyoracle.Python(t), "testdata/oracle.py", path, "400", "1").Output()
	if err != nil {
		t.Fatalf("oracle.py: %v", err)
	}
	var cases []struct {
		Config map[string]string `json:"config"`
		Bits   []uint32          `json:"bits"`
		Names  []string          `json:"names"`
	}
	if err := json.Unmarshal(out, &cases); err != nil {
		t.Fatal(err)
	}
	s, err := ReadNB301(path)
	if err != nil {
		t.Fatal(err)
	}
	for i, h := range s.Hyperparameters() {
		if h.Name != cases[0].Names[i] {
			t.Fatalf("feature %d is %s, oracle has %s", i, h.Name, cases[0].Names[i])
		}
	}
	v := make([]float32, s.Len())
	w := make([]float32, s.Len())
	for ci, c := range cases {
		if err := s.Encode(c.Config, v); err != nil {
			t.Fatal(err)
		}
		for i := range v {
			if math.Float32bits(v[i]) != c.Bits[i] {
				t.Errorf("case %d feature %d (%s): %v, oracle %v", ci, i, c.Names[i], v[i], math.Float32frombits(c.Bits[i]))
			}
		}
		// The same through a genotype.
		g, err := darts.FromConfig(c.Config)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.EncodeNB301(g.Config(), w); err != nil {
			t.Fatal(err)
		}
		for i := range v {
			if v[i] != w[i] {
				t.Fatalf("case %d: genotype route differs at feature %d", ci, i)
			}
		}
	}
}

// TestHandValues checks a few features against values worked out by hand.
func TestHandValues(t *testing.T) {
	s, err := ReadNB301(nb301Path(t))
	if err != nil {
		t.Fatal(err)
	}
	g, err := darts.ParseGenotype("[[(0, 3), (1, 3), (0, 3), (1, 3), (1, 3), (0, 3), (0, 3), (1, 3)], [(0, 0), (1, 0), (0, 0), (1, 0), (1, 0), (0, 0), (0, 0), (1, 0)]]")
	if err != nil {
		t.Fatal(err)
	}
	v := make([]float32, s.Len())
	if err := s.EncodeNB301(g.Config(), v); err != nil {
		t.Fatal(err)
	}
	idx := map[string]int{}
	for i, h := range s.Hyperparameters() {
		idx[h.Name] = i
	}
	for _, c := range []struct {
		name string
		want float64
	}{
		// batch_size 96, log-uniform int [64, 128]: (ln 96 - ln 63.50001) / (ln 128.49999 - ln 63.50001)
		{"CreateImageDataLoader:batch_size", (math.Log(96) - math.Log(63.50001)) / (math.Log(128.49999) - math.Log(63.50001))},
		// cutout_length 16 in [1, 50]: (16 - 0.50001) / (50.49999 - 0.50001)
		{"ImageAugmentation:cutout_length", 15.49999 / 49.99998},
		{"ImageAugmentation:autoaugment", 0},                     // choices [False, True]
		{"NetworkSelectorDatasetInfo:darts:drop_path_prob", 0},   // constant
		{"OptimizerSelector:sgd:learning_rate", math.Log(0.025)}, // log-normal: ln x
		{"OptimizerSelector:sgd:momentum", (0.9 - 0.1) / (0.99 - 0.1)},
		{"SimpleLearningrateSchedulerSelector:cosine_annealing:T_max", (100 - 0.50001) / (10000.49999 - 0.50001)},
		{"NetworkSelectorDatasetInfo:darts:layers", (8 - 0.50001) / (10000.49999 - 0.50001)},
		{"NetworkSelectorDatasetInfo:darts:edge_normal_0", 3},        // sep_conv_3x3
		{"NetworkSelectorDatasetInfo:darts:edge_reduce_1", 0},        // max_pool_3x3
		{"NetworkSelectorDatasetInfo:darts:inputs_node_normal_3", 0}, // "0_1"
		{"NetworkSelectorDatasetInfo:darts:edge_normal_4", -1},       // inactive (node 3 reads 0 and 1)
	} {
		i, ok := idx[c.name]
		if !ok {
			t.Fatalf("no feature %s", c.name)
		}
		if v[i] != float32(c.want) {
			t.Errorf("%s = %v, want %v", c.name, v[i], float32(c.want))
		}
	}
}

func TestBadInput(t *testing.T) {
	s, err := ReadNB301(nb301Path(t))
	if err != nil {
		t.Fatal(err)
	}
	v := make([]float32, s.Len())
	good := map[string]string{}
	for k, x := range FixedHyperparameters {
		good[k] = x
	}
	for _, c := range []struct {
		name string
		key  string
		val  string
	}{
		{"unknown key", "nope", "1"},
		{"bad choice", "OptimizerSelector:optimizer", "adam"},
		{"out of range", "ImageAugmentation:cutout_length", "51"},
		{"not integer", "ImageAugmentation:cutout_length", "1.5"},
		{"NaN", "OptimizerSelector:sgd:momentum", "NaN"},
		{"wrong constant", "NetworkSelectorDatasetInfo:darts:drop_path_prob", "0.3"},
	} {
		cfg := map[string]string{}
		for k, x := range good {
			cfg[k] = x
		}
		cfg[c.key] = c.val
		if err := s.Encode(cfg, v); err == nil {
			t.Errorf("%s: no error", c.name)
		}
	}
	// Missing genotype keys: active edges have no value.
	if err := s.Encode(good, v); err == nil {
		t.Error("missing genotype: no error")
	}
	if _, err := Parse([]byte(`{"hyperparameters": [{"name": "a", "type": "weird"}]}`)); err == nil {
		t.Error("unknown type: no error")
	}
	if _, err := Parse([]byte(`{`)); err == nil {
		t.Error("truncated JSON: no error")
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(`{"hyperparameters": [{"name": "a", "type": "uniform_int", "lower": 1, "upper": 3, "log": true}], "conditions": []}`))
	f.Add([]byte(`{"hyperparameters": [{"name": "a", "type": "categorical", "choices": ["x", true]}, {"name": "b", "type": "constant", "value": 1}], "conditions": [{"child": "b", "parent": "a", "type": "IN", "values": ["x"]}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := Parse(b)
		if err != nil {
			return
		}
		v := make([]float32, s.Len())
		_ = s.Encode(map[string]string{}, v)
	})
}
