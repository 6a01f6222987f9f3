package nb201

import (
	"bytes"
	"testing"

	"github.com/nasred/nasred/nasred/datadir/datatest"
)

func BenchmarkReadNB201CSV(b *testing.B) {
	data := datatest.Read(b, NB201CSVPath)
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

// BenchmarkLoadNB201CSV reads the table from its file (memory-mapped,
// opened through internal/input).
func BenchmarkLoadNB201CSV(b *testing.B) {
	path := datatest.Path(b, NB201CSVPath)
	for b.Loop() {
		if _, err := LoadNB201CSV(path); err != nil {
			b.Fatal(err)
		}
	}
}
