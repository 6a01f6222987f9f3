package datatest

import (
	"os"
	"testing"

	"github.com/nasred/nasred/nasred/datadir"
)

// Path returns the path of the file rel inside the data folder, or skips
// tb when the folder or the file is absent.
func Path(tb testing.TB, rel string) string {
	tb.Helper()
	p, err := datadir.File("", rel)
	if err != nil {
		tb.Skipf("benchmark file %s not available: %v", rel, err)
	}
	return p
}

// Read returns the contents of the file rel inside the data folder, or
// skips tb when it is absent. Any other read error fails tb.
func Read(tb testing.TB, rel string) []byte {
	tb.Helper()
	data, err := os.ReadFile(Path(tb, rel))
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

// Dir returns the data folder, or skips tb when the folder or any of the
// files rels inside it is absent.
func Dir(tb testing.TB, rels ...string) string {
	tb.Helper()
	dir, err := datadir.Resolve("")
	if err != nil {
		tb.Skipf("benchmark data folder not available: %v", err)
	}
	for _, rel := range rels {
		Path(tb, rel)
	}
	return dir
}
