#!/usr/bin/env bash
# gpu-study.sh: a quick 4-item `nasred study` on an NVIDIA GPU through
# GoMLX's XLA backend with JAX's CUDA PJRT plugin (DARTS_V2, two PrimSkip
# samples and a random sample, seed 0, synthetic CIFAR-shaped data), then
# the same DARTS_V2 network in PyTorch eager mode on the same GPU; prints
# the study, each item's images/s, and DARTS_V2's images/s against
# PyTorch's. It is sized to end within 8 minutes on one H200.
#
# The GPU machine needs no Go: build the binary where Go is, and carry bin/.
#
#   scripts/gpu-study.sh --build     # on the Go machine: go build -o bin/ ./cmd/nasred ./cmd/nasred-train (= make build)
#   scripts/gpu-study.sh             # on the GPU machine, from the repository root
#   scripts/gpu-study.sh --cpu       # dry run without a GPU: pure-Go backend, a smaller network,
#                                    # PyTorch on the CPU when installed
#
# Options (after the mode): --channels C (32; --cpu 8) --cells L (8; --cpu 4)
# --batch B (96; --cpu 16) --steps S (30; --cpu 4) --out DIR (study folder;
# default a temporary one, removed at the end) --budget SECONDS (360: the
# study is interrupted cleanly after that; run the script again with the same
# --out to resume it).
#
# The GPU set-up (scripts/gpu/env.sh, as scripts/gpu-check.sh): xla_cuda_plugin.so
# under the Python's site-packages or PJRT_PLUGIN=/abs/path.so, and
#   GOMLX_BACKEND=xla:/abs/path/xla_cuda_plugin.so GOMLX_NO_AUTO_INSTALL=1
#   XLA_FLAGS=--xla_gpu_cuda_data_dir=<site-packages>/nvidia/cuda_nvcc
#   LD_LIBRARY_PATH=<site-packages>/nvidia/*/lib
# Output ends with lines study_items=, study_done=, study_wall_seconds=,
# item_images_per_second= (one per item), gomlx_images_per_second= (DARTS_V2),
# and with PyTorch pytorch_images_per_second= and ratio_gomlx_over_pytorch=.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/gpu/env.sh
. scripts/gpu/env.sh

mode=gpu
case "${1:-}" in
--build) gpu_build gpu-study ;;
--cpu) mode=cpu; shift ;;
--gpu) shift ;;
esac
if [ "$mode" = gpu ]; then C=32 L=8 B=96 S=30; else C=8 L=4 B=16 S=4; fi
out="" budget=360
while [ $# -gt 0 ]; do
	case "$1" in
	--channels) C=$2; shift 2 ;;
	--cells) L=$2; shift 2 ;;
	--batch) B=$2; shift 2 ;;
	--steps) S=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--budget) budget=$2; shift 2 ;;
	*) echo "gpu-study: unknown option $1" >&2; exit 2 ;;
	esac
done
need_binaries gpu-study
nasred=$(pwd)/bin/nasred

backend="go:parallelism=-1"
envs=()
PY=""
if [ "$mode" = gpu ]; then
	rc=0
	gpu_env gpu-study || rc=$?
	[ "$rc" = 0 ] || exit "$rc"
fi

if [ -z "$out" ]; then
	out=$(mktemp -d)/study
	trap 'rm -rf "$(dirname "$out")"' EXIT
fi
t0=$(date +%s)
echo "== nasred study ($backend): DARTS_V2 + primskip:2 + random:1, C=$C cells=$L batch=$B steps=$S, synthetic 32x32x3"
"$nasred" study plan --out "$out" --arch DARTS_V2 --sample primskip:2,random:1 --sample-seed 1 --seeds 0 -- \
	--space darts --dataset synthetic --channels "$C" --cells "$L" --batch "$B" --steps "$S" \
	--train-limit $((B * (S + 1) * 5 / 4)) --test-limit "$B" --eval-batch "$B" --cutout 0 --mixup 0 --log-every 10
set +e
env "${envs[@]}" timeout --signal=INT --kill-after=60 "$budget" "$nasred" study run "$out" --workers 1 --backend "$backend"
rc=$?
set -e
wall=$(($(date +%s) - t0))
[ "$rc" = 0 ] || echo "gpu-study: study run ended with exit $rc (124: the --budget of ${budget}s ran out; rerun with --out DIR to resume)" >&2
"$nasred" study status "$out" -v
done_n=0
if "$nasred" study collect "$out" --out "$out/results.csv" >/dev/null 2>&1; then
	cat "$out/results.csv"
	done_n=$(($(wc -l <"$out/results.csv") - 1))
fi
echo "study_items=4"
echo "study_done=$done_n"
echo "study_wall_seconds=$wall"
go_ips=""
k=0
for d in $(python3 -c 'import json,sys; print("\n".join(i["id"] for i in json.load(open(sys.argv[1]))["items"]))' "$out/study.json" 2>/dev/null ||
	grep -o '"id": "[0-9a-f]*"' "$out/study.json" | cut -d'"' -f4); do
	ips=$(grep -o 'images_per_second=[0-9.]*' "$out/runs/$d/train.log" 2>/dev/null | tail -1 | cut -d= -f2 || true)
	echo "item_images_per_second=$k,$d,${ips:-none}"
	[ "$k" = 0 ] && go_ips=$ips
	k=$((k + 1))
done
echo "gomlx_images_per_second=${go_ips:-none}"

device=cuda
[ "$mode" = cpu ] && device=cpu
torch_py=$(torch_python "$device")
if [ -z "$torch_py" ]; then
	echo "PyTorch (with $device) not found: no comparison"
	exit "$rc"
fi
echo "== PyTorch eager ($torch_py, $device): DARTS_V2, same network and recipe"
"$torch_py" scripts/gpu/torch_darts.py --device "$device" --channels "$C" --cells "$L" --batch "$B" --steps "$S" | tee "$out.torch.txt"
pt_ips=$(grep -o 'images_per_second=[0-9.]*' "$out.torch.txt" | tail -1 | cut -d= -f2)
rm -f "$out.torch.txt"
echo "pytorch_images_per_second=$pt_ips"
[ -n "$go_ips" ] && awk -v a="$go_ips" -v b="$pt_ips" 'BEGIN { if (b > 0) printf "ratio_gomlx_over_pytorch=%.3f\n", a / b }'
exit "$rc"
