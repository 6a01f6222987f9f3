// Package datatest gives tests the benchmark files of the data folder (see
// package datadir), skipping a test when a file is not there, so that the
// suite passes on a machine without the data and checks it where it is.
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
