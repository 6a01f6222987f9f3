package dataset

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
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

// Load reads the named data set (MNIST, FashionMNIST or CIFAR10) from
// folder dir. Fashion-MNIST defaults to FashionMNISTDefaultDir; MNIST and
// CIFAR-10 have no default and need dir (datadir.MNISTDir finds the MNIST
// files in the Go module cache).
func Load(name, dir string) (train, test *Set, err error) {
	switch name {
	case MNIST:
		if dir == "" {
			return nil, nil, errors.New("mnist: no data folder given: pass the folder of the MNIST IDX files (train-images-idx3-ubyte.gz, ...; see datadir.MNISTDir)")
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
