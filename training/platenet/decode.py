"""Turn the network's two outputs into plates. Mirrors src/detection/plates/decode.ts (the product's)."""

import math

import numpy as np
import torch
import torch.nn.functional as F

from .data import STRIDE


def decode(heat, box, threshold=0.3, max_plates=64):
    """heat (1, h, w), box (6, h, w) tensors of one image -> [(score, cx, cy, long, short, angle)]."""
    peaks = F.max_pool2d(heat[None], 3, 1, 1)[0]
    keep = (heat == peaks) & (heat >= threshold)
    ys, xs = torch.nonzero(keep[0], as_tuple=True)
    scores = heat[0, ys, xs]
    order = torch.argsort(scores, descending=True)[:max_plates]
    out = []
    for i in order.tolist():
        y, x = int(ys[i]), int(xs[i])
        dx, dy, lw, lh, c2, s2 = box[:, y, x].tolist()
        cx = (x + 0.5 + dx) * STRIDE
        cy = (y + 0.5 + dy) * STRIDE
        ang = 0.5 * math.atan2(s2, c2)
        out.append((float(scores[i]), cx, cy, 16.0 * math.exp(lw), 16.0 * math.exp(lh), ang))
    return out


def rect_corners(cx, cy, long_side, short_side, ang):
    c, s = math.cos(ang), math.sin(ang)
    ux, uy = c * long_side / 2, s * long_side / 2
    vx, vy = -s * short_side / 2, c * short_side / 2
    return np.float32([[cx - ux - vx, cy - uy - vy], [cx + ux - vx, cy + uy - vy], [cx + ux + vx, cy + uy + vy], [cx - ux + vx, cy - uy + vy]])


def axis_box(cx, cy, long_side, short_side, ang):
    q = rect_corners(cx, cy, long_side, short_side, ang)
    x0, y0 = q.min(0)
    x1, y1 = q.max(0)
    return float(x0), float(y0), float(x1 - x0), float(y1 - y0)


def iou(a, b):
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    iw = max(0.0, min(ax + aw, bx + bw) - max(ax, bx))
    ih = max(0.0, min(ay + ah, by + bh) - max(ay, by))
    inter = iw * ih
    union = aw * ah + bw * bh - inter
    return inter / union if union > 0 else 0.0
