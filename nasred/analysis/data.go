package analysis

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"

	nb201bench "github.com/nasred/nasred/nasred/bench/nb201"
	"github.com/nasred/nasred/nasred/datadir"
)

// Data-folder resolution lives here, in the studies: the algorithm
// packages take paths and readers and never look at the environment.

// LoadNB201 finds the NB201 data in the benchmark data folder (see
// package datadir; dataFlag is the value of a --data flag, may be empty)
// and reads it: the CSV export when present, else the official
// NATS-Bench topology files (nb201bench.LoadDir). It returns the table and
// the path it was read from.
func LoadNB201(dataFlag string) (*nb201bench.NB201, string, error) {
	dir, err := datadir.Resolve(dataFlag)
	if err != nil {
		return nil, "", err
	}
	t, path, err := nb201bench.LoadDir(dir)
	if err != nil {
		return nil, "", withHelp(err)
	}
	return t, path, nil
}

// withHelp appends datadir.Help to an error about a missing file.
func withHelp(err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%w\n%s", err, datadir.Help)
	}
	return err
}

// NB301 data files inside the benchmark data folder.
const (
	NB301ArchsFile       = "nb301/naslib_archs_nasbench301.json"
	NB301LabelledFile    = "nb301/naslib_zc_nasbench301.json"
	NB301ConfigSpaceFile = "nb301/nb301_configspace.json"
)

// NB301Data locates the NB301 files of the benchmark data folder dir
// ("" = datadir.Resolve): the 11,221 NASLib training genotypes and the 725
// labelled genotypes.
func NB301Data(dir string) (archs, labelled string, err error) {
	if dir, err = datadir.Resolve(dir); err != nil {
		return "", "", err
	}
	return filepath.Join(dir, NB301ArchsFile), filepath.Join(dir, NB301LabelledFile), nil
}
