# Reference forward pass of nasred/nn operations in PyTorch (CPU, float64).
# Usage: /usr/bin/python3 torch_ops.py in.json out.json
# in.json: a list of {"op": name, "stride": s, "x": {"shape": NHWC, "data": [...]},
#           "vars": {path: {"shape": [...], "data": [...]}}};
# out.json: a list of {"y": NHWC output, flattened}.
import json
import sys

import torch
import torch.nn.functional as F

V = {}
s = 1


def w(p):  # [k,k,Cin,Cout] (or depthwise [k,k,1,C]) -> [Cout,Cin,k,k]
    return V[p + "/weights"].permute(3, 2, 0, 1).contiguous()


def bn(t, p):
    return F.batch_norm(t, None, None, V[p + "/bn/scale"], V[p + "/bn/offset"], training=True, eps=1e-5)


def dw(t, p, k, stride, dil):
    return F.conv2d(t, w(p), stride=stride, padding=dil * (k // 2), dilation=dil, groups=t.shape[1])


def relu_conv_bn(t, p, k, stride):
    return bn(F.conv2d(F.relu(t), w(p + "/conv"), stride=stride, padding=k // 2), p)


def fact_reduce(t, p):
    t = F.relu(t)
    a = F.conv2d(t, w(p + "/conv1"), stride=2)
    b = F.conv2d(t[:, :, 1:, 1:], w(p + "/conv2"), stride=2)
    return bn(torch.cat([a, b], dim=1), p)


def sep(t, k):
    t = dw(F.relu(t), "/op/dw1", k, s, 1)
    t = bn(F.conv2d(t, w("/op/pw1")), "/op/bn1")
    t = dw(F.relu(t), "/op/dw2", k, 1, 1)
    return bn(F.conv2d(t, w("/op/pw2")), "/op/bn2")


def dil(t, k):
    t = dw(F.relu(t), "/op/dw", k, s, 2)
    return bn(F.conv2d(t, w("/op/pw")), "/op")


def run(d):
    global V, s
    V = {k: torch.tensor(v["data"], dtype=torch.float64).reshape(v["shape"]) for k, v in d["vars"].items()}
    x = torch.tensor(d["x"]["data"], dtype=torch.float64).reshape(d["x"]["shape"]).permute(0, 3, 1, 2)
    s = d["stride"]
    op = d["op"]
    if op == "max_pool_3x3":
        y = F.max_pool2d(x, 3, s, 1)
    elif op == "avg_pool_3x3":
        y = F.avg_pool2d(x, 3, s, 1, count_include_pad=False)
    elif op == "skip_connect":
        y = x if s == 1 else fact_reduce(x, "/op")
    elif op.startswith("sep_conv_"):
        y = sep(x, int(op[-1]))
    elif op.startswith("dil_conv_"):
        y = dil(x, int(op[-1]))
    elif op == "nor_conv_3x3":
        y = relu_conv_bn(x, "/op", 3, s)
    elif op == "nor_conv_1x1":
        y = relu_conv_bn(x, "/op", 1, s)
    elif op == "residual_reduce":
        main = relu_conv_bn(relu_conv_bn(x, "/op/conv_a", 3, 2), "/op/conv_b", 3, 1)
        y = main + F.conv2d(F.avg_pool2d(x, 2, 2), w("/op/downsample"))
    elif op == "factorized_reduce":
        y = fact_reduce(x, "/op")
    else:
        raise SystemExit("unknown op " + op)
    return y.permute(0, 2, 3, 1).reshape(-1).tolist()


json.dump([{"y": run(d)} for d in json.load(open(sys.argv[1]))], open(sys.argv[2], "w"))
