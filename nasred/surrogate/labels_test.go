package surrogate

import (
	"archive/zip"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadLabelsZip builds a small training-data zip from the real NB301
// result record and reads it as labels.
func TestReadLabelsZip(t *testing.T) {
	d := dataDir(t)
	rec, err := os.ReadFile(filepath.Join(d, "nb301", "nb301_results_example.json"))
	if err != nil {
		t.Skip(err)
	}
	path := filepath.Join(t.TempDir(), "nb_301_v13_lc_iclr_final.zip")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for name, content := range map[string][]byte{
		"nb_301_v13_lc_iclr_final/rs/results_0.json": rec,
		"nb_301_v13_lc_iclr_final/re/results_1.json": rec,
		"nb_301_v13_lc_iclr_final/rs/results_2.json": []byte("{broken"),
	} {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(content)
	}
	zw.Close()
	f.Close()
	l, err := ReadLabels(context.Background(), path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Genotypes) != 2 || len(l.Skipped) != 1 || !strings.Contains(l.Skipped[0], "results_2.json") {
		t.Fatalf("got %d genotypes, skipped %v", len(l.Genotypes), l.Skipped)
	}
	// The example record's info[0].val_accuracy is 97.68.
	acc := 97.68
	for _, e := range l.ValErrors {
		if e != 1-acc/100 {
			t.Errorf("validation error %v, want 1 - 97.68/100", e)
		}
	}
}
