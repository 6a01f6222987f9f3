# nasred: the two commands of the README, and their parts.
#
#   make reproduce   set up, then execute every notebook headless into out/report/
#   make test        set up, then go vet, go test and every notebook headless
SHELL := /bin/bash
GO ?= go
REPORT ?= out/report

.PHONY: all setup test reproduce vet gotest notebooks build fmt-check bench clean

all: build

setup:
	bash scripts/setup.sh

build:
	$(GO) build -o bin/nasred ./cmd/nasred

vet:
	$(GO) vet ./...

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

gotest:
	GOMLX_BACKEND=$${GOMLX_BACKEND:-go:parallelism=-1} $(GO) test -timeout 20m ./...

notebooks:
	bash scripts/run-notebooks.sh check

test: setup fmt-check vet gotest notebooks

reproduce: setup build
	rm -rf $(REPORT).tmp && mkdir -p $(REPORT).tmp
	bash scripts/run-notebooks.sh report $(REPORT).tmp
	rm -rf $(REPORT) && mv $(REPORT).tmp $(REPORT)
	@echo "report: $(REPORT)/ (executed notebooks, HTML, figures/)"

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

clean:
	rm -rf bin out

# bench-train: nasred's training step next to PyTorch's on the same networks (scripts/bench-train.sh).
.PHONY: bench-train
bench-train:
	bash scripts/bench-train.sh
