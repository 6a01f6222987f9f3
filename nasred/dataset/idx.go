package dataset

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
)

// IDX is the content of an IDX file (the format of MNIST and
// Fashion-MNIST): a shape and the unsigned bytes in row-major order.
type IDX struct {
	Dims []int
	Data []byte
}

// maxIDXBytes bounds the data an IDX header may announce (1 GiB), so that a
// corrupt header cannot make the reader allocate without limit.
const maxIDXBytes = 1 << 30

// ReadIDX parses an IDX stream. Only the unsigned-byte element type (0x08),
// the one MNIST-style data sets use, is supported. The stream may be gzip
// compressed; it is detected from its first two bytes. Data after the
// announced elements is an error, as is a stream that ends early.
func ReadIDX(r io.Reader) (*IDX, error) {
	br := bufio.NewReader(r)
	if head, err := br.Peek(2); err == nil && head[0] == 0x1f && head[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("idx: gzip header: %w", err)
		}
		defer zr.Close()
		return readIDX(bufio.NewReader(zr))
	}
	return readIDX(br)
}

func readIDX(r *bufio.Reader) (*IDX, error) {
	var magic [4]byte
	if _, err := io.ReadFull(r, magic[:]); err != nil {
		return nil, fmt.Errorf("idx: magic number: expected 4 bytes: %w", noEOF(err))
	}
	if magic[0] != 0 || magic[1] != 0 {
		return nil, fmt.Errorf("idx: magic number % x: expected two zero bytes, type and rank", magic)
	}
	if magic[2] != 0x08 {
		return nil, fmt.Errorf("idx: element type 0x%02x: only unsigned bytes (0x08) are supported", magic[2])
	}
	rank := int(magic[3])
	if rank == 0 {
		return nil, errors.New("idx: rank 0: expected at least one dimension")
	}
	dims := make([]int, rank)
	size := 1
	for i := range dims {
		var b [4]byte
		if _, err := io.ReadFull(r, b[:]); err != nil {
			return nil, fmt.Errorf("idx: dimension %d of %d: %w", i+1, rank, noEOF(err))
		}
		d := binary.BigEndian.Uint32(b[:])
		if d > maxIDXBytes || (d > 0 && uint64(size)*uint64(d) > maxIDXBytes) {
			return nil, fmt.Errorf("idx: dimension %d = %d: data would exceed %d bytes", i+1, d, maxIDXBytes)
		}
		dims[i] = int(d)
		size *= int(d)
	}
	// Read progressively so a lying header cannot force a huge allocation.
	data, err := io.ReadAll(io.LimitReader(r, int64(size)))
	if err != nil {
		return nil, fmt.Errorf("idx: data: %w", err)
	}
	if len(data) != size {
		return nil, fmt.Errorf("idx: truncated: shape %v needs %d data bytes, found %d", dims, size, len(data))
	}
	if _, err := r.ReadByte(); err == nil {
		return nil, fmt.Errorf("idx: trailing data after the %d bytes of shape %v", size, dims)
	} else if err != io.EOF {
		return nil, fmt.Errorf("idx: after data: %w", err)
	}
	return &IDX{Dims: dims, Data: data}, nil
}

func noEOF(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

// ReadIDXFile reads an IDX file (optionally gzip compressed).
func ReadIDXFile(path string) (*IDX, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	x, err := ReadIDX(f)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return x, nil
}

// readIDXPair reads an image file (rank 3: N×H×W) and a label file (rank 1:
// N) and checks that they agree and that labels are below classes.
func readIDXPair(name, imagesPath, labelsPath string, classes int) (*Set, error) {
	im, err := ReadIDXFile(imagesPath)
	if err != nil {
		return nil, err
	}
	lb, err := ReadIDXFile(labelsPath)
	if err != nil {
		return nil, err
	}
	if len(im.Dims) != 3 {
		return nil, fmt.Errorf("read %s: shape %v: expected 3 dimensions (images × height × width)", imagesPath, im.Dims)
	}
	if len(lb.Dims) != 1 {
		return nil, fmt.Errorf("read %s: shape %v: expected 1 dimension (labels)", labelsPath, lb.Dims)
	}
	if im.Dims[0] != lb.Dims[0] {
		return nil, fmt.Errorf("%s has %d images but %s has %d labels", imagesPath, im.Dims[0], labelsPath, lb.Dims[0])
	}
	for i, l := range lb.Data {
		if int(l) >= classes {
			return nil, fmt.Errorf("read %s: label %d at index %d: expected 0..%d", labelsPath, l, i, classes-1)
		}
	}
	s := &Set{Name: name, Height: im.Dims[1], Width: im.Dims[2], Channels: 1, Classes: classes, Pixels: im.Data, Labels: lb.Data}
	return s, s.Validate()
}
