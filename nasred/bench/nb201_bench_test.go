package bench

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/nasred/nasred/nasred/datadir"
)

func BenchmarkReadNB201CSV(b *testing.B) {
	dir, err := datadir.Resolve("")
	if err != nil {
		b.Skip(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, NB201CSVPath))
	if err != nil {
		b.Skip(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := ReadNB201CSV(bytes.NewReader(data), "bench.csv"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNB201Lookup(b *testing.B) {
	tab := realNB201(b)
	rows := tab.Rows()
	i := 0
	for b.Loop() {
		if _, ok := tab.Error(CIFAR10, rows[i%len(rows)].Cell); !ok {
			b.Fatal("missing")
		}
		i++
	}
}
