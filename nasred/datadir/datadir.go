package datadir

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// EnvVar is the environment variable that names the data folder.
const EnvVar = "NASRED_DATA"

// Help tells a user where the official files come from. Errors about a
// missing data folder or file end with it.
const Help = `nasred reads benchmark data at run time; it ships none. Get the files and point --data or NASRED_DATA at their folder:
  nb201/nats_bench_tss_200ep.csv   NAS-Bench-201 / NATS-Bench tss table (CSV export of NATS-Bench, e.g. from the v-tao/nats-bench-landscape repository)
  nb201/NATS-tss-v1_0-3ffb9-simple/ the official NATS-Bench topology files (github.com/D-X-Y/NATS-Bench, "NATS-tss-v1_0-3ffb9-simple.tar")
  nb301/naslib_*.json              NASLib data files (github.com/automl/NASLib, naslib/data/)
  nb301/nb_301_v13_lc_iclr_final.zip and nb_models_0.9/ (github.com/automl/nasbench301, README "Download")
See data/README.md in the nasred repository for details.`

// ErrNotFound is returned (wrapped) when no data folder can be found.
var ErrNotFound = errors.New("benchmark data folder not found")

// Resolve returns the data folder to use. flagValue (from --data) wins over
// NASRED_DATA, which wins over a ../shared/data folder found from the
// working directory upwards.
func Resolve(flagValue string) (string, error) {
	if flagValue != "" {
		return check(flagValue, "--data")
	}
	if env := os.Getenv(EnvVar); env != "" {
		return check(env, EnvVar)
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("find data folder: %w", err)
	}
	for dir := wd; ; {
		cand := filepath.Join(dir, "..", "shared", "data")
		if st, err := os.Stat(cand); err == nil && st.IsDir() {
			return filepath.Clean(cand), nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	return "", fmt.Errorf("%w: no --data flag, %s is unset and no ../shared/data exists above %s\n%s", ErrNotFound, EnvVar, wd, Help)
}

// File resolves the data folder as Resolve does and joins rel to it,
// checking that the file exists.
func File(flagValue, rel string) (string, error) {
	dir, err := Resolve(flagValue)
	if err != nil {
		return "", err
	}
	p := filepath.Join(dir, rel)
	if _, err := os.Stat(p); err != nil {
		return "", fmt.Errorf("benchmark file %s: %w\n%s", p, err, Help)
	}
	return p, nil
}

func check(dir, from string) (string, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return "", fmt.Errorf("%w: %s=%q: %v\n%s", ErrNotFound, from, dir, err, Help)
	}
	if !st.IsDir() {
		return "", fmt.Errorf("%w: %s=%q is not a directory", ErrNotFound, from, dir)
	}
	return dir, nil
}
