package dataset

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/nasred/nasred/nasred/datadir"
)

func TestReadIDX(t *testing.T) {
	good := idxBytes([]int{2, 3}, []byte{1, 2, 3, 4, 5, 6})
	tests := []struct {
		name    string
		in      []byte
		dims    []int
		wantErr string
	}{
		{"plain", good, []int{2, 3}, ""},
		{"gzip", gz(good), []int{2, 3}, ""},
		{"empty dims", idxBytes([]int{0, 5}, nil), []int{0, 5}, ""},
		{"empty input", nil, nil, "magic number"},
		{"bad magic", append([]byte{1, 0}, good[2:]...), nil, "two zero bytes"},
		{"float type", append([]byte{0, 0, 0x0d}, good[3:]...), nil, "element type 0x0d"},
		{"rank 0", []byte{0, 0, 8, 0}, nil, "rank 0"},
		{"short dims", good[:6], nil, "dimension 1 of 2"},
		{"truncated data", good[:len(good)-1], nil, "needs 6 data bytes, found 5"},
		{"trailing", append(append([]byte{}, good...), 9), nil, "trailing data"},
		{"huge", idxBytes([]int{1 << 20, 1 << 20}, nil), nil, "would exceed"},
		{"bad gzip", gz(good)[:12], nil, "idx"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			x, err := ReadIDX(bytes.NewReader(tc.in))
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want it to contain %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(x.Dims, tc.dims) {
				t.Fatalf("dims %v, want %v", x.Dims, tc.dims)
			}
		})
	}
}

func FuzzReadIDX(f *testing.F) {
	f.Add(idxBytes([]int{2, 3}, []byte{1, 2, 3, 4, 5, 6}))
	f.Add(gz(idxBytes([]int{1, 2, 2}, []byte{1, 2, 3, 4})))
	f.Add([]byte{0, 0, 8, 1, 0, 0, 0, 0})
	f.Add([]byte{0, 0, 8, 3, 255, 255, 255, 255})
	f.Fuzz(func(t *testing.T, in []byte) {
		x, err := ReadIDX(bytes.NewReader(in))
		if err != nil {
			return
		}
		n := 1
		for _, d := range x.Dims {
			n *= d
		}
		if n != len(x.Data) {
			t.Fatalf("dims %v but %d bytes", x.Dims, len(x.Data))
		}
	})
}

func TestLoadIDXDirErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, p []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), p, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	img := idxBytes([]int{2, 2, 2}, []byte{0, 1, 2, 3, 4, 5, 6, 7})
	write("train-images-idx3-ubyte.gz", gz(img))
	write("train-labels-idx1-ubyte", idxBytes([]int{2}, []byte{3, 4}))
	write("t10k-images-idx3-ubyte", img)
	if _, _, err := LoadIDXDir("x", dir); err == nil || !strings.Contains(err.Error(), "t10k-labels-idx1-ubyte") {
		t.Fatalf("missing file: err = %v", err)
	}
	write("t10k-labels-idx1-ubyte", idxBytes([]int{3}, []byte{1, 2, 3}))
	if _, _, err := LoadIDXDir("x", dir); err == nil || !strings.Contains(err.Error(), "2 images but") {
		t.Fatalf("count mismatch: err = %v", err)
	}
	write("t10k-labels-idx1-ubyte", idxBytes([]int{2}, []byte{1, 12}))
	if _, _, err := LoadIDXDir("x", dir); err == nil || !strings.Contains(err.Error(), "label 12") {
		t.Fatalf("bad label: err = %v", err)
	}
	write("t10k-labels-idx1-ubyte", idxBytes([]int{2}, []byte{1, 2}))
	train, test, err := LoadIDXDir("x", dir)
	if err != nil {
		t.Fatal(err)
	}
	if train.Len() != 2 || test.Height != 2 || train.Channels != 1 || train.Labels[1] != 4 || test.Pixels[7] != 7 {
		t.Fatalf("unexpected sets %+v %+v", train, test)
	}
}

// TestRealMNIST checks the files shipped in the GoMNIST module against
// facts about MNIST: 60,000/10,000 images of 28×28, first labels 5 and 7.
func TestRealMNIST(t *testing.T) {
	dir, err := datadir.MNISTDir()
	if err != nil {
		t.Skip(err)
	}
	train, test, err := Load(MNIST, dir)
	if err != nil {
		t.Fatal(err)
	}
	if train.Len() != 60000 || test.Len() != 10000 || train.Height != 28 || train.Width != 28 {
		t.Fatalf("sizes %d %d %dx%d", train.Len(), test.Len(), train.Height, train.Width)
	}
	if train.Labels[0] != 5 || test.Labels[0] != 7 {
		t.Fatalf("first labels %d %d, want 5 7", train.Labels[0], test.Labels[0])
	}
	mean, std := train.ChannelStats()
	// The well-known MNIST normalisation constants are 0.1307 and 0.3081.
	if d := mean[0] - 0.1307; d*d > 1e-8 || (std[0]-0.3081)*(std[0]-0.3081) > 1e-8 {
		t.Fatalf("mean %v std %v", mean, std)
	}
}

func TestRealFashionMNIST(t *testing.T) {
	train, test, err := Load(FashionMNIST, "")
	if err != nil {
		t.Skip(err)
	}
	if train.Len() != 60000 || test.Len() != 10000 || train.Height != 28 {
		t.Fatalf("sizes %d %d %d", train.Len(), test.Len(), train.Height)
	}
	// Fashion-MNIST: first training image is an ankle boot (9), first test image too.
	if train.Labels[0] != 9 || test.Labels[0] != 9 {
		t.Fatalf("first labels %d %d, want 9 9", train.Labels[0], test.Labels[0])
	}
}

func TestLoadUnknown(t *testing.T) {
	if _, _, err := Load("imagenet", ""); err == nil || !strings.Contains(err.Error(), "unknown data set") {
		t.Fatalf("err = %v", err)
	}
	if _, _, err := Load(CIFAR10, ""); err == nil || !strings.Contains(err.Error(), "cifar-10-binary") {
		t.Fatalf("err = %v", err)
	}
}
