"""PlateNet: a tiny anchor-free plate detector (CenterNet-style heatmap at stride 4).

Outputs, for an RGB input of any size that is a multiple of 16:
  heat  (N, 1, H/4, W/4): probability that a cell holds a plate centre (sigmoid applied in the graph)
  box   (N, 6, H/4, W/4): per cell, the plate as a rotated rectangle:
        dx, dy   offset of the centre from the cell centre, in cells
        lw, lh   log of the long and short side, in input pixels / 16
        c2, s2   cos 2θ, sin 2θ of the long side's angle (the double angle is continuous for a
                 rectangle: θ and θ+180° are the same plate, so no corner order has to be guessed
                 on mirrored, upside-down or sideways plates)

Why this shape: plates are small (10-400 px wide), so the head works at stride 4; the backbone goes to
stride 16 for context (a plate is a bright rectangle *on a car*), and a light top-down path brings that
context back to stride 4. About 0.16 M parameters: a 1280x720 frame costs a few tens of ms on a CPU.
"""

import torch
import torch.nn as nn
import torch.nn.functional as F


def conv_bn(cin, cout, k=3, s=1, dilation=1):
    return nn.Sequential(
        nn.Conv2d(cin, cout, k, s, dilation * (k // 2), dilation=dilation, bias=False),
        nn.BatchNorm2d(cout),
        nn.ReLU(inplace=True),
    )


class PlateNet(nn.Module):
    HEAD_CHANNELS = 6

    def __init__(self, width=1.0):
        super().__init__()
        c1, c2, c3, c4 = (int(round(c * width)) for c in (16, 24, 40, 64))
        # Plain 3x3 convolutions: on a CPU they train ~3x faster than depthwise-separable ones in
        # PyTorch and run as fast under onnxruntime at this width.
        self.stem = conv_bn(3, c1, 3, 2)
        self.s4 = nn.Sequential(conv_bn(c1, c2, 3, 2), conv_bn(c2, c2))
        self.s8 = nn.Sequential(conv_bn(c2, c3, 3, 2), conv_bn(c3, c3))
        self.s16 = nn.Sequential(conv_bn(c3, c4, 3, 2), conv_bn(c4, c4), conv_bn(c4, c4, dilation=2))
        self.lat8 = nn.Conv2d(c4, c3, 1)
        self.fuse8 = conv_bn(c3, c3)
        self.lat4 = nn.Conv2d(c3, c2, 1)
        self.fuse4 = conv_bn(c2, c2)
        self.head = conv_bn(c2, 32)
        self.heat = nn.Conv2d(32, 1, 1)
        self.box = nn.Conv2d(32, self.HEAD_CHANNELS, 1)
        # CenterNet's prior: almost every cell is background at the start.
        nn.init.constant_(self.heat.bias, -4.6)

    def forward(self, x):
        x4 = self.s4(self.stem(x))
        x8 = self.s8(x4)
        x16 = self.s16(x8)
        y8 = self.fuse8(x8 + F.interpolate(self.lat8(x16), scale_factor=2.0, mode="nearest"))
        y4 = self.fuse4(x4 + F.interpolate(self.lat4(y8), scale_factor=2.0, mode="nearest"))
        h = self.head(y4)
        return torch.sigmoid(self.heat(h)), self.box(h)


# Input normalisation, baked into the exported graph's first step by the exporter.
MEAN = (0.485, 0.456, 0.406)
STD = (0.229, 0.224, 0.225)


class Exported(nn.Module):
    """What the product runs: uint8-range RGB float in, the same two outputs."""

    def __init__(self, net):
        super().__init__()
        self.net = net
        self.register_buffer("mean", torch.tensor(MEAN).view(1, 3, 1, 1) * 255.0)
        self.register_buffer("std", torch.tensor(STD).view(1, 3, 1, 1) * 255.0)

    def forward(self, rgb):
        return self.net((rgb - self.mean) / self.std)


def count_parameters(net):
    return sum(p.numel() for p in net.parameters())
