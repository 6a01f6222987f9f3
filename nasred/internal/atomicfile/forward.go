// Package atomicfile forwards to nasred/atomicfile (kept only until all
// importers have moved; see that package).
package atomicfile

import (
	"io"

	"github.com/nasred/nasred/nasred/atomicfile"
)

// Write is atomicfile.Write.
func Write(path string, fill func(w io.Writer) error) error { return atomicfile.Write(path, fill) }

// WriteBytes is atomicfile.WriteBytes.
func WriteBytes(path string, data []byte) error { return atomicfile.WriteBytes(path, data) }
