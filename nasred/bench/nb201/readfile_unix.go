//go:build unix

package nb201

import (
	"context"
	"syscall"

	"github.com/nasred/nasred/internal/input"
)

// mapFile maps the regular file at path read-only and returns its bytes
// and a function that unmaps them. Mapping a table avoids copying it into
// fresh heap pages, which costs more than parsing it. Empty files, pipes,
// FIFOs and devices are read the ordinary way (they cannot be mapped);
// every file is bounded by MaxCSVBytes.
func mapFile(path string) ([]byte, func(), error) {
	f, err := input.Open(context.Background(), path, csvLimit())
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	r, size, ok := f.ReaderAt()
	if fd, isFile := r.(interface{ Fd() uintptr }); ok && isFile && size > 0 {
		if data, err := syscall.Mmap(int(fd.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_SHARED); err == nil {
			return data, func() { syscall.Munmap(data) }, nil
		}
	}
	data, err := f.ReadAll()
	return data, func() {}, err
}
