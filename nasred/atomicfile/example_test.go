package atomicfile_test

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/nasred/nasred/nasred/atomicfile"
)

func ExampleWrite() {
	dir, _ := os.MkdirTemp("", "atomicfile")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "table.csv")
	err := atomicfile.Write(path, func(w io.Writer) error {
		_, err := io.WriteString(w, "index,err\n0,0.05\n")
		return err
	})
	data, _ := os.ReadFile(path)
	fmt.Print(string(data), err, "\n")
	// A fill function that fails leaves the previous file untouched.
	err = atomicfile.Write(path, func(w io.Writer) error {
		io.WriteString(w, "half a ta")
		return errInterrupted
	})
	data, _ = os.ReadFile(path)
	fmt.Print(string(data), errors.Is(err, errInterrupted), "\n")
	// Output:
	// index,err
	// 0,0.05
	// <nil>
	// index,err
	// 0,0.05
	// true
}

var errInterrupted = errors.New("interrupted")
