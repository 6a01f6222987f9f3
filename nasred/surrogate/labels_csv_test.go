package surrogate

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nasred/nasred/nasred/space/darts"
)

func TestReadLabelsCSV(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "results.csv")
	content := "id,genotype,seed,val_accuracy\n" +
		"a,\"" + darts.DARTSV2.CompactString() + "\",0,0.875000\n" +
		"b,\"" + darts.DARTSV1.DARTSString() + "\",1,0.5\n"
	os.WriteFile(path, []byte(content), 0o644)
	l, err := ReadLabels(context.Background(), path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Genotypes) != 2 || l.Genotypes[0] != darts.DARTSV2 || l.Genotypes[1] != darts.DARTSV1 ||
		l.ValErrors[0] != 0.125 || l.ValErrors[1] != 0.5 || !strings.Contains(l.Source, "CSV labels") {
		t.Errorf("labels %+v", l)
	}
	for _, tc := range []struct{ content, want string }{
		{"genotype,val_accuracy\n\"" + darts.DARTSV2.CompactString() + "\",\n", "no val_accuracy"},
		{"genotype,val_accuracy\n\"" + darts.DARTSV2.CompactString() + "\",87.5\n", `"87.5": expected a fraction`},
		{"genotype,val_accuracy\nnope,0.5\n", "line 2"},
		{"genotype,val_accuracy\n\"a\",0.5,extra\n", "wrong number of fields"},
	} {
		os.WriteFile(path, []byte(tc.content), 0o644)
		if _, err := ReadLabels(context.Background(), path, nil); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want %q", tc.content, err, tc.want)
		}
	}
}

func FuzzParseCSVLabels(f *testing.F) {
	f.Add([]byte("genotype,val_accuracy\n\"" + darts.DARTSV2.CompactString() + "\",0.5\n"))
	f.Add([]byte("genotype,val_accuracy\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := parseCSVLabels(data, "fuzz")
		if err != nil {
			return
		}
		if len(l.Genotypes) != len(l.ValErrors) {
			t.Fatalf("%d genotypes, %d errors", len(l.Genotypes), len(l.ValErrors))
		}
		for _, e := range l.ValErrors {
			if !(e >= 0 && e <= 1) {
				t.Errorf("error %v from %q", e, data)
			}
		}
	})
}
