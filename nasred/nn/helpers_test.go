package nn

import (
	"os"
	"testing"

	"github.com/gomlx/compute"
)

func testBackend(t testing.TB) compute.Backend {
	t.Helper()
	if os.Getenv("GOMLX_BACKEND") == "" {
		t.Setenv("GOMLX_BACKEND", GoBackendConfig)
	}
	b, err := NewBackend()
	if err != nil {
		t.Fatal(err)
	}
	return b
}
