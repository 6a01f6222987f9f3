# shellcheck shell=bash
# scripts/gpu/env.sh: sourced by the GPU scripts. gpu_env finds JAX's CUDA
# PJRT plugin for GoMLX's XLA backend and sets, in the caller:
#   PY       a python3 (or "")
#   backend  xla:/abs/path/xla_cuda_plugin.so
#   envs     ( GOMLX_NO_AUTO_INSTALL=1 XLA_FLAGS=... LD_LIBRARY_PATH=... ) for env(1)
# It takes PJRT_PLUGIN=/abs/path.so when set, else searches the Python's
# site-packages (jax-cuda13-pjrt ships jax_plugins/xla_cuda13/xla_cuda_plugin.so,
# jax-cuda13-plugin and the nvidia-* wheels the CUDA libraries). It returns 3
# without an NVIDIA GPU and 4 without the plugin, after saying so on stderr.
gpu_env() {
	local name=${1:-gpu} plugin sites d f site nv libs l
	find_python
	if ! command -v nvidia-smi >/dev/null 2>&1 || ! nvidia-smi -L >/dev/null 2>&1; then
		echo "$name: no NVIDIA GPU found (nvidia-smi missing or failing); use --cpu for a dry run" >&2
		return 3
	fi
	nvidia-smi -L
	plugin=${PJRT_PLUGIN:-}
	sites=""
	if [ -n "$PY" ]; then
		sites=$("$PY" -c 'import site, sys; print("\n".join(site.getsitepackages() + [site.getusersitepackages()] + sys.path))' 2>/dev/null | sort -u || true)
	fi
	if [ -z "$plugin" ]; then
		for d in $sites; do
			[ -d "$d" ] || continue
			f=$(find "$d" -maxdepth 4 -name xla_cuda_plugin.so 2>/dev/null | head -1 || true)
			if [ -n "$f" ]; then plugin=$f; break; fi
		done
	fi
	if [ -z "$plugin" ] || [ ! -f "$plugin" ]; then
		cat >&2 <<MSG
$name: xla_cuda_plugin.so not found. Install JAX's CUDA PJRT plugin into this Python:
  pip install "jax[cuda13]"        (or: pip install jax-cuda13-pjrt jax-cuda13-plugin)
or point PJRT_PLUGIN at the .so (site-packages/jax_plugins/xla_cuda13/xla_cuda_plugin.so).
MSG
		return 4
	fi
	plugin=$(cd "$(dirname "$plugin")" && pwd)/$(basename "$plugin")
	site=$(dirname "$(dirname "$(dirname "$plugin")")")
	nv="$site/nvidia"
	libs=""
	if [ -d "$nv" ]; then
		for l in "$nv"/*/lib; do libs="$libs${libs:+:}$l"; done
	fi
	echo "PJRT plugin: $plugin"
	backend="xla:$plugin"
	envs=(GOMLX_NO_AUTO_INSTALL=1 "XLA_FLAGS=--xla_gpu_cuda_data_dir=$nv/cuda_nvcc" "LD_LIBRARY_PATH=$libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}")
}

# find_python sets PY to the first python3 found (or "").
find_python() {
	local p
	PY=""
	for p in python3 /usr/bin/python3 python; do
		if command -v "$p" >/dev/null 2>&1; then PY=$(command -v "$p"); break; fi
	done
}

# torch_python DEVICE: the first python with PyTorch (and CUDA for cuda),
# or "" (printed on stdout).
torch_python() {
	local p
	[ -n "${PY:-}" ] || find_python
	for p in "$PY" /usr/bin/python3; do
		[ -n "$p" ] || continue
		if "$p" -c "import torch, sys; sys.exit(0 if ('$1' == 'cpu' or torch.cuda.is_available()) else 1)" 2>/dev/null; then
			echo "$p"
			return 0
		fi
	done
}

# need_binaries NAME: exits 2 unless bin/nasred and bin/nasred-train (which
# `nasred train` and `nasred study run` start) are there.
need_binaries() {
	local b
	for b in nasred nasred-train; do
		if [ ! -x "bin/$b" ]; then
			echo "$1: bin/$b not found: run scripts/$1.sh --build (or make build) on a machine with Go and carry bin/" >&2
			exit 2
		fi
	done
}

# gpu_build NAME: builds bin/nasred for the GPU machine and exits.
gpu_build() {
	echo "building bin/nasred and bin/nasred-train (cgo, for $(go env GOOS)/$(go env GOARCH))"
	CGO_ENABLED=1 GOEXPERIMENT=${GOEXPERIMENT-simd} go build -o bin/ ./cmd/nasred ./cmd/nasred-train
	echo "bin/nasred built; copy the repository (with bin/) to the GPU machine and run scripts/$1.sh there"
	exit 0
}
