package nb201

import (
	"bytes"
	"compress/bzip2"
	"context"
	"io"
	"os"
	"testing"
)

// BenchmarkLoadNATSTopologyFixture reads the 3-architecture fixture folder
// (meta and files, in parallel). Multiply the per-file cost by 15,625 for
// the official folder.
func BenchmarkLoadNATSTopologyFixture(b *testing.B) {
	dir := natsFixtureDir(b)
	for b.Loop() {
		if _, err := LoadNATSTopologyContext(context.Background(), dir, NATSOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/3, "ns/file")
}

// BenchmarkReadNATSArchFile reads one bz2-compressed architecture file
// (bytes/s count the decompressed pickle).
func BenchmarkReadNATSArchFile(b *testing.B) {
	comp, err := os.ReadFile(natsFixturePath("000000.pickle.pbz2"))
	if err != nil {
		b.Fatal(err)
	}
	raw := bunzip(b, natsFixturePath("000000.pickle.pbz2"))
	b.Run("bz2", func(b *testing.B) {
		b.SetBytes(int64(len(raw)))
		var buf bytes.Buffer
		for b.Loop() {
			if _, err := readNATSArch(bytes.NewReader(comp), "000000", &buf); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("raw", func(b *testing.B) {
		b.SetBytes(int64(len(raw)))
		var buf bytes.Buffer
		for b.Loop() {
			if _, err := readNATSArch(bytes.NewReader(raw), "000000", &buf); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("bunzip-only", func(b *testing.B) {
		b.SetBytes(int64(len(raw)))
		for b.Loop() {
			if _, err := io.Copy(io.Discard, bzip2.NewReader(bytes.NewReader(comp))); err != nil {
				b.Fatal(err)
			}
		}
	})
}
