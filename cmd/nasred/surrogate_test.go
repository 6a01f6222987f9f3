package main

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/nasred/nasred/nasred/datadir/datatest"
	"github.com/nasred/nasred/nasred/surrogate"
)

func nb301Labels(t *testing.T) string {
	t.Helper()
	return datatest.Path(t, "nb301/naslib_zc_nasbench301.json")
}

func TestSurrogateCV(t *testing.T) {
	labels := nb301Labels(t)
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"surrogate", "cv", "--labels", labels, "--folds", "3", "--seed", "1", "--rounds", "300"}, &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	last := lines[len(lines)-1]
	if !regexp.MustCompile(`^kendall_tau=0\.\d{4} spearman=0\.\d{4} r2=-?\d\.\d{4}$`).MatchString(last) {
		t.Errorf("last line %q", last)
	}
	if !strings.Contains(errb.String(), "fold 3/3 done") {
		t.Errorf("no progress on stderr: %q", errb.String())
	}
}

func TestSurrogateTrain(t *testing.T) {
	labels := nb301Labels(t)
	model := filepath.Join(t.TempDir(), "m.json")
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"surrogate", "train", "--labels", labels, "--out", model, "--rounds", "200", "-q"}, &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "trained 200 trees") || errb.Len() != 0 {
		t.Errorf("stdout %q stderr %q", out.String(), errb.String())
	}
	if _, err := surrogate.Load(context.Background(), model, ""); err != nil {
		t.Errorf("written model does not load: %v", err)
	}
	// The interaction preset with fewer rounds: depth-2 trees that split
	// on two features along a path.
	out.Reset()
	code = run(context.Background(), []string{"surrogate", "train", "--labels", labels, "--out", model, "--preset", "interaction", "--rounds", "300", "-q"}, &out, &errb)
	if code != 0 || !strings.Contains(out.String(), "trained 300 trees, depth 2, with interactions") {
		t.Errorf("interaction preset: exit %d, stdout %q stderr %q", code, out.String(), errb.String())
	}
	if code := run(context.Background(), []string{"surrogate", "train", "--labels", labels, "--out", model, "--preset", "deep"}, &out, &errb); code == 0 {
		t.Error("--preset deep accepted")
	}
}

func TestSurrogateErrors(t *testing.T) {
	dir := t.TempDir()
	junk := filepath.Join(dir, "junk.json")
	os.WriteFile(junk, []byte("{}"), 0o644)
	for _, args := range [][]string{
		{"surrogate"},
		{"surrogate", "fly"},
		{"surrogate", "train", "--labels", junk},
		{"surrogate", "train", "--out", filepath.Join(dir, "m.json")},
		{"surrogate", "cv", "--labels", junk},
		{"surrogate", "cv", "--labels", filepath.Join(dir, "missing.json")},
		{"surrogate", "cv", "--labels", junk, "--folds", "1"},
		{"surrogate", "cv", "--labels", junk, "--encoding", "nope"},
		{"surrogate", "cv", "--bogus-flag"},
	} {
		var out, errb bytes.Buffer
		if code := run(context.Background(), args, &out, &errb); code == 0 {
			t.Errorf("%v: exit 0", args)
		} else if errb.Len() == 0 {
			t.Errorf("%v: no message on stderr", args)
		}
	}
}

// TestSurrogateTrainZip trains from a training-data zip built from the
// real NB301 result record (two copies with different accuracies).
func TestSurrogateTrainZip(t *testing.T) {
	b := datatest.Read(t, "nb301/nb301_results_example.json")
	dir := t.TempDir()
	zpath := filepath.Join(dir, "nb_301_v13_lc_iclr_final.zip")
	f, err := os.Create(zpath)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for i, acc := range []string{"97.68", "91.5", "93.25", "95.0"} {
		w, _ := zw.Create(fmt.Sprintf("nb_301_v13_lc_iclr_final/rs/results_%d.json", i))
		w.Write(bytes.Replace(b, []byte(`"val_accuracy": 97.68`), []byte(`"val_accuracy": `+acc), 1))
	}
	zw.Close()
	f.Close()
	model := filepath.Join(dir, "m.json")
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"surrogate", "train", "--labels", zpath, "--out", model, "--rounds", "20", "-q"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "on 4 genotypes") {
		t.Errorf("stdout %q", out.String())
	}
}
