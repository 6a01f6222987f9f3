#!/usr/bin/env python3
"""Time nasred's networks (DARTS NetworkCIFAR, NAS-Bench-201) in PyTorch eager mode.

Written for nasred's scripts/gpu-check.sh and scripts/bench-train.sh: the
same networks, recipe and data shapes as nasred's, so that the
images-per-second figures can be compared.

--net darts (default) follows the structure of the DARTS reference code
(Liu et al., 2019): stem conv 3x3 to 3C + BN; cells with reduction cells at
L/3 and 2L/3; ReLU-conv1x1-BN preprocessing (factorized reduce after a
reduction cell); separable convolutions (ReLU, depthwise, pointwise, BN,
twice) and dilated convolutions; drop-path on non-identity edges; auxiliary
head after cell 2L/3 (for inputs smaller than 8x8 the pool shrinks as in
nasred/nn's auxHead); global average pool; linear classifier.

--net nb201 is NAS-Bench-201's TinyNetwork with the cell of --arch (the
benchmark's |op~i|+|...| string): stem conv 3x3 + BN; three stages of N
cells (--cells) with C, 2C, 4C channels and a ResNet basic block (stride 2,
shortcut 2x2 average pool + conv 1x1) between stages; BN + ReLU; global
average pool; linear classifier.

Training step: SGD lr 0.025 momentum 0.9 weight decay 3e-4, gradient
clipping 5, auxiliary weight 0.4 (DARTS), drop-path at half of
--drop-path (DARTS), no augmentation, one fixed batch of random images.

Prints `images_per_second=X` (mean over --steps after --warmup steps, or
with --median the batch divided by the median step time) and
`peak_rss_mib=Y` (the process's peak resident memory).
"""
import argparse
import resource
import time

import torch
import torch.nn as nn

DARTS_V2_NORMAL = [("sep_conv_3x3", 0), ("sep_conv_3x3", 1), ("sep_conv_3x3", 0), ("sep_conv_3x3", 1),
                   ("sep_conv_3x3", 1), ("skip_connect", 0), ("skip_connect", 0), ("dil_conv_3x3", 2)]
DARTS_V2_REDUCE = [("max_pool_3x3", 0), ("max_pool_3x3", 1), ("skip_connect", 2), ("max_pool_3x3", 1),
                   ("max_pool_3x3", 0), ("skip_connect", 2), ("skip_connect", 2), ("max_pool_3x3", 1)]


class ReLUConvBN(nn.Sequential):
    def __init__(self, c_in, c_out, k, stride, pad):
        super().__init__(nn.ReLU(inplace=False), nn.Conv2d(c_in, c_out, k, stride, pad, bias=False), nn.BatchNorm2d(c_out))


class DilConv(nn.Sequential):
    def __init__(self, c_in, c_out, k, stride, pad, dil):
        super().__init__(nn.ReLU(inplace=False),
                         nn.Conv2d(c_in, c_in, k, stride, pad, dilation=dil, groups=c_in, bias=False),
                         nn.Conv2d(c_in, c_out, 1, bias=False), nn.BatchNorm2d(c_out))


class SepConv(nn.Sequential):
    def __init__(self, c_in, c_out, k, stride, pad):
        super().__init__(DilConv(c_in, c_in, k, stride, pad, 1), DilConv(c_in, c_out, k, 1, pad, 1))


class FactorizedReduce(nn.Module):
    def __init__(self, c_in, c_out):
        super().__init__()
        self.relu = nn.ReLU(inplace=False)
        self.c1 = nn.Conv2d(c_in, c_out // 2, 1, stride=2, bias=False)
        self.c2 = nn.Conv2d(c_in, c_out - c_out // 2, 1, stride=2, bias=False)
        self.bn = nn.BatchNorm2d(c_out)

    def forward(self, x):
        x = self.relu(x)
        return self.bn(torch.cat([self.c1(x), self.c2(x[:, :, 1:, 1:])], dim=1))


def make_op(name, c, stride):
    if name == "avg_pool_3x3":
        return nn.AvgPool2d(3, stride=stride, padding=1, count_include_pad=False)
    if name == "max_pool_3x3":
        return nn.MaxPool2d(3, stride=stride, padding=1)
    if name == "skip_connect":
        return nn.Identity() if stride == 1 else FactorizedReduce(c, c)
    if name == "sep_conv_3x3":
        return SepConv(c, c, 3, stride, 1)
    if name == "sep_conv_5x5":
        return SepConv(c, c, 5, stride, 2)
    if name == "dil_conv_3x3":
        return DilConv(c, c, 3, stride, 2, 2)
    if name == "dil_conv_5x5":
        return DilConv(c, c, 5, stride, 4, 2)
    raise ValueError(name)


def drop_path(x, p):
    keep = 1.0 - p
    mask = torch.empty(x.size(0), 1, 1, 1, device=x.device).bernoulli_(keep)
    return x / keep * mask


class Cell(nn.Module):
    def __init__(self, edges, c_pp, c_p, c, reduction, reduction_prev):
        super().__init__()
        self.pre0 = FactorizedReduce(c_pp, c) if reduction_prev else ReLUConvBN(c_pp, c, 1, 1, 0)
        self.pre1 = ReLUConvBN(c_p, c, 1, 1, 0)
        self.ops = nn.ModuleList(make_op(n, c, 2 if reduction and i < 2 else 1) for n, i in edges)
        self.inputs = [i for _, i in edges]

    def forward(self, s0, s1, drop_prob):
        states = [self.pre0(s0), self.pre1(s1)]
        for j in range(4):
            hs = []
            for e in (2 * j, 2 * j + 1):
                h = self.ops[e](states[self.inputs[e]])
                if self.training and drop_prob > 0 and not isinstance(self.ops[e], nn.Identity):
                    h = drop_path(h, drop_prob)
                hs.append(h)
            states.append(hs[0] + hs[1])
        return torch.cat(states[2:], dim=1)


class AuxHead(nn.Module):
    def __init__(self, c, classes, size=8):
        super().__init__()
        # nasred/nn's auxHead: DARTS's 5x5 stride-3 pool at 8x8, shrunk for smaller inputs.
        k = min(5, size - 1)
        s = 3 if (size - k) // 3 + 1 >= 2 else max(1, size - k)
        self.features = nn.Sequential(
            nn.ReLU(inplace=True), nn.AvgPool2d(k, stride=s, padding=0, count_include_pad=False),
            nn.Conv2d(c, 128, 1, bias=False), nn.BatchNorm2d(128), nn.ReLU(inplace=True),
            nn.Conv2d(128, 768, 2, bias=False), nn.BatchNorm2d(768), nn.ReLU(inplace=True))
        self.classifier = nn.Linear(768, classes)

    def forward(self, x):
        return self.classifier(self.features(x).mean((2, 3)))


class NetworkCIFAR(nn.Module):
    def __init__(self, c, classes, layers, auxiliary, in_channels=3, size=32):
        super().__init__()
        c_curr = 3 * c
        self.stem = nn.Sequential(nn.Conv2d(in_channels, c_curr, 3, padding=1, bias=False), nn.BatchNorm2d(c_curr))
        c_pp, c_p, c_curr = c_curr, c_curr, c
        self.cells = nn.ModuleList()
        reduction_prev = False
        self.aux_pos = 2 * layers // 3
        c_aux = None
        for i in range(layers):
            reduction = i in (layers // 3, 2 * layers // 3)
            if reduction:
                c_curr *= 2
            edges = DARTS_V2_REDUCE if reduction else DARTS_V2_NORMAL
            self.cells.append(Cell(edges, c_pp, c_p, c_curr, reduction, reduction_prev))
            reduction_prev = reduction
            c_pp, c_p = c_p, 4 * c_curr
            if i == self.aux_pos:
                c_aux = c_p
        self.aux = AuxHead(c_aux, classes, size // 4) if auxiliary else None
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.classifier = nn.Linear(c_p, classes)
        self.drop_prob = 0.0

    def forward(self, x):
        aux = None
        s0 = s1 = self.stem(x)
        for i, cell in enumerate(self.cells):
            s0, s1 = s1, cell(s0, s1, self.drop_prob)
            if i == self.aux_pos and self.aux is not None and self.training:
                aux = self.aux(s1)
        return self.classifier(self.pool(s1).flatten(1)), aux


NB201_OPS = {
    "none": lambda c: Zero(),
    "skip_connect": lambda c: nn.Identity(),
    "nor_conv_1x1": lambda c: ReLUConvBN(c, c, 1, 1, 0),
    "nor_conv_3x3": lambda c: ReLUConvBN(c, c, 3, 1, 1),
    "avg_pool_3x3": lambda c: nn.AvgPool2d(3, stride=1, padding=1, count_include_pad=False),
}


class Zero(nn.Module):
    def forward(self, x):
        return x.mul(0.0)


def parse_nb201(arch):
    """Edge operations of |op~0|+|op~0|op~1|+|op~0|op~1|op~2| in (0,1),(0,2),(1,2),(0,3),(1,3),(2,3) order."""
    ops = []
    for node in arch.strip().split("+"):
        for edge in node.strip("|").split("|"):
            name, _, src = edge.partition("~")
            if name not in NB201_OPS:
                raise SystemExit(f"--arch: unknown NAS-Bench-201 operation {name!r}")
            ops.append((name, int(src)))
    if len(ops) != 6:
        raise SystemExit(f"--arch: {len(ops)} edges, want 6")
    return ops


class NB201Cell(nn.Module):
    def __init__(self, ops, c):
        super().__init__()
        self.srcs = [src for _, src in ops]
        self.ops = nn.ModuleList(NB201_OPS[name](c) for name, _ in ops)

    def forward(self, x):
        nodes = [x]
        e = 0
        for j in range(1, 4):
            acc = None
            for _ in range(j):
                y = self.ops[e](nodes[self.srcs[e]])
                acc = y if acc is None else acc + y
                e += 1
            nodes.append(acc)
        return nodes[3]


class ResNetBasicBlock(nn.Module):
    def __init__(self, c_in, c_out):
        super().__init__()
        self.conv_a = ReLUConvBN(c_in, c_out, 3, 2, 1)
        self.conv_b = ReLUConvBN(c_out, c_out, 3, 1, 1)
        self.downsample = nn.Sequential(nn.AvgPool2d(2, 2, 0), nn.Conv2d(c_in, c_out, 1, bias=False))

    def forward(self, x):
        return self.conv_b(self.conv_a(x)) + self.downsample(x)


class TinyNetwork(nn.Module):
    def __init__(self, c, n, ops, classes, in_channels=3):
        super().__init__()
        layers = [nn.Conv2d(in_channels, c, 3, padding=1, bias=False), nn.BatchNorm2d(c)]
        for stage in range(3):
            if stage:
                layers.append(ResNetBasicBlock(c, 2 * c))
                c *= 2
            layers += [NB201Cell(ops, c) for _ in range(n)]
        layers += [nn.BatchNorm2d(c), nn.ReLU(inplace=False)]
        self.features = nn.Sequential(*layers)
        self.classifier = nn.Linear(c, classes)

    def forward(self, x):
        return self.classifier(self.features(x).mean((2, 3))), None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--net", choices=["darts", "nb201"], default="darts")
    ap.add_argument("--arch", default="|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|",
                    help="NAS-Bench-201 cell (--net nb201); DARTS uses DARTS_V2")
    ap.add_argument("--channels", type=int, default=32)
    ap.add_argument("--cells", type=int, default=8, help="DARTS: cells L; NB201: cells per stage N")
    ap.add_argument("--batch", type=int, default=96)
    ap.add_argument("--height", type=int, default=32)
    ap.add_argument("--width", type=int, default=32)
    ap.add_argument("--in-channels", type=int, default=3)
    ap.add_argument("--classes", type=int, default=10)
    ap.add_argument("--drop-path", type=float, default=0.2, help="DARTS: final drop-path probability (half is used)")
    ap.add_argument("--no-aux", action="store_true", help="DARTS: no auxiliary head")
    ap.add_argument("--steps", type=int, default=30)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--median", action="store_true", help="report the median step instead of the mean")
    ap.add_argument("--device", default="cuda")
    ap.add_argument("--threads", type=int, default=0, help="CPU threads (0: PyTorch's default)")
    a = ap.parse_args()
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    dev = torch.device(a.device)
    if a.net == "darts":
        net = NetworkCIFAR(a.channels, a.classes, a.cells, not a.no_aux, a.in_channels, min(a.height, a.width)).to(dev)
        net.drop_prob = a.drop_path * 0.5
    else:
        net = TinyNetwork(a.channels, a.cells, parse_nb201(a.arch), a.classes, a.in_channels).to(dev)
    opt = torch.optim.SGD(net.parameters(), lr=0.025, momentum=0.9, weight_decay=3e-4)
    crit = nn.CrossEntropyLoss()
    x = torch.randn(a.batch, a.in_channels, a.height, a.width, device=dev)
    y = torch.randint(0, a.classes, (a.batch,), device=dev)
    net.train()
    sync = torch.cuda.synchronize if dev.type == "cuda" else (lambda: None)

    def step():
        opt.zero_grad()
        logits, aux = net(x)
        loss = crit(logits, y)
        if aux is not None:
            loss = loss + 0.4 * crit(aux, y)
        loss.backward()
        nn.utils.clip_grad_norm_(net.parameters(), 5.0)
        opt.step()
        return loss

    for _ in range(a.warmup):
        step()
    sync()
    times = []
    for _ in range(a.steps):
        t0 = time.perf_counter()
        loss = step()
        sync()
        times.append(time.perf_counter() - t0)
    if a.median:
        ts = sorted(times)
        mid = len(ts) // 2
        step_s = ts[mid] if len(ts) % 2 else (ts[mid - 1] + ts[mid]) / 2
    else:
        step_s = sum(times) / len(times)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    aux = getattr(net, "aux", None)
    params = sum(p.numel() for p in net.parameters()) - (sum(p.numel() for p in aux.parameters()) if aux is not None else 0)
    print(f"pytorch {torch.__version__} device={dev} threads={torch.get_num_threads()} net={a.net} C={a.channels} "
          f"cells={a.cells} batch={a.batch} input={a.height}x{a.width}x{a.in_channels} params={params} steps={a.steps} loss={loss.item():.4f} "
          f"step_seconds={' '.join(f'{t:.3f}' for t in times)}")
    print(f"peak_rss_mib={rss:.0f}")
    print(f"images_per_second={a.batch / step_s:.2f}")


if __name__ == "__main__":
    main()
