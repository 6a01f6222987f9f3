package nb201

import (
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nasred/nasred/nasred/datadir/datatest"

	"github.com/nasred/nasred/nasred/space/nb201"
)

// realNB201 loads the shared NB201 CSV or skips the test.
func realNB201(t testing.TB) *NB201 {
	t.Helper()
	tab, err := LoadNB201CSV(datatest.Path(t, NB201CSVPath))
	if err != nil {
		t.Fatal(err)
	}
	return tab
}

func TestRealNB201Table(t *testing.T) {
	tab := realNB201(t)
	if tab.Len() != nb201.NumCells || !tab.Complete() {
		t.Fatalf("%d rows, want %d", tab.Len(), nb201.NumCells)
	}
	// Best accuracies quoted by the data README and the paper's set-up.
	want := map[Dataset]float64{CIFAR10: 94.373, CIFAR100: 73.513, ImageNet16: 47.311}
	for d, w := range want {
		best := 0.0
		for _, r := range tab.Rows() {
			best = max(best, r.Accuracy[d])
		}
		if math.Abs(best-w) > 5e-4 {
			t.Errorf("best %s accuracy %v, want %v", d, best, w)
		}
	}
	// Row i is index i, and lookups by cell agree with the rows.
	for i, r := range tab.Rows() {
		if r.Index != i {
			t.Fatalf("row %d has index %d", i, r.Index)
		}
		idx, ok := tab.Index(r.Cell)
		if !ok || idx != i {
			t.Fatalf("Index(%s) = %d, %v; want %d", r.Cell, idx, ok, i)
		}
		for _, d := range Datasets() {
			e, ok := tab.Error(d, r.Cell)
			if !ok || e != 1-r.Accuracy[d]/100 {
				t.Fatalf("Error(%s, %s) = %v, %v", d, r.Cell, e, ok)
			}
		}
	}
	// Index 0 as listed in the file.
	r, ok := tab.Row(0)
	if !ok || r.Cell.String() != "|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|" {
		t.Fatalf("row 0 = %v", r)
	}
}

// TestIsomorphismPartition checks that nb201's isomorphism key partitions
// the space exactly as the benchmark's UniqueString column does (6,466
// classes); it even reproduces the column's strings.
func TestIsomorphismPartition(t *testing.T) {
	tab := realNB201(t)
	keyToUnique := map[string]string{}
	uniqueToKey := map[string]string{}
	for _, r := range tab.Rows() {
		k := r.Cell.IsomorphismKey()
		if u, ok := keyToUnique[k]; ok && u != r.Unique {
			t.Fatalf("key %q maps to UniqueStrings %q and %q", k, u, r.Unique)
		}
		if kk, ok := uniqueToKey[r.Unique]; ok && kk != k {
			t.Fatalf("UniqueString %q maps to keys %q and %q", r.Unique, kk, k)
		}
		keyToUnique[k] = r.Unique
		uniqueToKey[r.Unique] = k
	}
	if len(keyToUnique) != 6466 || len(uniqueToKey) != 6466 {
		t.Fatalf("%d key classes, %d UniqueString classes; want 6466", len(keyToUnique), len(uniqueToKey))
	}
	same := 0
	for k, u := range keyToUnique {
		if k == u {
			same++
		}
	}
	if same != len(keyToUnique) {
		t.Errorf("%d of %d keys equal the UniqueString text", same, len(keyToUnique))
	}
}

const smallCSV = `CIFAR10TestAccuracy200Epochs,CIFAR100TestAccuracy200Epochs,ImageNetTestAccuracy200Epochs,ArchitectureString,UniqueString
85.5,52.9,26.6,|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|,x
93.6,70.2,44.0,|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|,y
`

func TestReadNB201CSVSmall(t *testing.T) {
	tab, err := ReadNB201CSV(strings.NewReader(smallCSV), "small.csv")
	if err != nil {
		t.Fatal(err)
	}
	if tab.Len() != 2 || tab.Complete() {
		t.Fatalf("Len %d", tab.Len())
	}
	c := nb201.MustParse("|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|")
	if a, ok := tab.Accuracy(CIFAR100, c); !ok || a != 70.2 {
		t.Fatalf("Accuracy = %v, %v", a, ok)
	}
	if _, ok := tab.Accuracy(CIFAR10, nb201.Cell{}); ok {
		t.Fatal("lookup of a missing cell succeeded")
	}
	if _, ok := tab.Row(5); ok {
		t.Fatal("Row(5) of a 2-row table succeeded")
	}
	if _, ok := tab.Accuracy(Dataset(7), c); ok {
		t.Fatal("lookup with a bad data set succeeded")
	}
}

func TestReadNB201CSVErrors(t *testing.T) {
	head := strings.Join(NB201CSVHeader, ",") + "\n"
	arch := "|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|"
	tests := []struct {
		name, in, wantSub string
	}{
		{"empty", "", "empty file"},
		{"wrong header", "a,b,c,d,e\n", `header column 1 is "a"`},
		{"short header", "a,b\n", "header"},
		{"no rows", head, "no rows"},
		{"NaN", head + "NaN,1,1," + arch + ",u\n", "NaN is not a percentage"},
		{"not a number", head + "x,1,1," + arch + ",u\n", `line 2: column CIFAR10TestAccuracy200Epochs: "x" is not a number`},
		{"above 100", head + "101,1,1," + arch + ",u\n", "not a percentage"},
		{"bad arch", head + "90,1,1,|conv~0|,u\n", "line 2: nb201: parse"},
		{"duplicate cell", head + "90,1,1," + arch + ",u\n91,1,1," + arch + ",u\n", "appears at index 0 and 1"},
		{"truncated row", head + "90,1,1\n", "wrong number of fields"},
	}
	for _, tt := range tests {
		_, err := ReadNB201CSV(strings.NewReader(tt.in), "t.csv")
		if err == nil {
			t.Errorf("%s: no error", tt.name)
			continue
		}
		if !strings.Contains(err.Error(), tt.wantSub) || !strings.Contains(err.Error(), "t.csv") {
			t.Errorf("%s: error %q, want it to name t.csv and mention %q", tt.name, err, tt.wantSub)
		}
	}
}

func TestLoadNB201Missing(t *testing.T) {
	_, err := LoadNB201CSV(filepath.Join(t.TempDir(), "nope.csv"))
	if err == nil || !strings.Contains(err.Error(), "nope.csv") || !strings.Contains(err.Error(), "NATS-Bench") {
		t.Fatalf("error %v should name the file and say where to get the data", err)
	}
	empty := t.TempDir()
	_, _, err = LoadDir(empty)
	if err == nil || !strings.Contains(err.Error(), "no NB201 data in "+empty) {
		t.Fatalf("LoadDir on an empty folder: %v", err)
	}
}

func TestParseDataset(t *testing.T) {
	for _, d := range Datasets() {
		got, err := ParseDataset(d.String())
		if err != nil || got != d {
			t.Fatalf("ParseDataset(%q) = %v, %v", d, got, err)
		}
	}
	if d, err := ParseDataset("imagenet16-120"); err != nil || d != ImageNet16 {
		t.Fatal("case-insensitive data set names")
	}
	if _, err := ParseDataset("mnist"); err == nil {
		t.Fatal("ParseDataset(mnist) succeeded")
	}
}
