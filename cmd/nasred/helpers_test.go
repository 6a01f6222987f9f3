package main

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"github.com/nasred/nasred/nasred/datadir/datatest"
)

// trainedSurrogate trains nasred's own NB301 surrogate on the 725 labelled
// genotypes of the shared data through the CLI and returns the labels file
// and the model file, or skips the test when the data is absent.
func trainedSurrogate(t *testing.T) (labels, model string) {
	t.Helper()
	labels = datatest.Path(t, "nb301/naslib_zc_nasbench301.json")
	model = filepath.Join(t.TempDir(), "model.json")
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"surrogate", "train", "--labels", labels, "--out", model, "-q"}, &stdout, &stderr); code != 0 {
		t.Fatalf("surrogate train: exit %d: %s", code, stderr.String())
	}
	return labels, model
}
