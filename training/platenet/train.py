"""Train PlateNet from scratch and export it to ONNX. One seeded command; resumes from its checkpoint.

    /usr/bin/python3 -m training.platenet.train            # from the repository root

Each epoch is a fixed number of freshly generated 256x256 crops; the checkpoint (model, optimiser, epoch)
is written after every epoch, so a stopped run continues where it was with the same schedule.
"""

import argparse
import json
import math
import os
import random
import time

import numpy as np
import torch
from torch.utils.data import DataLoader, IterableDataset

from .data import PhotoBank, SampleMaker, encode_targets, find_fonts, plate_displays
from .evaluate import evaluate
from .model import Exported, PlateNet, count_parameters


class Crops(IterableDataset):
    """Fresh crops for one epoch, seeded by (seed, epoch) so that a resumed run sees the same data."""

    def __init__(self, photos, formats, seed, epoch, count):
        self.photos, self.formats, self.seed, self.epoch, self.count = photos, formats, seed, epoch, count

    def __iter__(self):
        maker = SampleMaker(self.photos, find_fonts(), plate_displays(self.formats), self.seed * 1000 + self.epoch)
        for i in range(self.count):
            if i and i % 500 == 0:
                maker.refresh_banks()
            crop, rects = maker.sample()
            heat, box, weight = encode_targets(rects)
            x = torch.from_numpy(np.ascontiguousarray(crop)).permute(2, 0, 1).float()
            yield x, torch.from_numpy(heat), torch.from_numpy(box), torch.from_numpy(weight)


def _worker_init(_):
    # The worker only makes crops; the training step owns the cores.
    torch.set_num_threads(1)


def focal_loss(pred, gt):
    pred = pred.clamp(1e-4, 1 - 1e-4)
    pos = gt.eq(1).float()
    neg = 1 - pos
    pos_loss = torch.log(pred) * (1 - pred) ** 2 * pos
    neg_loss = torch.log(1 - pred) * pred**2 * (1 - gt) ** 4 * neg
    n = pos.sum().clamp(min=1)
    return -(pos_loss.sum() + neg_loss.sum()) / n


def box_loss(pred, target, weight):
    """L1 on the centre offset near each centre and on size and angle over each plate's core."""
    w_off, w_shape = weight[:, 0:1], weight[:, 1:2]
    off = (torch.abs(pred[:, 0:2] - target[:, 0:2]) * w_off).sum() / w_off.sum().clamp(min=1)
    shape = (torch.abs(pred[:, 2:6] - target[:, 2:6]) * w_shape).sum() / w_shape.sum().clamp(min=1)
    return off + shape


def export_onnx(net, path):
    model = Exported(net).eval()
    dummy = torch.zeros(1, 3, 320, 480)
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    torch.onnx.export(
        model,
        dummy,
        path,
        input_names=["rgb"],
        output_names=["heat", "box"],
        dynamic_axes={"rgb": {0: "n", 2: "h", 3: "w"}, "heat": {0: "n", 2: "h4", 3: "w4"}, "box": {0: "n", 2: "h4", 3: "w4"}},
        opset_version=13,
        do_constant_folding=True,
    )


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default="../shared/datasets/openimages-plates", help="the Open Images plates folder (train/, valid/)")
    ap.add_argument("--formats", default="src/regions/formats.ts", help="where the plate display formats come from")
    ap.add_argument("--out", default="training/runs/platenet", help="checkpoints and logs (not committed)")
    ap.add_argument("--export", default="models/platenet.onnx", help="the ONNX model the product ships")
    ap.add_argument("--epochs", type=int, default=44)
    ap.add_argument("--crops-per-epoch", type=int, default=2560)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=4e-3)
    ap.add_argument("--width", type=float, default=1.0, help="channel multiplier")
    ap.add_argument("--seed", type=int, default=19)
    ap.add_argument("--threads", type=int, default=max(1, (os.cpu_count() or 2)))
    ap.add_argument("--eval-every", type=int, default=8)
    a = ap.parse_args()

    torch.manual_seed(a.seed)
    random.seed(a.seed)
    np.random.seed(a.seed)
    torch.set_num_threads(a.threads)
    os.makedirs(a.out, exist_ok=True)
    ck_path = os.path.join(a.out, "last.pt")
    log_path = os.path.join(a.out, "log.jsonl")

    net = PlateNet(a.width)
    opt = torch.optim.AdamW(net.parameters(), lr=a.lr, weight_decay=1e-4)
    steps_per_epoch = a.crops_per_epoch // a.batch
    total_steps = a.epochs * steps_per_epoch
    warmup = steps_per_epoch

    def lr_at(step):
        if step < warmup:
            return a.lr * (step + 1) / warmup
        return a.lr * 0.5 * (1 + math.cos(math.pi * (step - warmup) / max(1, total_steps - warmup)))

    start_epoch = 0
    if os.path.exists(ck_path):
        ck = torch.load(ck_path, map_location="cpu")
        net.load_state_dict(ck["model"])
        opt.load_state_dict(ck["opt"])
        start_epoch = ck["epoch"] + 1
        print(f"resumed from {ck_path} at epoch {start_epoch}", flush=True)
    print(f"PlateNet width {a.width}: {count_parameters(net)} parameters; {a.epochs} epochs x {a.crops_per_epoch} crops, batch {a.batch}, {a.threads} threads", flush=True)

    # Decoded once, before the data worker forks: the worker shares these pages instead of decoding again.
    t0 = time.time()
    photos = PhotoBank(os.path.join(a.data, "train"))
    print(f"{len(photos.items)} training photos decoded in {time.time() - t0:.0f} s", flush=True)
    t_run = time.time()
    for epoch in range(start_epoch, a.epochs):
        net.train()
        loader = DataLoader(
            Crops(photos, a.formats, a.seed, epoch, steps_per_epoch * a.batch), batch_size=a.batch, num_workers=1, worker_init_fn=_worker_init
        )
        t0 = time.time()
        sums = {"heat": 0.0, "box": 0.0}
        n = 0
        for i, (x, heat, box, weight) in enumerate(loader):
            step = epoch * steps_per_epoch + i
            for g in opt.param_groups:
                g["lr"] = lr_at(step)
            x = (x / 255.0 - torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1)) / torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)
            p_heat, p_box = net(x)
            lh = focal_loss(p_heat, heat)
            lb = box_loss(p_box, box, weight)
            loss = lh + lb
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), 10.0)
            opt.step()
            sums["heat"] += lh.item()
            sums["box"] += lb.item()
            n += 1
            if n % 20 == 0:
                print(f"  epoch {epoch + 1} step {n}/{steps_per_epoch}: {n * a.batch / (time.time() - t0):.1f} crops/s", flush=True)
        dt = time.time() - t0
        rec = {
            "epoch": epoch + 1,
            "heat_loss": round(sums["heat"] / max(1, n), 4),
            "box_loss": round(sums["box"] / max(1, n), 4),
            "lr": round(lr_at(epoch * steps_per_epoch + n - 1), 6),
            "crops_per_s": round(n * a.batch / dt, 1),
            "epoch_s": round(dt, 1),
        }
        torch.save({"model": net.state_dict(), "opt": opt.state_dict(), "epoch": epoch, "width": a.width, "args": vars(a)}, ck_path + ".tmp")
        os.replace(ck_path + ".tmp", ck_path)
        if (epoch + 1) % a.eval_every == 0 or epoch + 1 == a.epochs:
            rec["valid"] = evaluate(Exported(net), os.path.join(a.data, "valid"), limit=None if epoch + 1 == a.epochs else 100)
        print(json.dumps(rec), flush=True)
        with open(log_path, "a") as f:
            f.write(json.dumps(rec) + "\n")

    net.eval()
    export_onnx(net, a.export)
    final = evaluate(Exported(net), os.path.join(a.data, "valid"))
    with open(os.path.join(a.out, "valid.json"), "w") as f:
        json.dump(final, f, indent=2)
    print(json.dumps({"exported": a.export, "valid": final, "run_s": round(time.time() - t_run)}), flush=True)


if __name__ == "__main__":
    main()
