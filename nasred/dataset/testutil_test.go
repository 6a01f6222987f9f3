package dataset

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
)

// idxBytes encodes an unsigned-byte IDX file (the test writer is
// independent of the reader).
func idxBytes(dims []int, data []byte) []byte {
	var b bytes.Buffer
	b.Write([]byte{0, 0, 8, byte(len(dims))})
	for _, d := range dims {
		binary.Write(&b, binary.BigEndian, uint32(d))
	}
	b.Write(data)
	return b.Bytes()
}

func gz(p []byte) []byte {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write(p)
	w.Close()
	return b.Bytes()
}

// cifarRecordBytes builds one CIFAR-10 record whose pixel (y, x) of channel
// ch has value f(y, x, ch).
func cifarRecordBytes(label byte, f func(y, x, ch int) byte) []byte {
	rec := []byte{label}
	for ch := range 3 {
		for y := range 32 {
			for x := range 32 {
				rec = append(rec, f(y, x, ch))
			}
		}
	}
	return rec
}

// tinySet makes n images of h×w×c with pixel value (i*7 + y*h + x*3 + ch) % 256.
func tinySet(n, h, w, c int) *Set {
	s := &Set{Name: "tiny", Height: h, Width: w, Channels: c, Classes: 10}
	for i := range n {
		s.Labels = append(s.Labels, uint8(i%10))
		for y := range h {
			for x := range w {
				for ch := range c {
					s.Pixels = append(s.Pixels, byte((i*7+y*h+x*3+ch*11)%256))
				}
			}
		}
	}
	return s
}

func bytesReader(p []byte) *bytes.Reader { return bytes.NewReader(p) }
