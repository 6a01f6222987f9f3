package nb301

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/nasred/nasred/nasred/datadir/datatest"

	"github.com/nasred/nasred/nasred/space/darts"
)

func dataFile(t testing.TB, name string) string {
	return datatest.Path(t, "nb301/"+name)
}

func TestReadNASLibArchs(t *testing.T) {
	p := dataFile(t, "naslib_archs_nasbench301.json")
	gs, err := ReadNASLibArchs(p)
	if err != nil {
		t.Fatal(err)
	}
	if len(gs) != 11221 {
		t.Fatalf("%d genotypes, want 11221", len(gs))
	}
	// Oracle: the file decoded generically; each genotype's tuple form
	// must be the file's string for its index.
	data, _ := os.ReadFile(p)
	var m map[string]string
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	for i, g := range gs {
		if s := m[strconv.Itoa(i)]; g.CompactTupleString() != s {
			t.Fatalf("genotype %d = %s, file has %s", i, g.CompactTupleString(), s)
		}
	}
	// Index 0 decoded by hand from the file's first entry.
	want0 := darts.MustParse("[[(0, 6), (1, 4), (0, 0), (1, 5), (1, 4), (3, 2), (0, 6), (3, 2)], [(0, 1), (1, 4), (0, 1), (1, 4), (2, 6), (3, 4), (1, 5), (2, 1)]]")
	if gs[0] != want0 {
		t.Errorf("genotype 0 = %v, want %v", gs[0], want0)
	}
}

func TestReadNASLibLabelled(t *testing.T) {
	p := dataFile(t, "naslib_zc_nasbench301.json")
	ls, err := ReadNASLibLabelled(p)
	if err != nil {
		t.Fatal(err)
	}
	if len(ls) != 725 {
		t.Fatalf("%d labelled genotypes, want 725", len(ls))
	}
	data, _ := os.ReadFile(p)
	var m map[string]map[string]map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	byIdx := map[string]map[string]any{}
	for _, e := range m["cifar10"] {
		byIdx[e["idx"].(string)] = e
	}
	minV, maxV := math.Inf(1), math.Inf(-1)
	for i, l := range ls {
		if l.Index != i {
			t.Fatalf("entry %d has index %d", i, l.Index)
		}
		e := byIdx[strconv.Itoa(i)]
		if l.Genotype.CompactString() != e["arch"].(string) || l.ValAccuracy != e["val_accuracy"].(float64) {
			t.Fatalf("idx %d: %v %v, file %v %v", i, l.Genotype, l.ValAccuracy, e["arch"], e["val_accuracy"])
		}
		if len(l.Proxies) != 12 || len(l.ProxyTimes) != 12 {
			t.Fatalf("idx %d: %d proxies", i, len(l.Proxies))
		}
		for name, score := range l.Proxies {
			pe := e[name].(map[string]any)
			if score != pe["score"].(float64) || l.ProxyTimes[name] != pe["time"].(float64) {
				t.Fatalf("idx %d proxy %s: %v, file %v", i, name, score, pe)
			}
		}
		minV, maxV = math.Min(minV, l.ValAccuracy), math.Max(maxV, l.ValAccuracy)
	}
	if minV < 91.2 || maxV > 94.5 { // the data README's range
		t.Errorf("val_accuracy range [%v, %v]", minV, maxV)
	}
}

const archA = "[[(0, 0), (1, 5), (1, 1), (0, 1), (1, 3), (0, 3), (1, 3), (3, 2)], [(1, 0), (0, 2), (1, 3), (0, 3), (3, 0), (0, 1), (2, 0), (3, 6)]]"

func labelledJSON(idx, arch, val, proxy string) string {
	return `{"cifar10": {"` + archA + `": {"idx": ` + idx + `, "arch": "` + arch + `", "val_accuracy": ` + val +
		`, "synflow": {"score": ` + proxy + `, "time": 1.5}, "flops": {"score": 2, "time": 0.1}}}}`
}

func TestNASLibErrors(t *testing.T) {
	tupleA := strings.NewReplacer("[", "(", "]", ")").Replace(archA)
	archs := []struct{ name, in, want string }{
		{"ok", `{"0": "` + tupleA + `", "1": "` + archA + `"}`, ""},
		{"not object", `[]`, "read f.json: want '{'"},
		{"gap", `{"0": "` + tupleA + `", "2": "` + tupleA + `"}`, "index 2 but only 2 genotypes"},
		{"dup", `{"0": "` + tupleA + `", "0": "` + tupleA + `"}`, "index 0 appears twice"},
		{"bad key", `{"x": "` + tupleA + `"}`, `key "x" is not an index`},
		{"not string", `{"0": 5}`, "genotype 0: want a string"},
		{"bad genotype", `{"0": "((0, 1))"}`, "genotype 0: parse compact genotype"},
		{"trailing", `{"0": "` + tupleA + `"} 5`, "data after the JSON object"},
		{"truncated", `{"0": "` + tupleA + `"`, "read f.json"},
	}
	for _, tc := range archs {
		gs, err := ParseNASLibArchs([]byte(tc.in), "f.json")
		if tc.want == "" {
			if err != nil || len(gs) != 2 || gs[0] != gs[1] {
				t.Errorf("%s: %v, %v", tc.name, gs, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("archs %s: error %v, want %q", tc.name, err, tc.want)
		}
	}
	lab := []struct{ name, in, want string }{
		{"ok string idx", labelledJSON(`"3"`, archA, "93.5", "7"), ""},
		{"ok number idx", labelledJSON(`3`, archA, "93.5", "7"), ""},
		{"no cifar10", `{"cifar100": {}}`, "missing key cifar10"},
		{"NaN proxy", labelledJSON(`"3"`, archA, "93.5", "NaN"), "idx 3: key synflow.score is NaN"},
		{"NaN val", labelledJSON(`"3"`, archA, "NaN", "1"), "idx 3: key val_accuracy is NaN"},
		{"val range", labelledJSON(`"3"`, archA, "193.5", "1"), "val_accuracy = 193.5 out of range"},
		{"bad idx", labelledJSON(`"x"`, archA, "93.5", "1"), `key idx = "x" is not a non-negative integer`},
		{"frac idx", labelledJSON(`2.5`, archA, "93.5", "1"), `key idx = 2.5 is not a non-negative integer`},
		{"arch mismatch", labelledJSON(`1`, strings.Replace(archA, "(3, 6)", "(3, 5)", 1), "93.5", "1"), "key and arch"},
		{"bad arch", labelledJSON(`1`, "[[]]", "93.5", "1"), "idx 1: key arch: parse compact genotype"},
		{"missing score", strings.Replace(labelledJSON(`1`, archA, "93.5", "1"), `"score": 2, `, "", 1), "missing key flops.score"},
		{"not json", `{`, "read f.json"},
	}
	for _, tc := range lab {
		ls, err := ParseNASLibLabelled([]byte(tc.in), "f.json")
		if tc.want == "" {
			if err != nil || len(ls) != 1 || ls[0].Index != 3 || ls[0].Proxies["synflow"] != 7 || ls[0].ValAccuracy != 93.5 {
				t.Errorf("%s: %+v, %v", tc.name, ls, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "f.json") {
			t.Errorf("labelled %s: error %v, want %q", tc.name, err, tc.want)
		}
	}
	// Two entries with the same idx, and with different proxy sets.
	two := `{"cifar10": {"` + archA + `": {"idx": 1, "arch": "` + archA + `", "val_accuracy": 93, "a": {"score": 1, "time": 1}},
	  "` + darts.DARTSV2.CompactString() + `": {"idx": IDX, "arch": "` + darts.DARTSV2.CompactString() + `", "val_accuracy": 94, "b": {"score": 1, "time": 1}}}}`
	if _, err := ParseNASLibLabelled([]byte(strings.Replace(two, "IDX", "1", 1)), "f.json"); err == nil || !strings.Contains(err.Error(), "idx 1 used by") {
		t.Errorf("duplicate idx: %v", err)
	}
	if _, err := ParseNASLibLabelled([]byte(strings.Replace(two, "IDX", "2", 1)), "f.json"); err == nil || !strings.Contains(err.Error(), "has proxies") {
		t.Errorf("different proxies: %v", err)
	}
	if _, err := ReadNASLibArchs(filepath.Join(t.TempDir(), "none.json")); err == nil {
		t.Error("missing archs file")
	}
	if _, err := ReadNASLibLabelled(filepath.Join(t.TempDir(), "none.json")); err == nil {
		t.Error("missing labelled file")
	}
}
