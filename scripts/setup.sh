#!/usr/bin/env bash
# Idempotent set-up of everything nasred needs on a Debian machine with Go:
# Debian packages (Jupyter, oracles for the tests, Fashion-MNIST, the
# browser test's Chromium), GoNB and its tools, the Go module and build
# caches, and the project's Jupyter kernels.
# Re-running it is cheap: each step is skipped when already done, and apt is
# not touched unless a package is missing.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
log() { printf '[setup] %s\n' "$*" >&2; }
export GOEXPERIMENT=${GOEXPERIMENT-simd}   # as the Makefile and the kernels: the warm cache must match
export PYDEVD_DISABLE_FILE_VALIDATION=1   # silence debugpy's frozen-modules note

# --- Debian packages -------------------------------------------------------
apt_pkgs=(
  jupyter-notebook jupyter-nbconvert python3-nbclient jupyter-client
  jupyter-core python3-nbformat            # headless notebooks
  python3-xgboost python3-numpy            # surrogate oracle tests
  python3-torch                            # network oracle tests
  dataset-fashion-mnist                    # training data
  chromium chromium-driver python3-selenium  # notebook browser test
  slurmctld slurmd slurm-client munge      # Slurm integration test (scripts/slurm-local.sh)
)
missing=()
for p in "${apt_pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  log "installing Debian packages: ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get -o DPkg::Lock::Timeout=600 update -qq
  "${sudo_cmd[@]}" apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  log "Debian packages present"
fi

# --- Go tools: GoNB v0.11.3, goimports, gopls -------------------------------
gobin=$(go env GOBIN)
[ -n "$gobin" ] || gobin="$(go env GOPATH)/bin"
export PATH="$gobin:$PATH"
have_version() { # binary module version
  [ -x "$gobin/$1" ] && go version -m "$gobin/$1" 2>/dev/null | awk '$1=="mod"{print $3}' | grep -qx "$3" \
    && go version -m "$gobin/$1" | awk '$1=="mod"{print $2}' | grep -qx "$2"
}
if ! have_version gonb github.com/janpfeifer/gonb v0.11.3; then
  log "installing GoNB v0.11.3"
  # "go install ...@v0.11.3" is refused by the proxy's version list, so
  # install it from a scratch module that requires it.
  tmp=$(mktemp -d)
  (cd "$tmp" && go mod init nasred-gonb-install >/dev/null 2>&1 \
    && go get github.com/janpfeifer/gonb@v0.11.3 && go install github.com/janpfeifer/gonb)
  rm -rf "$tmp"
fi
if ! have_version goimports golang.org/x/tools v0.52.0; then
  log "installing goimports v0.52.0"
  go install golang.org/x/tools/cmd/goimports@v0.52.0
fi
if ! have_version gopls golang.org/x/tools/gopls v0.23.0; then
  log "installing gopls v0.23.0"
  go install golang.org/x/tools/gopls@v0.23.0
fi

# --- Go modules and build cache ---------------------------------------------
go mod download
# GoNB compiles every cell in a scratch module whose go.work uses this
# checkout, with the same go command and GOCACHE. Compiling here what the
# notebooks import (GoMLX, gonum/plot, ~440 packages) turns a minute or more
# of silence at the first cell of a fresh install into seconds.
mapfile -t nbpkgs < <(grep -ohE '"github\.com/nasred/nasred/[^"]+"' notebooks/src/*.gonb | tr -d '"' | sort -u)
start=$SECONDS
go build "${nbpkgs[@]}" github.com/janpfeifer/gonb/gonbui
log "Go build cache holds the ${#nbpkgs[@]} packages the notebooks import ($((SECONDS - start)) s)"

# --- Jupyter kernels --------------------------------------------------------
data=${NASRED_DATA:-}
if [ -z "$data" ] && [ -d "$root/../shared/data" ]; then
  data=$(cd "$root/../shared/data" && pwd)
fi
install_kernel() { # name template [extra sed expressions...]
  local name=$1 tmpl=$2; shift 2
  local dir; dir=$(mktemp -d)
  mkdir -p "$dir/$name"
  sed -e "s|@GONB@|$gobin/gonb|g" -e "s|@NASRED_ROOT@|$root|g" -e "s|@NASRED_DATA@|$data|g" \
      -e "s|@GOBIN@|$gobin|g" -e "s|@GOROOT_BIN@|$(go env GOROOT)/bin|g" "$@" "$tmpl" >"$dir/$name/kernel.json"
  jupyter kernelspec install --user --replace --name "$name" "$dir/$name" >/dev/null
  rm -rf "$dir"
  log "kernel $name installed"
}
install_kernel gonb-nasred kernels/gonb-nasred/kernel.json.in
plugin=${NASRED_PJRT_PLUGIN:-}
if [ -n "$plugin" ]; then
  [ -f "$plugin" ] || { log "NASRED_PJRT_PLUGIN=$plugin does not exist"; exit 1; }
  sp=$(dirname "$(dirname "$plugin")")   # .../site-packages
  cuda=${NASRED_CUDA_DIR:-$sp/nvidia}
  libs=$(find "$cuda" -maxdepth 3 -type d -name lib 2>/dev/null | paste -sd: -)
  install_kernel gonb-nasred-cuda kernels/gonb-nasred-cuda/kernel.json.in \
    -e "s|@PJRT_PLUGIN@|$plugin|g" -e "s|@CUDA_DATA_DIR@|$cuda|g" -e "s|@CUDA_LIBS@|$libs|g"
fi
log "done"
