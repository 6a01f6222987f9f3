package analysis

import (
	"bytes"
	"context"
	"image/png"
	"testing"

	nb201bench "github.com/nasred/nasred/nasred/bench/nb201"
)

func loadNB201(t testing.TB) (*nb201bench.NB201, string) {
	t.Helper()
	tab, src, err := LoadNB201("")
	if err != nil {
		t.Skip(err)
	}
	return tab, src
}

// TestNB201Notebook runs the same calls as
// notebooks/nb201_operation_importance.ipynb, on every data set.
func TestNB201Notebook(t *testing.T) {
	tab, src := loadNB201(t)
	for _, d := range nb201bench.Datasets() {
		s, err := NB201Ops(context.Background(), tab, src, d, NB201Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(s.Top) != 781 || len(s.Bottom) != 781 {
			t.Fatalf("%s: top %d bottom %d", d, len(s.Top), len(s.Bottom))
		}
		total := 0
		for _, o := range s.TopOps {
			total += o.Count
			if o.Important > o.Count {
				t.Fatalf("%s: %s has more important edges than edges", d, o.Op)
			}
		}
		if total != 781*6 {
			t.Fatalf("%s: %d top edges, want %d", d, total, 781*6)
		}
		for name, mk := range map[string]func() (interface{ PNG() ([]byte, error) }, error){
			"count":     func() (interface{ PNG() ([]byte, error) }, error) { return s.CountFigure() },
			"topbottom": func() (interface{ PNG() ([]byte, error) }, error) { return s.TopBottomCountFigure() },
			"oi":        func() (interface{ PNG() ([]byte, error) }, error) { return s.OIFigure() },
		} {
			f, err := mk()
			if err != nil {
				t.Fatalf("%s %s: %v", d, name, err)
			}
			b, err := f.PNG()
			if err != nil {
				t.Fatalf("%s %s: %v", d, name, err)
			}
			if _, err := png.Decode(bytes.NewReader(b)); err != nil {
				t.Fatalf("%s %s: %v", d, name, err)
			}
		}
		h, rows := s.SummaryTable()
		if len(rows) != 5 || len(h) != len(rows[0]) {
			t.Fatalf("table %d×%d", len(rows), len(h))
		}
		// The paper's finding on NB201: in top cells the important edges
		// are mostly 3x3 convolutions (and skips), never pooling or none.
		top, _ := s.MostImportant()
		if top != "nor_conv_3x3" {
			t.Errorf("%s: most important op in top cells is %s, want nor_conv_3x3", d, top)
		}
	}
}

func TestNB201OpsBadThreshold(t *testing.T) {
	tab, src := loadNB201(t)
	if _, err := NB201Ops(context.Background(), tab, src, nb201bench.CIFAR10, NB201Options{Threshold: -1}); err == nil {
		t.Fatal("negative threshold accepted")
	}
}
