#!/usr/bin/env bash
# bench-train.sh: side-by-side training-step benchmark of nasred (GoMLX,
# pure-Go backend) and PyTorch eager on the CPU, same networks, batch, input
# size and recipe (SGD lr 0.025 momentum 0.9 weight decay 3e-4, clipping 5;
# DARTS with auxiliary head 0.4 and drop-path 0.1; no augmentation; one
# fixed batch of random images).
#
#   scripts/bench-train.sh                 # all configurations (make bench-train)
#   scripts/bench-train.sh darts-c16-l8-b64-32x32x3 nb201-c16-n5-b64-32x32x3
#
# Configurations (names as in nasred/train/benchtrain_test.go):
#   darts-c16-l8-b64-32x32x3   DARTS_V2, C=16, 8 cells, batch 64, 32x32x3
#   nb201-c16-n5-b64-32x32x3   NAS-Bench-201 network, C=16, N=5, best CIFAR-10 cell, batch 64, 32x32x3
#   darts-c8-l4-b32-28x28x1    the training notebook's DARTS_V2 network (C=8, 4 cells), batch 32, MNIST size
#   nb201-c8-n1-b32-28x28x1    the README's MNIST NB201 command (C=8, N=1), batch 32
#
# For each configuration GoMLX and PyTorch run back to back (in that order,
# each in its own process), each timing STEPS steps (default 7) after two
# untimed ones (the first compiles / warms up); images/s is the batch divided
# by the median step. Peak RSS is the process's maximum resident memory.
# Output per configuration:
#   config=NAME gomlx=X pytorch=Y ratio=X/Y gomlx_rss_mib=A pytorch_rss_mib=B rss_ratio=A/B gomlx_cpu_s_per_step=C gomlx_compile_s=D
# plus the machine load (uptime) before and after: the ratios are only
# meaningful within one run.
#
# Environment: STEPS (7), GOMLX_BACKEND (go:parallelism=-1), TORCH_THREADS
# (0 = PyTorch's default), PYTHON (/usr/bin/python3, Debian's torch),
X
set -euo pipefail
cd "$(dirname "$0")/.."

STEPS=${STEPS:-7}
PY=${PYTHON:-/usr/bin/python3}
TORCH_THREADS=${TORCH_THREADS:-0}
export GOMLX_BACKEND=${GOMLX_BACKEND:-go:parallelism=-1}

declare -A TORCH_ARGS=(
	[darts-c16-l8-b64-32x32x3]="--net darts --channels 16 --cells 8 --batch 64 --height 32 --width 32 --in-channels 3"
	[nb201-c16-n5-b64-32x32x3]="--net nb201 --channels 16 --cells 5 --batch 64 --height 32 --width 32 --in-channels 3 --arch |nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|"
	[darts-c8-l4-b32-28x28x1]="--net darts --channels 8 --cells 4 --batch 32 --height 28 --width 28 --in-channels 1"
	[nb201-c8-n1-b32-28x28x1]="--net nb201 --channels 8 --cells 1 --batch 32 --height 28 --width 28 --in-channels 1 --arch |nor_conv_3x3~0|+|nor_conv_3x3~0|skip_connect~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|"
)
ORDER=(darts-c16-l8-b64-32x32x3 nb201-c16-n5-b64-32x32x3 darts-c8-l4-b32-28x28x1 nb201-c8-n1-b32-28x28x1)
if [ $# -gt 0 ]; then
	for c in "$@"; do
		if [ -z "${TORCH_ARGS[$c]+x}" ]; then
			echo "bench-train: unknown configuration $c (known: ${ORDER[*]})" >&2
			exit 2
		fi
	done
	ORDER=("$@")
fi

if ! "$PY" -c 'import torch' 2>/dev/null; then
	echo "bench-train: $PY cannot import torch (Debian's python3-torch; scripts/setup.sh installs it)" >&2
	exit 3
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export GOEXPERIMENT=${GOEXPERIMENT-simd}
echo "bench-train: building the benchmark (go test -c ./nasred/train, GOEXPERIMENT=$GOEXPERIMENT)"
go test -c -o "$tmp/train.test" ./nasred/train

# field NAME FILE: the value of "NAME=value" or of a Go benchmark metric "value NAME".
field() {
	grep -o "$1=[0-9.]*" "$2" | tail -1 | cut -d= -f2 || true
}
metric() {
	grep -o "[0-9.e+-]* $1" "$2" | tail -1 | cut -d' ' -f1 || true
}
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (a != "" && b != "" && b > 0) printf "%.3f", a / b; else printf "NA" }'
}

echo "bench-train: load before: $(uptime)"
echo "bench-train: nproc=$(nproc) GOMLX_BACKEND=$GOMLX_BACKEND STEPS=$STEPS torch threads=${TORCH_THREADS} (0 = default)"
summary=()
for c in "${ORDER[@]}"; do
	echo "== $c: GoMLX"
	(cd nasred/train && NASRED_BENCH_TRAIN=1 NASRED_BENCH_STEPS="$STEPS" "$tmp/train.test" -test.run '^$' \
		-test.bench "^BenchmarkTrainConfigs\$/^$c\$" -test.benchtime 1x 2>&1) | grep -v '^Go backend: parallelism' | tee "$tmp/go.txt"
	echo "== $c: PyTorch"
	# shellcheck disable=SC2086 # TORCH_ARGS holds several arguments
	"$PY" scripts/gpu/torch_darts.py --device cpu --median --steps "$STEPS" --warmup 2 --threads "$TORCH_THREADS" ${TORCH_ARGS[$c]} | tee "$tmp/torch.txt"
	g=$(metric images/s "$tmp/go.txt")
	p=$(field images_per_second "$tmp/torch.txt")
	gm=$(metric peak-rss-MiB "$tmp/go.txt")
	pm=$(field peak_rss_mib "$tmp/torch.txt")
	line="config=$c gomlx=$g pytorch=$p ratio=$(ratio "$g" "$p") gomlx_rss_mib=$gm pytorch_rss_mib=$pm rss_ratio=$(ratio "$gm" "$pm") gomlx_cpu_s_per_step=$(metric cpu-s/step "$tmp/go.txt") gomlx_compile_s=$(metric compile-s "$tmp/go.txt") gomlx_params=$(metric params "$tmp/go.txt") pytorch_params=$(field params "$tmp/torch.txt")"
	echo "$line"
	summary+=("$line")
done
echo "bench-train: load after: $(uptime)"
echo "== summary"
printf '%s\n' "${summary[@]}"
