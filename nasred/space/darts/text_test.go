package darts

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/nasred/nasred/nasred/datadir/datatest"
)

// dartsV2Text is DARTS_V2 verbatim from DARTS' genotypes.py.
const dartsV2Text = "Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('dil_conv_3x3', 2)], normal_concat=[2, 3, 4, 5], reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)], reduce_concat=[2, 3, 4, 5])"

// pcdartsText is PC_DARTS_cifar verbatim from PC-DARTS' genotypes.py
// (pairs nested per node, concat as range).
const pcdartsText = "Genotype(normal=[[('sep_conv_3x3', 1), ('skip_connect', 0)], [('sep_conv_3x3', 0), ('dil_conv_3x3', 1)], [('sep_conv_5x5', 0), ('sep_conv_3x3', 1)], [('avg_pool_3x3', 0), ('dil_conv_3x3', 1)]], normal_concat=range(2, 6), reduce=[[('sep_conv_5x5', 1), ('max_pool_3x3', 0)], [('sep_conv_5x5', 1), ('sep_conv_5x5', 2)], [('sep_conv_3x3', 0), ('sep_conv_3x3', 3)], [('sep_conv_3x3', 1), ('sep_conv_3x3', 2)]], reduce_concat=range(2, 6))"

func TestDARTSStringExact(t *testing.T) {
	if got := DARTSV2.DARTSString(); got != dartsV2Text {
		t.Fatalf("DARTSV2.DARTSString() =\n%s\nwant\n%s", got, dartsV2Text)
	}
	g, err := ParseDARTS(dartsV2Text)
	if err != nil || g != DARTSV2 {
		t.Fatalf("ParseDARTS(DARTS_V2) = %v, %v; want DARTSV2", g, err)
	}
	g, err = ParseDARTS(pcdartsText)
	if err != nil || g != PCDARTS {
		t.Fatalf("ParseDARTS(PC_DARTS_cifar) = %v, %v; want PCDARTS", g, err)
	}
}

func TestCompactStringExact(t *testing.T) {
	// DARTS_V2 written by hand in NASLib's op numbering.
	want := "[[(0, 3), (1, 3), (0, 3), (1, 3), (1, 3), (0, 2), (0, 2), (2, 5)], [(0, 0), (1, 0), (2, 2), (1, 0), (0, 0), (2, 2), (2, 2), (1, 0)]]"
	if got := DARTSV2.CompactString(); got != want {
		t.Fatalf("CompactString() =\n%s\nwant\n%s", got, want)
	}
	wantTuple := strings.NewReplacer("[", "(", "]", ")").Replace(want)
	if got := DARTSV2.CompactTupleString(); got != wantTuple {
		t.Fatalf("CompactTupleString() = %s, want %s", got, wantTuple)
	}
}

func TestParseGenotypeForms(t *testing.T) {
	cfg, _ := json.Marshal(DARTSV2.Config())
	forms := map[string]string{
		"darts":           dartsV2Text,
		"darts multiline": strings.ReplaceAll(dartsV2Text, ", ", ",\n    "),
		"darts dquote":    strings.ReplaceAll(dartsV2Text, "'", `"`),
		"darts positional": strings.NewReplacer("normal=", "", "normal_concat=", "", "reduce=", "", "reduce_concat=", "").
			Replace(dartsV2Text),
		"darts no concat": "Genotype(reduce=" + DARTSV2.DARTSString()[strings.Index(dartsV2Text, "reduce=[")+7:strings.Index(dartsV2Text, ", reduce_concat")] +
			", normal=" + dartsV2Text[len("Genotype(normal="):strings.Index(dartsV2Text, ", normal_concat")] + ")",
		"darts trailing commas": strings.ReplaceAll(dartsV2Text, ")])", "),],)"),
		"compact list":          DARTSV2.CompactString(),
		"compact tuple":         DARTSV2.CompactTupleString(),
		"compact json":          "[[[0,3],[1,3],[0,3],[1,3],[1,3],[0,2],[0,2],[2,5]],[[0,0],[1,0],[2,2],[1,0],[0,0],[2,2],[2,2],[1,0]]]",
		"compact spaced":        "  " + DARTSV2.CompactString() + "\n",
	}
	for name, s := range forms {
		g, err := ParseGenotype(s)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if g != DARTSV2 {
			t.Errorf("%s: got %v, want DARTSV2", name, g)
		}
	}
	g, err := ParseGenotype(string(cfg))
	if err != nil || g != DARTSV2.Sorted() {
		t.Errorf("config JSON: got %v, %v; want %v", g, err, DARTSV2.Sorted())
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", "not a DARTS"},
		{"garbage", "hello", "not a DARTS"},
		{"unterminated", "Genotype(normal=[('sep_conv_3x3', 0)", "end of input"},
		{"bad op", strings.Replace(dartsV2Text, "dil_conv_3x3", "conv_7x1_1x7", 1), `unknown operation "conv_7x1_1x7"`},
		{"seven edges", strings.Replace(dartsV2Text, ", ('dil_conv_3x3', 2)", "", 1), "expected 8 (op, input) pairs, got 7"},
		{"bad concat", strings.Replace(dartsV2Text, "normal_concat=[2, 3, 4, 5]", "normal_concat=[2, 3, 4]", 1), "normal_concat: must be [2, 3, 4, 5]"},
		{"unknown field", strings.Replace(dartsV2Text, "normal_concat", "normal_concatt", 1), `unknown Genotype field "normal_concatt"`},
		{"dup field", strings.Replace(dartsV2Text, "normal_concat", "reduce", 1), "given twice"},
		{"missing reduce", "Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('dil_conv_3x3', 2)])", "missing Genotype field reduce"},
		{"wiring forward", strings.Replace(dartsV2Text, "('dil_conv_3x3', 2)", "('dil_conv_3x3', 5)", 1), "normal edge 7 (genotype edge 7, into node 5): " + RuleInput},
		{"wiring same", strings.Replace(dartsV2Text, "('sep_conv_3x3', 1)", "('sep_conv_3x3', 0)", 1), "normal edge 1 (genotype edge 1, into node 2): " + RuleDistinct},
		{"compact one cell", "[[(0, 3), (1, 3), (0, 3), (1, 3), (1, 3), (0, 2), (0, 2), (2, 5)]]", "expected two cells"},
		{"compact op range", strings.Replace(DARTSV2.CompactString(), "(2, 5)", "(2, 9)", 1), "op index 9 out of range"},
		{"compact str", strings.Replace(DARTSV2.CompactString(), "(2, 5)", "(2, 'x')", 1), "normal edge 7: expected (input, op index)"},
		{"compact mismatched", strings.Replace(DARTSV2.CompactString(), "(2, 5)]", "(2, 5))", 1), "expected ',' or ']'"},
		{"compact negative", strings.Replace(DARTSV2.CompactString(), "(2, 5)", "(-1, 5)", 1), RuleInput},
		{"compact trailing", DARTSV2.CompactString() + "]", "after the end"},
		{"compact big int", strings.Replace(DARTSV2.CompactString(), "(2, 5)", "(99999999999999999999999, 5)", 1), "bad integer"},
		{"deep", strings.Repeat("[", 100), "nested more than"},
		{"config not json", "{", "parse config JSON"},
	}
	for _, tc := range tests {
		_, err := ParseGenotype(tc.in)
		if err == nil {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %q does not contain %q", tc.name, err, tc.want)
		}
	}
}

// loadArchs reads the NASLib archs file with encoding/json only (an
// oracle independent of the package's readers).
func loadArchs(t testing.TB) map[string]string {
	data := datatest.Read(t, "nb301/naslib_archs_nasbench301.json")
	var m map[string]string
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func loadLabelledKeys(t testing.TB) []string {
	data := datatest.Read(t, "nb301/naslib_zc_nasbench301.json")
	var m map[string]map[string]json.RawMessage
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for k := range m["cifar10"] {
		keys = append(keys, k)
	}
	return keys
}

// checkRoundTrips checks every text form of g against the original text.
func checkRoundTrips(t *testing.T, name, orig string, g Genotype) {
	t.Helper()
	if err := g.Validate(false); err != nil {
		t.Errorf("%s: %v", name, err)
	}
	for form, s := range map[string]string{"darts": g.DARTSString(), "compact": g.CompactString(), "tuple": g.CompactTupleString()} {
		h, err := ParseGenotype(s)
		if err != nil || h != g {
			t.Errorf("%s: %s form %q parses to %v, %v", name, form, s, h, err)
		}
	}
	h, err := FromConfig(g.Config())
	if err != nil || h != g.Sorted() {
		t.Errorf("%s: config round trip gives %v, %v; want %v", name, h, err, g.Sorted())
	}
	if c2 := h.Config(); !mapsEqual(c2, g.Config()) {
		t.Errorf("%s: Config(FromConfig(c)) != c", name)
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestRoundTripNASLibArchs(t *testing.T) {
	m := loadArchs(t)
	if len(m) != 11221 {
		t.Fatalf("%d genotypes, want 11221", len(m))
	}
	for idx, s := range m {
		g, err := ParseCompact(s)
		if err != nil {
			t.Fatalf("genotype %s: %v", idx, err)
		}
		if got := g.CompactTupleString(); got != s {
			t.Fatalf("genotype %s: tuple form %q, file has %q", idx, got, s)
		}
		checkRoundTrips(t, "genotype "+idx, s, g)
	}
}

func TestRoundTripNASLibLabelled(t *testing.T) {
	keys := loadLabelledKeys(t)
	if len(keys) != 725 {
		t.Fatalf("%d labelled genotypes, want 725", len(keys))
	}
	for _, s := range keys {
		g, err := ParseGenotype(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := g.CompactString(); got != s {
			t.Fatalf("compact form %q, file has %q", got, s)
		}
		checkRoundTrips(t, s, s, g)
	}
}
