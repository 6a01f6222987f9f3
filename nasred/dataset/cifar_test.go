package dataset

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadCIFAR10Batch(t *testing.T) {
	var file []byte
	for i := range 3 {
		file = append(file, cifarRecordBytes(byte(i+2), func(y, x, ch int) byte { return byte(i*50 + y + 2*x + 90*ch) })...)
	}
	s, err := ReadCIFAR10Batch(bytes.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	if s.Len() != 3 || s.Height != 32 || s.Channels != 3 {
		t.Fatalf("shape %d %d %d", s.Len(), s.Height, s.Channels)
	}
	for i := range 3 {
		if s.Labels[i] != byte(i+2) {
			t.Fatalf("label %d = %d", i, s.Labels[i])
		}
		img := s.Image(i)
		for _, p := range [][3]int{{0, 0, 0}, {5, 7, 1}, {31, 30, 2}} {
			y, x, ch := p[0], p[1], p[2]
			if got, want := img[(y*32+x)*3+ch], byte(i*50+y+2*x+90*ch); got != want {
				t.Fatalf("image %d pixel %v = %d, want %d", i, p, got, want)
			}
		}
	}
	for _, tc := range []struct {
		name string
		in   []byte
		want string
	}{
		{"empty", nil, "empty batch"},
		{"truncated", file[:len(file)-10], "truncated record 2"},
		{"bad label", append([]byte{10}, file[1:]...), "label 10"},
	} {
		if _, err := ReadCIFAR10Batch(bytes.NewReader(tc.in)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want %q", tc.name, err, tc.want)
		}
	}
}

func FuzzReadCIFAR10Batch(f *testing.F) {
	f.Add(cifarRecordBytes(3, func(y, x, ch int) byte { return byte(x) }))
	f.Add([]byte{1, 2, 3})
	f.Fuzz(func(t *testing.T, in []byte) {
		s, err := ReadCIFAR10Batch(bytes.NewReader(in))
		if err != nil {
			return
		}
		if err := s.Validate(); err != nil || s.Len()*cifarRecord != len(in) {
			t.Fatalf("accepted %d bytes as %d records: %v", len(in), s.Len(), err)
		}
	})
}

func TestLoadCIFAR10Dir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cifar-10-batches-bin")
	os.MkdirAll(dir, 0o755)
	for i := 1; i <= 5; i++ {
		rec := cifarRecordBytes(byte(i), func(y, x, ch int) byte { return byte(i) })
		os.WriteFile(filepath.Join(dir, fmt.Sprintf("data_batch_%d.bin", i)), append(rec, rec...), 0o644)
	}
	if _, _, err := Load(CIFAR10, filepath.Dir(dir)); err == nil || !strings.Contains(err.Error(), "test_batch.bin") {
		t.Fatalf("missing test batch: err = %v", err)
	}
	os.WriteFile(filepath.Join(dir, "test_batch.bin"), cifarRecordBytes(9, func(y, x, ch int) byte { return 0 }), 0o644)
	train, test, err := Load(CIFAR10, filepath.Dir(dir))
	if err != nil {
		t.Fatal(err)
	}
	if train.Len() != 10 || test.Len() != 1 || train.Labels[9] != 5 || test.Labels[0] != 9 || train.Name != "cifar10/train" {
		t.Fatalf("got %d %d %v %v", train.Len(), test.Len(), train.Labels, test.Labels)
	}
}
