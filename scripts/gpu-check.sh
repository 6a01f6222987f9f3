#!/usr/bin/env bash
# gpu-check.sh: time a short DARTS training of nasred on an NVIDIA GPU through
# GoMLX's XLA backend with JAX's CUDA PJRT plugin, and, when PyTorch with CUDA
# is installed, the same network in PyTorch eager mode; print both images/s
# and their ratio.
#
# The GPU machine needs no Go: build the binary where Go is, and carry it.
#
#   scripts/gpu-check.sh --build     # on the Go machine: go build -o bin/ ./cmd/nasred ./cmd/nasred-train (= make build)
#   scripts/gpu-check.sh             # on the GPU machine, from the repository root
#   scripts/gpu-check.sh --cpu       # dry run without a GPU: pure-Go backend vs PyTorch on the CPU
#
# Options (after the mode): --channels C (32) --cells L (8) --batch B (96) --steps S (30)
#
# What it needs on the GPU machine: nvidia-smi and a Python with JAX's CUDA
# plugin, e.g. `pip install "jax[cuda13]"` (the jax-cuda13-pjrt wheel ships
# jax_plugins/xla_cuda13/xla_cuda_plugin.so; jax-cuda13-plugin and the nvidia-*
# wheels bring the CUDA libraries). The script finds xla_cuda_plugin.so under
# the Python's site-packages (or takes PJRT_PLUGIN=/abs/path.so), and sets
#   GOMLX_BACKEND=xla:/abs/path/xla_cuda_plugin.so  GOMLX_NO_AUTO_INSTALL=1
#   XLA_FLAGS=--xla_gpu_cuda_data_dir=<site-packages>/nvidia/cuda_nvcc
#   LD_LIBRARY_PATH=<site-packages>/nvidia/*/lib
# Output: lines gomlx_images_per_second=, pytorch_images_per_second=,
# ratio_gomlx_over_pytorch= (the last two only with PyTorch).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/gpu/env.sh
. scripts/gpu/env.sh

mode=gpu
case "${1:-}" in
--build) gpu_build gpu-check ;;
--cpu) mode=cpu; shift ;;
--gpu) shift ;;
esac
C=32 L=8 B=96 S=30
while [ $# -gt 0 ]; do
	case "$1" in
	--channels) C=$2; shift 2 ;;
	--cells) L=$2; shift 2 ;;
	--batch) B=$2; shift 2 ;;
	--steps) S=$2; shift 2 ;;
	*) echo "gpu-check: unknown option $1" >&2; exit 2 ;;
	esac
done

need_binaries gpu-check

backend="go:parallelism=-1"
envs=()
PY=""
if [ "$mode" = gpu ]; then
	rc=0
	gpu_env gpu-check || rc=$?
	[ "$rc" = 0 ] || exit "$rc"
fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "== GoMLX ($backend): DARTS_V2 C=$C cells=$L batch=$B steps=$S on synthetic 32x32x3 data"
set +e
env "${envs[@]}" GOMLX_BACKEND="$backend" bin/nasred train --space darts --arch DARTS_V2 --dataset synthetic \
	--channels "$C" --cells "$L" --batch "$B" --steps "$S" --train-limit $((B * (S + 1))) --test-limit "$B" \
	--eval-batch "$B" --val-fraction 0 --cutout 0 --mixup 0 --log-every 10 --out "$out/run" | tee "$out/go.txt"
rc=${PIPESTATUS[0]}
set -e
if [ "$rc" != 0 ]; then
	echo "gpu-check: nasred train failed (exit $rc)" >&2
	exit 5
fi
go_ips=$(grep -o 'images_per_second=[0-9.]*' "$out/go.txt" | tail -1 | cut -d= -f2)
echo "gomlx_images_per_second=$go_ips"

device=cuda
[ "$mode" = cpu ] && device=cpu
torch_py=$(torch_python "$device")
if [ -z "$torch_py" ]; then
	echo "PyTorch (with $device) not found: no comparison"
	exit 0
fi
echo "== PyTorch eager ($torch_py, $device): same network and recipe"
"$torch_py" scripts/gpu/torch_darts.py --device "$device" --channels "$C" --cells "$L" --batch "$B" --steps "$S" | tee "$out/torch.txt"
pt_ips=$(grep -o 'images_per_second=[0-9.]*' "$out/torch.txt" | tail -1 | cut -d= -f2)
echo "pytorch_images_per_second=$pt_ips"
awk -v a="$go_ips" -v b="$pt_ips" 'BEGIN { if (b > 0) printf "ratio_gomlx_over_pytorch=%.3f\n", a / b }'
