# nasred in a container: Go, GoNB, Jupyter and the project's kernels, set up
# by the same scripts/setup.sh that `make test` and `make reproduce` run.
#
#   docker build -t nasred .
#   docker run --rm -p 8888:8888 -v /path/to/data:/data nasred
#
# GPU image: pick a CUDA base and install JAX's CUDA PJRT plugin (the
# `jax-cuda13-pjrt` wheel and its nvidia-* dependencies) into it; setup.sh
# then also installs the "Go (nasred, CUDA)" kernel:
#
#   docker build -t nasred-cuda \
#     --build-arg BASE_IMAGE=nvidia/cuda:13.0.0-cudnn-runtime-ubuntu24.04 \
#     --build-arg PJRT_WHEELS="jax-cuda13-pjrt jax-cuda13-plugin" .
#   docker run --rm --gpus all -p 8888:8888 -v /path/to/data:/data nasred-cuda
ARG BASE_IMAGE=debian:bookworm
FROM ${BASE_IMAGE}

ARG GO_VERSION=1.26.8
ARG PJRT_WHEELS=""
ENV DEBIAN_FRONTEND=noninteractive \
    PATH=/usr/local/go/bin:/root/go/bin:$PATH \
    NASRED_DATA=/data \
    GOEXPERIMENT=simd

RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends \
      ca-certificates curl git make gcc python3 python3-pip sudo && \
    rm -rf /var/lib/apt/lists/*
RUN if ! command -v go >/dev/null; then \
      curl -fsSL "https://go.dev/dl/go${GO_VERSION}.linux-amd64.tar.gz" | tar -C /usr/local -xz; \
    fi
# Optional CUDA PJRT plugin for GoMLX's XLA backend.
RUN if [ -n "$PJRT_WHEELS" ]; then \
      pip3 install --break-system-packages --no-cache-dir $PJRT_WHEELS && \
      plugin=$(python3 -c 'import glob,site; print((glob.glob(site.getsitepackages()[0]+"/**/xla_cuda_plugin.so", recursive=True)+[""])[0])') && \
      echo "NASRED_PJRT_PLUGIN=$plugin" > /etc/nasred-pjrt; \
    fi

WORKDIR /nasred
COPY . .
RUN if [ -f /etc/nasred-pjrt ]; then . /etc/nasred-pjrt; export NASRED_PJRT_PLUGIN; fi && \
    bash scripts/setup.sh && make build

EXPOSE 8888
ENV NASRED_NOTEBOOK_IP=0.0.0.0
CMD ["bash", "scripts/notebook.sh"]
