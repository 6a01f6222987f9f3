package input

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkOpenClose is the fixed cost Open adds to every read of a
// regular file (stat, open, fstat, a 64 KiB buffer).
func BenchmarkOpenClose(b *testing.B) {
	p := filepath.Join(b.TempDir(), "f")
	os.WriteFile(p, []byte("x"), 0o644)
	ctx := context.Background()
	for b.Loop() {
		f, err := Open(ctx, p, Limit{"x", MiB})
		if err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
}

// BenchmarkReadAllStream reads 16 MiB from a stream in blocks.
func BenchmarkReadAllStream(b *testing.B) {
	b.SetBytes(16 << 20)
	for b.Loop() {
		x := FromReader(context.Background(), zeros(16<<20), "zeros", Limit{"x", 32 * MiB})
		if _, err := x.ReadAll(); err != nil {
			b.Fatal(err)
		}
	}
}

type zeroReader struct{ n int }

func zeros(n int) *zeroReader { return &zeroReader{n} }

func (z *zeroReader) Read(p []byte) (int, error) {
	if z.n == 0 {
		return 0, io.EOF
	}
	n := min(len(p), z.n)
	clear(p[:n])
	z.n -= n
	return n, nil
}
