"""Recall and precision at IoU 0.5 on the Open Images `valid` split, by plate width."""

import argparse
import json
import os

import cv2
import numpy as np
import torch

from .data import load_coco
from .decode import axis_box, decode, iou
from .model import Exported, PlateNet

BUCKETS = [("<16", 0, 16), ("16-32", 16, 32), ("32-64", 32, 64), (">64", 64, 1e9)]


def bucket_of(w):
    for name, lo, hi in BUCKETS:
        if lo <= w < hi:
            return name
    return BUCKETS[-1][0]


def run_image(model, rgb):
    h, w = rgb.shape[:2]
    ph, pw = (h + 15) // 16 * 16, (w + 15) // 16 * 16
    pad = np.zeros((ph, pw, 3), np.float32)
    pad[:h, :w] = rgb
    x = torch.from_numpy(pad).permute(2, 0, 1)[None]
    with torch.no_grad():
        heat, box = model(x)
    return heat[0], box[0]


def evaluate(model, folder, threshold=0.3, limit=None):
    model.eval()
    stats = {name: {"truth": 0, "found": 0} for name, _, _ in BUCKETS}
    n_pred = n_pred_ok = 0
    for path, boxes in load_coco(folder)[:limit]:
        bgr = cv2.imread(path, cv2.IMREAD_COLOR)
        rgb = cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB).astype(np.float32)
        heat, box = run_image(model, rgb)
        preds = [axis_box(*p[1:]) for p in decode(heat, box, threshold)]
        used = set()
        for t in boxes:
            b = bucket_of(t[2])
            stats[b]["truth"] += 1
            best, best_j = 0.0, -1
            for j, p in enumerate(preds):
                v = iou(t, p)
                if v > best:
                    best, best_j = v, j
            if best >= 0.5:
                stats[b]["found"] += 1
                used.add(best_j)
        n_pred += len(preds)
        # A prediction is right when it matches any plate at IoU 0.5 (unannotated plates count against it).
        n_pred_ok += sum(1 for p in preds if any(iou(t, p) >= 0.5 for t in boxes))
    out = {"threshold": threshold, "by_width": {}, "precision": n_pred_ok / n_pred if n_pred else 1.0}
    t16 = f16 = 0
    for name, lo, _ in BUCKETS:
        s = stats[name]
        out["by_width"][name] = {"plates": s["truth"], "recall": s["found"] / s["truth"] if s["truth"] else None}
        if lo >= 16:
            t16 += s["truth"]
            f16 += s["found"]
    out["recall_16px_and_wider"] = f16 / t16 if t16 else None
    tt = sum(s["truth"] for s in stats.values())
    out["recall_all"] = sum(s["found"] for s in stats.values()) / tt if tt else None
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", default="../shared/datasets/openimages-plates")
    ap.add_argument("--checkpoint", default="training/runs/platenet/last.pt")
    ap.add_argument("--threshold", type=float, default=0.3)
    a = ap.parse_args()
    ck = torch.load(a.checkpoint, map_location="cpu")
    net = PlateNet(ck.get("width", 1.0))
    net.load_state_dict(ck["model"])
    print(json.dumps(evaluate(Exported(net), os.path.join(a.data, "valid"), a.threshold), indent=2))


if __name__ == "__main__":
    main()
