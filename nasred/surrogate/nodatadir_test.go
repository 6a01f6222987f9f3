package surrogate

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestNoDataDir: the models that read NB301's ConfigSpace say so when no
// benchmark data folder is given, instead of looking one up themselves.
func TestNoDataDir(t *testing.T) {
	if _, err := NewEncoder(ConfigSpace, ""); !errors.Is(err, ErrNoDataDir) {
		t.Errorf("NewEncoder(ConfigSpace, \"\"): %v, want ErrNoDataDir", err)
	}
	if _, err := NewEncoder(Graph, ""); err != nil {
		t.Errorf("NewEncoder(Graph, \"\"): %v", err)
	}
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "ens"), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(context.Background(), filepath.Join(dir, "ens"), ""); !errors.Is(err, ErrNoDataDir) {
		t.Errorf("Load(context.Background(), ensemble folder, \"\"): %v, want ErrNoDataDir", err)
	}
}
