//go:build cgo && !noxla

package train

import (
	"fmt"

	"github.com/gomlx/compute"
	"github.com/gomlx/go-xla/compute/xla"
)

// newXLABackend creates an XLA (PJRT) backend with auto-install disabled.
func newXLABackend(config string) (b compute.Backend, err error) {
	xla.EnableAutoInstall(false)
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("backend %q: %v\n%s", config, r, XLAHelp)
		}
	}()
	b, err = compute.NewWithConfig(config)
	if err != nil {
		return nil, fmt.Errorf("backend %q: %w\n%s", config, err, XLAHelp)
	}
	return b, nil
}
