"""Export a checkpoint to ONNX (train.py does this at the end of a run; this is for a stopped run)."""

import argparse

import torch

from .model import PlateNet
from .train import export_onnx


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--checkpoint", default="training/runs/platenet/last.pt")
    ap.add_argument("--out", default="models/platenet.onnx")
    a = ap.parse_args()
    ck = torch.load(a.checkpoint, map_location="cpu")
    net = PlateNet(ck.get("width", 1.0))
    net.load_state_dict(ck["model"])
    export_onnx(net.eval(), a.out)
    print(f"epoch {ck['epoch'] + 1} -> {a.out}")


if __name__ == "__main__":
    main()
