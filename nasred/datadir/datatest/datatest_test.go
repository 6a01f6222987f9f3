package datatest

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/nasred/nasred/nasred/datadir"
)

func TestPathAndRead(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "nb201"), 0o755)
	os.WriteFile(filepath.Join(dir, "nb201", "x.csv"), []byte("a,b\n"), 0o644)
	t.Setenv(datadir.EnvVar, dir)
	if got := Path(t, "nb201/x.csv"); got != filepath.Join(dir, "nb201", "x.csv") {
		t.Fatalf("Path = %q", got)
	}
	if got := string(Read(t, "nb201/x.csv")); got != "a,b\n" {
		t.Fatalf("Read = %q", got)
	}
	t.Run("missing file skips", func(t *testing.T) {
		Path(t, "nb201/none.csv")
		t.Fatal("Path did not skip")
	})
}

func TestDir(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "nb301"), 0o755)
	os.WriteFile(filepath.Join(dir, "nb301", "a.json"), []byte("{}"), 0o644)
	t.Setenv(datadir.EnvVar, dir)
	if got := Dir(t, "nb301/a.json"); got != dir {
		t.Fatalf("Dir = %q, want %q", got, dir)
	}
	t.Run("missing file skips", func(t *testing.T) {
		Dir(t, "nb301/a.json", "nb301/none.json")
		t.Fatal("Dir did not skip")
	})
}
