package nb301

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nasred/nasred/nasred/datadir/datatest"

	"github.com/nasred/nasred/nasred/space/darts"
)

// exampleGenotype is the genotype of nb301_results_example.json, decoded
// by hand from its configuration keys.
var exampleGenotype = darts.MustParse("[[(0, 2), (1, 3), (0, 3), (1, 2), (0, 5), (2, 6), (1, 3), (2, 2)], [(0, 0), (1, 1), (0, 2), (1, 6), (1, 3), (2, 4), (2, 3), (3, 5)]]")

// exampleRecord returns the real example record, read at test time from
// the shared data folder; the test is skipped when it is absent.
func exampleRecord(t testing.TB) []byte {
	return datatest.Read(t, "nb301/nb301_results_example.json")
}

// variant returns the example record with its genotype replaced by g and
// its validation accuracy by val (final_metric_score = -val).
func variant(t testing.TB, example []byte, g darts.Genotype, val float64) []byte {
	var m map[string]any
	if err := json.Unmarshal(example, &m); err != nil {
		t.Fatal(err)
	}
	cfg := m["optimized_hyperparamater_config"].(map[string]any)
	for k := range cfg {
		if darts.IsGenotypeKey(k) {
			delete(cfg, k)
		}
	}
	for k, v := range g.Config() {
		cfg[k] = v
	}
	m["info"].([]any)[0].(map[string]any)["val_accuracy"] = val
	m["final_metric_score"] = -val
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseExampleRecord(t *testing.T) {
	rec, err := ParseRecord(exampleRecord(t), "results_0.json")
	if err != nil {
		t.Fatal(err)
	}
	want := Record{Path: "results_0.json", Genotype: exampleGenotype, ValAccuracy: 97.68, TestAccuracy: 97.54,
		FinalMetricScore: -97.68, Runtime: 365136, Budget: 1500}
	if rec != want {
		t.Fatalf("got %+v\nwant %+v", rec, want)
	}
}

func TestParseRecordErrors(t *testing.T) {
	ex := string(exampleRecord(t))
	p := darts.ConfigPrefix
	tests := []struct{ name, in, want string }{
		{"not json", "{", "parse bad.json: not a result record"},
		{"array", "[]", "not a result record"},
		{"missing final", strings.Replace(ex, `"final_metric_score": -97.68, `, "", 1), "missing key final_metric_score"},
		{"NaN test", strings.Replace(ex, `"test_accuracy": 97.54`, `"test_accuracy": NaN`, 1), "key test_accuracy is NaN"},
		{"NaN val", strings.Replace(ex, `"val_accuracy": 97.68,`, `"val_accuracy": NaN,`, 1), "key info[0].val_accuracy is NaN"},
		{"inf runtime", strings.Replace(ex, `"runtime": 365136`, `"runtime": Infinity`, 1), "key runtime is Infinity"},
		{"neg inf final", strings.Replace(ex, `"final_metric_score": -97.68`, `"final_metric_score": -Infinity`, 1), "key final_metric_score is -Infinity"},
		{"null budget", strings.Replace(ex, `"budget": 1500`, `"budget": null`, 1), "key budget is null"},
		{"string test", strings.Replace(ex, `"test_accuracy": 97.54`, `"test_accuracy": "97.54"`, 1), `key test_accuracy: want a number, got the string "97.54"`},
		{"range", strings.Replace(ex, `"test_accuracy": 97.54`, `"test_accuracy": 197.54`, 1), "key test_accuracy = 197.54 out of range [0, 100]"},
		{"no info", strings.Replace(ex, `"info": [{`, `"info": [], "x": [{`, 1), "missing key info[0].val_accuracy"},
		{"no val", strings.Replace(ex, `"val_accuracy": 97.68,`, ``, 1), "missing key info[0].val_accuracy"},
		{"no config", strings.Replace(ex, `optimized_hyperparamater_config`, `config`, 1), "missing key optimized_hyperparamater_config"},
		{"bad op", strings.Replace(ex, `"`+p+`edge_normal_1": "sep_conv_3x3"`, `"`+p+`edge_normal_1": "conv_9x9"`, 1), p + `edge_normal_1: unknown operation "conv_9x9"`},
		{"numeric op", strings.Replace(ex, `"`+p+`edge_normal_1": "sep_conv_3x3"`, `"`+p+`edge_normal_1": 3`, 1), "want a string, got 3"},
		{"missing edge", strings.Replace(ex, `"`+p+`edge_normal_1": "sep_conv_3x3", `, ``, 1), "missing key " + p + "edge_normal_1"},
		{"inactive edge", strings.Replace(ex, `"`+p+`edge_normal_1": "sep_conv_3x3"`, `"`+p+`edge_normal_1": "sep_conv_3x3", "`+p+`edge_normal_4": "skip_connect"`, 1), p + "edge_normal_4 are not active"},
		{"none op", strings.Replace(ex, `"`+p+`edge_normal_1": "sep_conv_3x3"`, `"`+p+`edge_normal_1": "none"`, 1), "none is not allowed"},
	}
	for _, tc := range tests {
		if tc.in == ex {
			t.Fatalf("%s: replacement did not apply", tc.name)
		}
		_, err := ParseRecord([]byte(tc.in), "bad.json")
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "bad.json") {
			t.Errorf("%s: error %v, want it to name bad.json and contain %q", tc.name, err, tc.want)
		}
	}
	// The correctly spelled key is accepted too.
	fixed := strings.Replace(ex, `optimized_hyperparamater_config`, `optimized_hyperparameter_config`, 1)
	if rec, err := ParseRecord([]byte(fixed), "x"); err != nil || rec.Genotype != exampleGenotype {
		t.Errorf("optimized_hyperparameter_config: %v, %v", rec, err)
	}
}

func TestQuoteNonFinite(t *testing.T) {
	in := `{"a": NaN, "b": [Infinity, -Infinity], "c": "NaN \" Infinity", "d": 1}`
	want := `{"a": "NaN", "b": ["Infinity", "-Infinity"], "c": "NaN \" Infinity", "d": 1}`
	if got := string(quoteNonFinite([]byte(in))); got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
}

type zipEntry struct {
	name   string
	data   []byte
	method uint16
}

func buildZip(t testing.TB, entries []zipEntry) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		if strings.HasSuffix(e.name, "/") {
			if _, err := zw.Create(e.name); err != nil {
				t.Fatal(err)
			}
			continue
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: e.name, Method: e.method})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(e.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestReadZip(t *testing.T) {
	ex := exampleRecord(t)
	root := "nb_301_v13_lc_iclr_final/"
	v1 := variant(t, ex, darts.DARTSV2, 94.5)
	v2 := variant(t, ex, darts.PCDARTS, 95.25)
	corrupt := variant(t, ex, darts.DARTSV1, 93)
	entries := []zipEntry{
		{name: root},
		{name: root + "rs/"},
		{name: root + "rs/results_0.json", data: ex, method: zip.Deflate},
		{name: root + "rs/results_1.json", data: v1, method: zip.Store},
		{name: root + "re/results_2.json", data: v2, method: zip.Deflate},
		{name: root + "re/results_3.json", data: ex[:len(ex)/2], method: zip.Deflate},
		{name: root + "darts/results_4.json", data: bytes.Replace(ex, []byte(`"runtime": 365136`), []byte(`"runtime": NaN`), 1), method: zip.Deflate},
		{name: root + "darts/README.txt", data: []byte("hello"), method: zip.Deflate},
		{name: root + "gdas/results_5.json", data: corrupt, method: zip.Store},
		{name: "__MACOSX/" + root + "rs/._results_0.json", data: []byte{0, 5, 22, 7}, method: zip.Store},
	}
	b := buildZip(t, entries)
	// Corrupt the stored (uncompressed) data of results_5.json: the CRC
	// check fails when the entry is read.
	i := bytes.Index(b, corrupt)
	b[i+10] ^= 0x20
	path := filepath.Join(t.TempDir(), "nb301.zip")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	var calls, last, total int
	recs, skipped, err := ReadZip(context.Background(), path, func(done, tot int) { calls++; last, total = done, tot })
	if err != nil {
		t.Fatal(err)
	}
	if calls != 8 || last != 8 || total != 8 {
		t.Errorf("progress: %d calls, last %d/%d; want 8, 8/8", calls, last, total)
	}
	wantRecs := []struct {
		path, opt string
		g         darts.Genotype
		val       float64
	}{
		{root + "rs/results_0.json", "rs", exampleGenotype, 97.68},
		{root + "rs/results_1.json", "rs", darts.DARTSV2.Sorted(), 94.5},
		{root + "re/results_2.json", "re", darts.PCDARTS.Sorted(), 95.25},
	}
	if len(recs) != len(wantRecs) {
		t.Fatalf("%d records, want %d: %+v\nskipped %+v", len(recs), len(wantRecs), recs, skipped)
	}
	for k, w := range wantRecs {
		r := recs[k]
		if r.Path != w.path || r.Optimizer != w.opt || r.Genotype != w.g || r.ValAccuracy != w.val || r.FinalMetricScore != -w.val || r.TestAccuracy != 97.54 {
			t.Errorf("record %d = %+v, want %s %s %v %v", k, r, w.path, w.opt, w.g, w.val)
		}
	}
	wantSkipped := []Skipped{
		{root + "re/results_3.json", "not a result record"},
		{root + "darts/results_4.json", "key runtime is NaN"},
		{root + "darts/README.txt", "not a .json file"},
		{root + "gdas/results_5.json", "checksum error"},
		{"__MACOSX/" + root + "rs/._results_0.json", "macOS resource fork"},
	}
	if len(skipped) != len(wantSkipped) {
		t.Fatalf("skipped %+v", skipped)
	}
	for k, w := range wantSkipped {
		if skipped[k].Path != w.Path || !strings.Contains(skipped[k].Reason, w.Reason) {
			t.Errorf("skipped[%d] = %+v, want path %s, reason containing %q", k, skipped[k], w.Path, w.Reason)
		}
	}
}

func TestReadZipLayouts(t *testing.T) {
	ex := exampleRecord(t)
	tests := []struct {
		name  string
		files []string
		opts  []string
	}{
		{"optimizer folders at the root", []string{"rs/a.json", "tpe/b.json"}, []string{"rs", "tpe"}},
		{"one optimizer folder", []string{"rs/a.json", "rs/b.json"}, []string{"rs", "rs"}},
		{"nested", []string{"top/rs/x/a.json", "top/re/b.json"}, []string{"rs", "re"}},
		{"flat", []string{"a.json", "b.json"}, []string{"", ""}},
	}
	for _, tc := range tests {
		var es []zipEntry
		for _, f := range tc.files {
			es = append(es, zipEntry{name: f, data: ex, method: zip.Deflate})
		}
		b := buildZip(t, es)
		zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			t.Fatal(err)
		}
		recs, skipped, err := ReadZipReader(context.Background(), zr, nil)
		if err != nil || len(skipped) != 0 || len(recs) != len(tc.opts) {
			t.Fatalf("%s: %v, %v, %v", tc.name, recs, skipped, err)
		}
		for k, r := range recs {
			if r.Optimizer != tc.opts[k] {
				t.Errorf("%s: %s optimizer %q, want %q", tc.name, r.Path, r.Optimizer, tc.opts[k])
			}
		}
	}
}

func TestReadZipErrors(t *testing.T) {
	dir := t.TempDir()
	if _, _, err := ReadZip(context.Background(), filepath.Join(dir, "missing.zip"), nil); err == nil || !strings.Contains(err.Error(), "missing.zip") {
		t.Errorf("missing file: %v", err)
	}
	notZip := filepath.Join(dir, "not.zip")
	os.WriteFile(notZip, []byte("this is not a zip archive at all"), 0o644)
	if _, _, err := ReadZip(context.Background(), notZip, nil); err == nil || !strings.Contains(err.Error(), "not.zip") {
		t.Errorf("not a zip: %v", err)
	}
	ex := exampleRecord(t)
	b := buildZip(t, []zipEntry{{name: "rs/a.json", data: ex, method: zip.Deflate}})
	trunc := filepath.Join(dir, "trunc.zip")
	os.WriteFile(trunc, b[:len(b)-30], 0o644)
	if _, _, err := ReadZip(context.Background(), trunc, nil); err == nil {
		t.Error("truncated zip read without error")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	zr, _ := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if _, _, err := ReadZipReader(ctx, zr, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

func TestReadDir(t *testing.T) {
	ex := exampleRecord(t)
	dir := t.TempDir()
	root := filepath.Join(dir, "nb_301_v13_lc_iclr_final")
	for name, data := range map[string][]byte{
		"rs/results_0.json":    ex,
		"rs/results_1_ti.json": variant(t, ex, darts.DARTSV2, 90),
		"re/results_2.json":    []byte("{"),
	} {
		p := filepath.Join(root, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, d := range []string{dir, root} {
		recs, skipped, err := ReadDir(context.Background(), d, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != 2 || len(skipped) != 1 || recs[0].Optimizer != "rs" || recs[1].Optimizer != "rs" || !strings.HasSuffix(skipped[0].Path, "re/results_2.json") {
			t.Errorf("ReadDir(%s) = %+v, %+v", d, recs, skipped)
		}
	}
	if _, _, err := ReadDir(context.Background(), filepath.Join(dir, "missing"), nil); err == nil {
		t.Error("missing folder read")
	}
}
