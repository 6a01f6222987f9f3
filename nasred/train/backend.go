package train

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/gomlx/compute"
	_ "github.com/gomlx/compute/gobackend" // registers the pure-Go backend "go"
)

// DefaultBackend is the backend configuration used when neither the
// caller nor $GOMLX_BACKEND names one: GoMLX's pure-Go backend with
// parallelism=-1, which avoided the deadlocks of nested worker-pool waits
// that the default setting showed with GoMLX v0.28.0.
const DefaultBackend = "go:parallelism=-1"

// XLAHelp says how to get a CUDA PJRT plugin for the XLA backend. nasred
// never downloads plugins itself.
const XLAHelp = `the XLA backend needs a PJRT plugin: on a machine with an NVIDIA GPU, install JAX's CUDA plugin
  pip install "jax[cuda13]"   (the jax-cuda13-pjrt wheel ships xla_cuda_plugin.so, jax-cuda13-plugin the CUDA libraries)
then run with
  GOMLX_BACKEND=xla:/abs/path/to/site-packages/jax_plugins/xla_cuda13/xla_cuda_plugin.so
  GOMLX_NO_AUTO_INSTALL=1
  XLA_FLAGS=--xla_gpu_cuda_data_dir=/abs/path/to/site-packages/nvidia/cuda_nvcc (the wheel set's nvidia/ folder)
  LD_LIBRARY_PATH=<the lib/ folders under site-packages/nvidia/>
scripts/gpu-check.sh does all of this`

// NewBackend returns the compute backend for config ("name:options" as in
// GoMLX, e.g. "go", "go:parallelism=-1", "xla:/abs/path/plugin.so"). An
// empty config means $GOMLX_BACKEND, and when that is unset too,
// DefaultBackend. A "go" backend without a parallelism option gets
// parallelism=-1. The XLA backend never auto-installs plugins; a missing
// plugin is an error that says what to install (XLAHelp).
func NewBackend(config string) (compute.Backend, error) {
	if config == "" {
		config = os.Getenv(compute.ConfigEnvVar)
	}
	if config == "" {
		config = DefaultBackend
	}
	name, opts, _ := strings.Cut(config, ":")
	switch name {
	case "go":
		if !strings.Contains(opts, "parallelism") {
			if opts != "" {
				opts += ","
			}
			config = "go:" + opts + "parallelism=-1"
		}
	case "xla", "stablehlo", "shlo", "hlo":
		plugin, _, _ := strings.Cut(opts, ",")
		if filepath.IsAbs(plugin) {
			if _, err := os.Stat(plugin); err != nil {
				return nil, fmt.Errorf("backend %q: PJRT plugin %s: %w\n%s", config, plugin, err, XLAHelp)
			}
		}
		return newXLABackend(config)
	default:
		return nil, fmt.Errorf("backend %q: unknown backend %q: expected go[:options] or xla:/abs/path/to/pjrt_plugin.so", config, name)
	}
	b, err := compute.NewWithConfig(config)
	if err != nil {
		return nil, fmt.Errorf("backend %q: %w", config, err)
	}
	return b, nil
}
