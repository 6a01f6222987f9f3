//go:build !cgo || noxla

package train

import (
	"fmt"

	"github.com/gomlx/compute"
)

// newXLABackend reports that this binary has no XLA support.
func newXLABackend(config string) (compute.Backend, error) {
	return nil, fmt.Errorf("backend %q: this nasred binary was built without XLA support (CGO_ENABLED=0 or -tags noxla); rebuild with cgo\n%s", config, XLAHelp)
}
