# nasred: the commands of the README, and their parts.
#
#   make reproduce   set up, then execute every notebook headless into out/report/
#   make test        set up, then the static checks, go test, every notebook
#                    headless and the browser test
#   make notebook    set up, then start Jupyter on localhost with notebooks/ open
#   make mknb        regenerate notebooks/*.ipynb from notebooks/src/*.gonb
SHELL := /bin/bash
GO ?= go
# Go 1.26's SIMD experiment: GoMLX's pure-Go backend then multiplies
# matrices with AVX2/AVX-512 kernels (layers and steps 1.1–1.6× faster here,
# nasred/nn's doc). Every go command below, the set-up's build-cache warm-up
# and the notebooks (the kernels set it too) build with it; `make
# GOEXPERIMENT=` builds without.
export GOEXPERIMENT ?= simd
REPORT ?= out/report

.PHONY: all setup test reproduce notebook mknb vet gotest notebooks browser-test build fmt-check tidy-check nbsync bench bench-gspan clean

all: build

setup:
	bash scripts/setup.sh

build:
	$(GO) build -o bin/ ./cmd/nasred ./cmd/nasred-train

vet:
	$(GO) vet ./...

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

# go.mod and go.sum are exactly what `go mod tidy` makes.
tidy-check:
	$(GO) mod tidy -diff

# Every notebook equals what mknb makes from its source: in sync, output-free.
nbsync:
	$(GO) run ./internal/cmd/mknb -check

mknb:
	$(GO) run ./internal/cmd/mknb

gotest:
	GOMLX_BACKEND=$${GOMLX_BACKEND:-go:parallelism=-1} $(GO) test -timeout 20m ./...

notebooks:
	bash scripts/run-notebooks.sh check

# Runs when Debian's chromium, chromium-driver and python3-selenium are
# installed (scripts/setup.sh installs them).
browser-test:
	@if dpkg-query -W -f='$${Status}\n' chromium chromium-driver python3-selenium 2>/dev/null | grep -c "install ok installed" | grep -qx 3; then \
	  /usr/bin/python3 scripts/browser-test.py; \
	else echo "browser-test: skipped (needs Debian packages chromium, chromium-driver, python3-selenium)"; fi

test: setup fmt-check vet tidy-check nbsync gotest notebooks browser-test

notebook: setup
	bash scripts/notebook.sh

reproduce: setup build
	rm -rf $(REPORT).tmp && mkdir -p $(REPORT).tmp
	bash scripts/run-notebooks.sh report $(REPORT).tmp
	rm -rf $(REPORT) && mv $(REPORT).tmp $(REPORT)
	@echo "report: $(REPORT)/ (executed notebooks, HTML, figures/)"

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

bench-gspan:
	bash scripts/bench-gspan.sh

clean:
	rm -rf bin out

# bench-train: nasred's training step next to PyTorch's on the same networks (scripts/bench-train.sh).
.PHONY: bench-train
bench-train:
	bash scripts/bench-train.sh
