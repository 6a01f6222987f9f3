package datadir

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestResolveOrder(t *testing.T) {
	flagDir, envDir := t.TempDir(), t.TempDir()
	t.Setenv(EnvVar, envDir)
	if got, err := Resolve(flagDir); err != nil || got != flagDir {
		t.Fatalf("flag: %q, %v", got, err)
	}
	if got, err := Resolve(""); err != nil || got != envDir {
		t.Fatalf("env: %q, %v", got, err)
	}
	// ../shared/data above the working directory.
	root := t.TempDir()
	shared := filepath.Join(root, "shared", "data")
	work := filepath.Join(root, "main", "sub")
	for _, d := range []string{shared, work} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv(EnvVar, "")
	t.Chdir(work)
	if got, err := Resolve(""); err != nil || got != shared {
		t.Fatalf("shared: %q, %v; want %q", got, err, shared)
	}
}

func TestResolveErrors(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nope")
	_, err := Resolve(missing)
	if !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "--data") || !strings.Contains(err.Error(), "NATS-Bench") {
		t.Fatalf("missing flag dir: %v", err)
	}
	file := filepath.Join(t.TempDir(), "f")
	os.WriteFile(file, nil, 0o644)
	if _, err := Resolve(file); !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "not a directory") {
		t.Fatalf("file as dir: %v", err)
	}
	t.Setenv(EnvVar, missing)
	if _, err := Resolve(""); !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), EnvVar) {
		t.Fatalf("missing env dir: %v", err)
	}
	t.Setenv(EnvVar, "")
	t.Chdir(t.TempDir())
	if _, err := Resolve(""); err == nil && !strings.Contains(os.TempDir(), "shared") {
		// A ../shared/data above the temp dir would be found; otherwise
		// there is nothing to find.
		if _, statErr := os.Stat(filepath.Join(os.TempDir(), "..", "shared", "data")); statErr != nil {
			t.Fatal("found a data folder where there is none")
		}
	}
	dir := t.TempDir()
	if _, err := File(dir, "nb201/x.csv"); err == nil || !strings.Contains(err.Error(), "nb201/x.csv") {
		t.Fatalf("File: %v", err)
	}
}
