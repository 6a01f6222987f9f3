package importance_test

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/nasred/nasred/nasred/datadir/datatest"

	nb201bench "github.com/nasred/nasred/nasred/bench/nb201"
	"github.com/nasred/nasred/nasred/importance"
	"github.com/nasred/nasred/nasred/space/nb201"
)

func loadTable(tb testing.TB) *nb201bench.NB201 {
	tb.Helper()
	t, err := nb201bench.LoadNB201CSV(datatest.Path(tb, nb201bench.NB201CSVPath))
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

// TestNB201AgainstDirectDefinition recomputes OI for every cell straight
// from the definition (a loop over the four other ops, table lookups) and
// compares.
func TestNB201AgainstDirectDefinition(t *testing.T) {
	tab := loadTable(t)
	for _, d := range nb201bench.Datasets() {
		res, err := importance.NB201(context.Background(), tab, d, importance.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range tab.Rows() {
			base := 1 - r.Accuracy[d]/100
			if res[i].Err != base {
				t.Fatalf("%s row %d: err %v, want %v", d, i, res[i].Err, base)
			}
			for e := range nb201.NumEdges {
				var sum float64
				for o := range nb201.Op(nb201.NumOps) {
					if o == r.Cell[e] {
						continue
					}
					n := r.Cell
					n[e] = o
					a, ok := tab.Accuracy(d, n)
					if !ok {
						t.Fatal("missing neighbour")
					}
					sum += (1 - a/100) - base
				}
				if want := sum / 4; math.Abs(res[i].OI[e]-want) > 1e-15 {
					t.Fatalf("%s row %d edge %d: OI %v, want %v", d, i, e, res[i].OI[e], want)
				}
			}
		}
	}
}

func TestNB201PaperClaims(t *testing.T) {
	// A sanity check against the paper's narrative (§3) on real data: in top
	// CIFAR-10 cells, convolutions carry more importance than pooling.
	tab := loadTable(t)
	res, err := importance.NB201(context.Background(), tab, nb201bench.CIFAR10, importance.Options{})
	if err != nil {
		t.Fatal(err)
	}
	errs := make([]float64, len(res))
	for i := range res {
		errs[i] = res[i].Err
	}
	top, err := importance.Select(errs, importance.Top, importance.SelectOptions{})
	if err != nil {
		t.Fatal(err)
	}
	rows := tab.Rows()
	names := []string{"none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"}
	sums, err := importance.Summarize(names, func(i, e int) string { return rows[i].Cell[e].String() }, res, top, importance.SummaryOptions{Threshold: 0.001})
	if err != nil {
		t.Fatal(err)
	}
	if !(sums[3].Median > sums[4].Median) {
		t.Errorf("median OI of nor_conv_3x3 (%v) not above avg_pool_3x3 (%v) in top cells", sums[3].Median, sums[4].Median)
	}
	if sums[3].Important <= sums[4].Important {
		t.Errorf("important conv3x3 edges %d <= avg_pool %d", sums[3].Important, sums[4].Important)
	}
}

// TestNB201EqualsGenericCompute checks that the dense fast path gives bit
// for bit what the generic batched computation gives.
func TestNB201EqualsGenericCompute(t *testing.T) {
	tab := loadTable(t)
	rows := tab.Rows()
	cells := make([]nb201.Cell, len(rows))
	for i, r := range rows {
		cells[i] = r.Cell
	}
	for _, d := range nb201bench.Datasets() {
		fast, err := importance.NB201(context.Background(), tab, d, importance.Options{})
		if err != nil {
			t.Fatal(err)
		}
		slow, err := importance.Compute(context.Background(), nb201.Space{}, nb201bench.NB201Scorer{Table: tab, Dataset: d}, cells, importance.Options{BatchSize: 97})
		if err != nil {
			t.Fatal(err)
		}
		for i := range fast {
			if fast[i].Err != slow[i].Err {
				t.Fatalf("%s row %d: err %v vs %v", d, i, fast[i].Err, slow[i].Err)
			}
			for e := range fast[i].OI {
				if fast[i].OI[e] != slow[i].OI[e] {
					t.Fatalf("%s row %d edge %d: %v vs %v", d, i, e, fast[i].OI[e], slow[i].OI[e])
				}
			}
		}
	}
}

func TestNB201IncompleteTable(t *testing.T) {
	c := nb201.MustParse("|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|")
	tab, err := nb201bench.NewNB201([]nb201bench.NB201Row{{Index: 0, Cell: c, Accuracy: [3]float64{90, 70, 40}}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = importance.NB201(context.Background(), tab, nb201bench.CIFAR10, importance.Options{})
	if err == nil || !strings.Contains(err.Error(), "has no cifar10 accuracy") {
		t.Fatalf("incomplete table: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := importance.NB201(ctx, tab, nb201bench.CIFAR10, importance.Options{}); err == nil {
		t.Fatal("cancelled context accepted")
	}
}
