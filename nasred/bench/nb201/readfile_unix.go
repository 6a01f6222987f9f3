//go:build unix

package nb201

import (
	"fmt"
	"os"
	"syscall"
)

// mapFile maps the file at path read-only and returns its bytes and a
// function that unmaps them. Mapping a table avoids copying it into fresh
// heap pages, which costs more than parsing it. Empty files are read the
// ordinary way (they cannot be mapped).
func mapFile(path string) ([]byte, func(), error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	size := st.Size()
	if size == 0 || !st.Mode().IsRegular() {
		data, err := os.ReadFile(path)
		return data, func() {}, err
	}
	if size != int64(int(size)) {
		return nil, nil, fmt.Errorf("%s: file too large (%d bytes)", path, size)
	}
	data, err := syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		data, err := os.ReadFile(path)
		return data, func() {}, err
	}
	return data, func() { syscall.Munmap(data) }, nil
}
