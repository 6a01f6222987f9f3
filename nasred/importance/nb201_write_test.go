package importance_test

import (
	"bytes"
	"context"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	nb201bench "github.com/nasred/nasred/nasred/bench/nb201"
	"github.com/nasred/nasred/nasred/importance"
)

// TestWriteNB201CSVMatchesWriteCSV checks the fused writer against NB201
// followed by WriteCSV, byte for byte, for every data set and several row
// sets (all, none, one, a strided subset, reversed).
func TestWriteNB201CSVMatchesWriteCSV(t *testing.T) {
	tab := loadTable(t)
	for _, d := range nb201bench.Datasets() {
		e, err := tab.Errors(d)
		if err != nil {
			t.Fatal(err)
		}
		res, err := importance.NB201(context.Background(), tab, d, importance.Options{})
		if err != nil {
			t.Fatal(err)
		}
		all := make([]int, tab.Len())
		for i := range all {
			all[i] = i
		}
		var strided []int
		for i := 3; i < tab.Len(); i += 97 {
			strided = append(strided, i)
		}
		rev := slices.Clone(strided)
		slices.Reverse(rev)
		for name, rows := range map[string][]int{"all": all, "none": nil, "one": {42}, "strided": strided, "reversed": rev} {
			var want, got bytes.Buffer
			rs := make([]importance.Row, len(rows))
			for k, p := range rows {
				r := tab.Rows()[p]
				rs[k] = importance.Row{Index: r.Index, Arch: r.Cell.String(), Result: res[p]}
			}
			if err := importance.WriteCSV(&want, "arch", rs); err != nil {
				t.Fatal(err)
			}
			if err := importance.WriteNB201CSV(context.Background(), &got, e, rows); err != nil {
				t.Fatal(err)
			}
			if name == "none" {
				want.Reset()
				want.WriteString("index,arch,err,oi0,oi1,oi2,oi3,oi4,oi5\n")
			}
			if !bytes.Equal(got.Bytes(), want.Bytes()) {
				t.Fatalf("%s %s: output differs (%d vs %d bytes)", d, name, got.Len(), want.Len())
			}
		}
	}
}

type failWriter struct{ n int }

func (w *failWriter) Write(p []byte) (int, error) {
	if w.n--; w.n < 0 {
		return 0, errors.New("disk full")
	}
	return len(p), nil
}

func TestWriteNB201CSVErrors(t *testing.T) {
	tab := loadTable(t)
	e, _ := tab.Errors(nb201bench.CIFAR10)
	all := make([]int, tab.Len())
	for i := range all {
		all[i] = i
	}
	if err := importance.WriteNB201CSV(context.Background(), &failWriter{n: 5}, e, all); err == nil || err.Error() != "disk full" {
		t.Fatalf("write error: got %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := importance.WriteNB201CSV(ctx, &bytes.Buffer{}, e, all); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled: got %v", err)
	}
	if err := importance.WriteNB201CSV(context.Background(), &bytes.Buffer{}, e, []int{tab.Len()}); err == nil {
		t.Fatal("row out of range accepted")
	}
	missing := *e
	missing.ByCode = slices.Clone(e.ByCode)
	missing.ByCode[1] = math.NaN() // a neighbour of cell code 0
	var buf bytes.Buffer
	err := importance.WriteNB201CSV(context.Background(), &buf, &missing, all)
	if err == nil || !strings.Contains(err.Error(), "has no cifar10 accuracy") || buf.Len() != 0 {
		t.Fatalf("missing neighbour: got %v after %d bytes", err, buf.Len())
	}
}

// BenchmarkWriteNB201CSV formats the importance table of all 15,625 cells
// (110,000 floats) from the errors, computing OI on the way.
func BenchmarkWriteNB201CSV(b *testing.B) {
	tab := loadTable(b)
	e, _ := tab.Errors(nb201bench.CIFAR10)
	all := make([]int, tab.Len())
	for i := range all {
		all[i] = i
	}
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := importance.WriteNB201CSV(context.Background(), &buf, e, all); err != nil {
			b.Fatal(err)
		}
	}
}
