"""Training samples: real photos with plate boxes, plates rendered by the project, and hard negatives.

Every sample is a 256x256 crop at (roughly) native scale with its plates as rotated rectangles
(cx, cy, long side, short side, angle). Targets are encoded at stride 4 by `encode_targets`.

Sources
- Open Images licence-plate photos (Roboflow export "Google Licence Plates", CC BY 4.0): axis-aligned
  boxes, read from the folder given on the command line; never copied into the repository.
- Synthetic plates: random texts in the display formats of src/regions/formats.ts, drawn with Debian's
  DejaVu/Liberation fonts, warped (roll up to ±60°, yaw, 90° turns, mirror), blurred, darkened, hazed,
  noised, JPEG-compressed, partly occluded, cut by the crop edge, down to ~10 px tall... pasted on photos.
- Hard negatives: text that is not a plate (signs, car badges, date/time overlays, stickers, counters),
  pasted with no target, so the detector learns that text alone is not a plate.
"""

import glob
import json
import math
import os
import random
import re

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

CROP = 256
STRIDE = 4

FONT_GLOBS = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans*.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSansMono*.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans*.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationMono*.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSerif*.ttf",
]


def find_fonts():
    fonts = sorted({f for g in FONT_GLOBS for f in glob.glob(g) if "Oblique" not in f and "Italic" not in f})
    if not fonts:
        raise SystemExit("no fonts found: apt-get install fonts-dejavu-core fonts-liberation")
    return fonts


def plate_displays(formats_ts):
    """The printed layouts ('AB12 CDE', '123-ABC') of every region format."""
    text = open(formats_ts, encoding="utf-8").read()
    displays = sorted(set(re.findall(r"display: '([^']*)'", text)))
    if len(displays) < 20:
        raise SystemExit(f"{formats_ts}: expected the region formats' display strings, found {len(displays)}")
    return displays


LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
DIGITS = "0123456789"


def random_plate_text(rng, displays):
    layout = rng.choice(displays)
    out = []
    for ch in layout:
        if ch.isalpha():
            out.append(rng.choice(LETTERS))
        elif ch.isdigit():
            out.append(rng.choice(DIGITS))
        else:
            out.append(ch)
    return "".join(out)


# Plate colour schemes: (background, text, border).
PLATE_SCHEMES = [
    ((245, 245, 245), (15, 15, 15), (15, 15, 15)),
    ((250, 250, 250), (20, 20, 20), (20, 20, 20)),
    ((250, 210, 20), (10, 10, 10), (10, 10, 10)),  # UK rear, NL
    ((255, 230, 90), (20, 20, 20), (20, 20, 20)),
    ((230, 230, 230), (20, 40, 140), (20, 40, 140)),  # US style blue text
    ((235, 235, 235), (150, 20, 20), (150, 20, 20)),
    ((30, 30, 30), (235, 235, 235), (200, 200, 200)),  # black plates
    ((20, 60, 140), (245, 245, 245), (245, 245, 245)),  # blue plates
    ((30, 110, 50), (245, 245, 245), (245, 245, 245)),  # green plates
]


def render_plate(rng, fonts, displays):
    """An upright plate image (RGB) of height ~80 px with its text."""
    text = random_plate_text(rng, displays)
    bg, fg, border = rng.choice(PLATE_SCHEMES)
    font = ImageFont.truetype(rng.choice(fonts), 56)
    two_rows = rng.random() < 0.15 and len(text) >= 5
    rows = [text] if not two_rows else [text[: len(text) // 2].strip(" -"), text[len(text) // 2 :].strip(" -")]
    widths = [font.getbbox(r)[2] - font.getbbox(r)[0] for r in rows]
    tw = max(widths)
    eu_band = rng.random() < 0.3
    band = 34 if eu_band else 0
    pad_x = rng.randint(10, 26)
    row_h = 62
    h = row_h * len(rows) + 18
    w = tw + 2 * pad_x + band
    if not two_rows:
        # Real plates are 2:1 to 5.2:1; stretch the canvas rather than the glyphs.
        w = max(w, int(h * rng.uniform(2.0, 3.0)))
    img = Image.new("RGB", (w, h), bg)
    d = ImageDraw.Draw(img)
    if eu_band:
        d.rectangle([0, 0, band, h], fill=(20, 50, 160))
    y = 9
    for r, rw in zip(rows, widths):
        x = band + (w - band - rw) // 2
        bb = font.getbbox(r)
        d.text((x - bb[0], y - bb[1] + (row_h - (bb[3] - bb[1])) // 2), r, font=font, fill=fg)
        y += row_h
    if rng.random() < 0.8:
        t = rng.randint(2, 5)
        d.rectangle([t // 2, t // 2, w - 1 - t // 2, h - 1 - t // 2], outline=border, width=t)
    # A little of the car's body around the plate, as on the photos (the box is the plate itself).
    return np.asarray(img)


NEGATIVE_WORDS = [
    "STOP", "EXIT", "PARKING", "CHEVROLET", "TOYOTA", "VOLKSWAGEN", "MERCEDES", "SALE", "OPEN", "POLICE",
    "TAXI", "HOTEL", "BUS STOP", "NO ENTRY", "ONE WAY", "CITY CENTRE", "A 170", "320d", "GTI", "TDI",
    "HYBRID", "4MATIC", "XDRIVE", "SPORT", "FOR RENT", "CAFE", "PHARMACY", "BANK", "SCHOOL", "ROUTE 66",
    "MAIN ST", "KEEP LEFT", "SLOW", "DELIVERY", "SERVICE", "12:45", "24H", "WELCOME", "PIZZA", "MARKET",
]


def render_negative(rng, fonts):
    """Text that is not a plate, as RGBA (alpha = where it is drawn)."""
    kind = rng.choice(["sign", "badge", "overlay", "sticker", "counter", "poster"])
    font = ImageFont.truetype(rng.choice(fonts), rng.choice([28, 40, 56, 72]))
    if kind == "overlay":
        t = rng.choice(
            [
                f"{rng.randint(1998, 2030)}/{rng.randint(1, 12):02d}/{rng.randint(1, 28):02d} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}",
                f"{rng.randint(1998, 2030)}{rng.randint(1, 12):02d}{rng.randint(1, 28):01d}",
                f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}",
                f"{rng.randint(0, 120)} KM/H",
            ]
        )
        lines = [t]
    elif kind == "counter":
        lines = [str(rng.randint(0, 99))]
    elif kind == "sticker":
        lines = [rng.choice(["#", "No ", ""]) + str(rng.randint(1, 9999))]
    elif kind == "badge":
        lines = [rng.choice(NEGATIVE_WORDS)]
    else:
        lines = [rng.choice(NEGATIVE_WORDS) for _ in range(rng.randint(1, 3))]
    widths = [max(1, font.getbbox(l)[2] - font.getbbox(l)[0]) for l in lines]
    lh = font.getbbox("Ag")[3] + 6
    pad = 0 if kind in ("overlay", "badge", "counter") else rng.randint(8, 30)
    w, h = max(widths) + 2 * pad, lh * len(lines) + 2 * pad
    img = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    if pad:
        panel = tuple(rng.randint(0, 255) for _ in range(3)) + (255,)
        if kind == "sign":
            panel = rng.choice([(20, 110, 50, 255), (20, 60, 160, 255), (240, 240, 240, 255), (200, 30, 30, 255), panel])
        d.rectangle([0, 0, w - 1, h - 1], fill=panel)
    fg = tuple(rng.randint(0, 255) for _ in range(3)) + (255,)
    if kind in ("overlay", "counter"):
        fg = rng.choice([(255, 255, 255, 255), (255, 230, 0, 255), (255, 140, 0, 255)])
    elif kind == "badge":
        fg = rng.choice([(200, 200, 205, 255), (230, 230, 235, 255), (40, 40, 40, 255)])
    y = pad
    for l, lw in zip(lines, widths):
        bb = font.getbbox(l)
        if kind == "overlay":
            d.text(((w - lw) // 2 - bb[0], y), l, font=font, fill=fg, stroke_width=2, stroke_fill=(0, 0, 0, 255))
        else:
            d.text(((w - lw) // 2 - bb[0], y), l, font=font, fill=fg)
        y += lh
    return np.asarray(img)


def rect_from_quad(quad):
    """Rotated rectangle (cx, cy, long, short, angle rad of the long side) around a quad."""
    (cx, cy), (a, b), deg = cv2.minAreaRect(quad.astype(np.float32))
    ang = math.radians(deg)
    if b > a:
        a, b = b, a
        ang += math.pi / 2
    return cx, cy, a, b, ang


def load_coco(folder):
    ann = json.load(open(os.path.join(folder, "_annotations.coco.json")))
    boxes = {}
    for a in ann["annotations"]:
        boxes.setdefault(a["image_id"], []).append(a["bbox"])
    items = []
    for im in ann["images"]:
        items.append((os.path.join(folder, im["file_name"]), [list(map(float, b)) for b in boxes.get(im["id"], [])]))
    return items


class PhotoBank:
    """The training photos decoded once (800 px wide, ~2 GB for 1500 photos)."""

    def __init__(self, folder, limit=None):
        self.items = []
        for path, boxes in load_coco(folder)[:limit]:
            img = cv2.imread(path, cv2.IMREAD_COLOR)
            if img is None:
                continue
            quads = [np.array([[x, y], [x + w, y], [x + w, y + h], [x, y + h]], np.float32) for x, y, w, h in boxes]
            self.items.append((cv2.cvtColor(img, cv2.COLOR_BGR2RGB), quads))


def warp_plate(rng, plate, target_w):
    """Perspective-warp an upright plate: roll, yaw, pitch. Returns the image, its alpha and its quad."""
    h0, w0 = plate.shape[:2]
    src = np.float32([[0, 0], [w0, 0], [w0, h0], [0, h0]])
    s = target_w / w0
    # Roll: mostly small, sometimes up to ±60°.
    roll = rng.gauss(0, 10) if rng.random() < 0.75 else rng.uniform(-60, 60)
    yaw = rng.uniform(-0.45, 0.45) if rng.random() < 0.6 else 0.0  # fraction one side shrinks
    pitch = rng.uniform(-0.15, 0.15)
    hw, hh = w0 * s / 2, h0 * s / 2
    left_scale, right_scale = 1 + min(0, yaw), 1 - max(0, yaw)
    x_shrink = math.sqrt(max(0.15, 1 - yaw * yaw * 2.2))
    pts = np.float32(
        [
            [-hw * x_shrink, -hh * left_scale * (1 + pitch)],
            [hw * x_shrink, -hh * right_scale * (1 + pitch)],
            [hw * x_shrink, hh * right_scale * (1 - pitch)],
            [-hw * x_shrink, hh * left_scale * (1 - pitch)],
        ]
    )
    c, sn = math.cos(math.radians(roll)), math.sin(math.radians(roll))
    pts = pts @ np.float32([[c, sn], [-sn, c]])
    pts -= pts.min(axis=0)
    size = (int(math.ceil(pts[:, 0].max())) + 2, int(math.ceil(pts[:, 1].max())) + 2)
    pts += 1
    m = cv2.getPerspectiveTransform(src, pts)
    # Shrink through INTER_AREA-like prefiltering to avoid aliasing on tiny plates.
    if s < 0.5:
        k = int(1 / s) | 1
        plate = cv2.GaussianBlur(plate, (k, k), 0)
    img = cv2.warpPerspective(plate, m, size, flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT)
    alpha = cv2.warpPerspective(np.full((h0, w0), 255, np.uint8), m, size, flags=cv2.INTER_LINEAR)
    return img, alpha, pts


def paste(dst, img, alpha, x, y):
    """Alpha-paste img at (x, y) of dst, clipped to dst. Returns False when nothing lands."""
    H, W = dst.shape[:2]
    h, w = img.shape[:2]
    x0, y0, x1, y1 = max(0, x), max(0, y), min(W, x + w), min(H, y + h)
    if x1 <= x0 or y1 <= y0:
        return False
    a = alpha[y0 - y : y1 - y, x0 - x : x1 - x, None].astype(np.float32) / 255.0
    region = dst[y0:y1, x0:x1].astype(np.float32)
    dst[y0:y1, x0:x1] = (region * (1 - a) + img[y0 - y : y1 - y, x0 - x : x1 - x, :3].astype(np.float32) * a).astype(np.uint8)
    return True


def degrade_patch(rng, img):
    """Per-plate damage before pasting: defocus, motion blur, lighting."""
    if rng.random() < 0.35:
        k = rng.choice([3, 5, 7])
        img = cv2.GaussianBlur(img, (k, k), 0)
    if rng.random() < 0.2:
        k = rng.randint(3, 11)
        ker = np.zeros((k, k), np.float32)
        ker[k // 2, :] = 1.0 / k
        ker = cv2.warpAffine(ker, cv2.getRotationMatrix2D((k / 2, k / 2), rng.uniform(0, 180), 1.0), (k, k))
        img = cv2.filter2D(img, -1, ker / max(ker.sum(), 1e-6))
    if rng.random() < 0.5:
        img = np.clip(img.astype(np.float32) * rng.uniform(0.45, 1.15) + rng.uniform(-25, 15), 0, 255).astype(np.uint8)
    return img


def degrade_frame(rng, img):
    """Whole-crop conditions: night, haze, noise, compression."""
    f = img.astype(np.float32)
    if rng.random() < 0.2:  # night / deep shadow
        f = 255.0 * np.power(f / 255.0 * rng.uniform(0.25, 0.6), rng.uniform(1.0, 1.3))
    if rng.random() < 0.1:  # haze
        a = rng.uniform(0.2, 0.5)
        f = f * (1 - a) + a * rng.uniform(150, 220)
    if rng.random() < 0.3:
        f += np.random.normal(0, rng.uniform(2, 9), f.shape)
    img = np.clip(f, 0, 255).astype(np.uint8)
    if rng.random() < 0.5:
        q = rng.randint(15, 80)
        ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, q])
        if ok:
            img = cv2.imdecode(buf, cv2.IMREAD_UNCHANGED)
    return img


def clip_quad(quad, size):
    """The part of a quad inside the crop, as a polygon (or None)."""
    box = np.float32([[0, 0], [size, 0], [size, size], [0, size]])
    area, poly = cv2.intersectConvexConvex(cv2.convexHull(quad.astype(np.float32)), box)
    if poly is None or area <= 1:
        return None, 0.0
    return poly.reshape(-1, 2), area


class SampleMaker:
    def __init__(self, photos, fonts, displays, seed):
        self.photos = photos
        self.fonts = fonts
        self.displays = displays
        self.rng = random.Random(seed)
        np.random.seed(seed % (2**32))
        # Pre-rendered banks: text rendering is the slow part, the warps make each use different.
        self.plates = [render_plate(self.rng, fonts, displays) for _ in range(600)]
        self.negatives = [render_negative(self.rng, fonts) for _ in range(400)]

    def refresh_banks(self, n=60):
        for _ in range(n):
            self.plates[self.rng.randrange(len(self.plates))] = render_plate(self.rng, self.fonts, self.displays)
            self.negatives[self.rng.randrange(len(self.negatives))] = render_negative(self.rng, self.fonts)

    def sample(self):
        rng = self.rng
        img, quads = self.photos.items[rng.randrange(len(self.photos.items))]
        # Scale: plates from ~8 px to ~300 px wide; most plates in the photos are 20-150 px.
        scale = math.exp(rng.uniform(math.log(0.3), math.log(1.8)))
        H, W = img.shape[:2]
        sw, sh = max(CROP, int(W * scale)), max(CROP, int(H * scale))
        sx, sy = sw / W, sh / H
        # Crop window in the scaled image: centred near a plate two times out of three.
        if quads and rng.random() < 0.67:
            q = quads[rng.randrange(len(quads))]
            cx, cy = q[:, 0].mean() * sx, q[:, 1].mean() * sy
            x0 = int(cx - rng.uniform(0.1, 0.9) * CROP)
            y0 = int(cy - rng.uniform(0.1, 0.9) * CROP)
        else:
            x0, y0 = rng.randint(0, sw - CROP), rng.randint(0, sh - CROP)
        x0, y0 = min(max(0, x0), sw - CROP), min(max(0, y0), sh - CROP)
        # Affine: scale then shift; cut the crop straight out of the original (cheaper than resizing all).
        m = np.float32([[sx, 0, -x0], [0, sy, -y0]])
        crop = cv2.warpAffine(img, m, (CROP, CROP), flags=cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT)
        plates = [np.hstack([q, np.ones((4, 1), np.float32)]) @ m.T for q in quads]

        # Synthetic plates.
        n_syn = rng.choice([0, 0, 1, 1, 1, 2, 3])
        for _ in range(n_syn):
            plate = self.plates[rng.randrange(len(self.plates))]
            tw = math.exp(rng.uniform(math.log(12), math.log(200)))
            pimg, alpha, pts = warp_plate(rng, plate, tw)
            pimg = degrade_patch(rng, pimg)
            ph, pw = pimg.shape[:2]
            # Sometimes cut by the crop edge.
            if rng.random() < 0.15:
                px = rng.choice([-pw // 2, CROP - pw // 2])
                py = _randint(rng, -ph // 3, CROP - ph + ph // 3)
            else:
                px, py = rng.randint(0, max(0, CROP - pw)), rng.randint(0, max(0, CROP - ph))
            quad = pts + np.float32([px, py])
            if any(_overlap(quad, q) for q in plates):
                continue
            if paste(crop, pimg, alpha, px, py):
                plates.append(quad)
                if rng.random() < 0.12:  # occluder: a pole, a hand, a watermark bar
                    ox = px + rng.randint(0, max(1, pw))
                    ow = max(1, int(pw * rng.uniform(0.08, 0.3)))
                    col = tuple(int(c) for c in np.random.randint(0, 255, 3))
                    overlay = crop.copy()
                    cv2.rectangle(overlay, (ox, py - 2), (ox + ow, py + ph + 2), col, -1)
                    a = rng.choice([1.0, 0.5])
                    crop = cv2.addWeighted(overlay, a, crop, 1 - a, 0)

        # Hard negatives: text that is not a plate.
        for _ in range(rng.choice([0, 0, 1, 1, 2])):
            neg = self.negatives[rng.randrange(len(self.negatives))]
            f = math.exp(rng.uniform(math.log(0.15), math.log(1.2)))
            nimg = cv2.resize(neg, (max(4, int(neg.shape[1] * f)), max(4, int(neg.shape[0] * f))), interpolation=cv2.INTER_AREA)
            if rng.random() < 0.3:
                r = cv2.getRotationMatrix2D((nimg.shape[1] / 2, nimg.shape[0] / 2), rng.uniform(-25, 25), 1.0)
                nimg = cv2.warpAffine(nimg, r, (nimg.shape[1], nimg.shape[0]))
            nh, nw = nimg.shape[:2]
            px, py = _randint(rng, -nw // 4, CROP - nw + nw // 4), _randint(rng, -nh // 4, CROP - nh + nh // 4)
            nq = np.float32([[px, py], [px + nw, py], [px + nw, py + nh], [px, py + nh]])
            if any(_overlap(nq, q) for q in plates):
                continue
            paste(crop, nimg[:, :, :3], nimg[:, :, 3], px, py)

        # Whole-crop geometry: mirror, upside down, sideways (phones that store video turned).
        t = rng.random()
        if t < 0.25:
            crop = crop[:, ::-1]
            plates = [np.stack([CROP - q[:, 0], q[:, 1]], 1) for q in plates]
        if rng.random() < 0.08:
            crop = crop[::-1, ::-1]
            plates = [CROP - q for q in plates]
        if rng.random() < 0.12:
            crop = np.ascontiguousarray(np.rot90(crop))  # counter-clockwise: (x, y) -> (y, W - x)
            plates = [np.stack([q[:, 1], CROP - q[:, 0]], 1) for q in plates]
        crop = degrade_frame(rng, np.ascontiguousarray(crop))

        rects = []
        for q in plates:
            full = rect_from_quad(q)
            vis, area = clip_quad(q, CROP)
            if vis is None:
                continue
            full_area = max(1.0, full[2] * full[3])
            if area / full_area < 0.3:
                continue  # mostly outside the crop: background here; the product's tracking follows cut plates
            r = rect_from_quad(vis) if area / full_area < 0.98 else full
            rects.append(r)
        return crop, rects


def _randint(rng, lo, hi):
    return rng.randint(lo, hi) if hi >= lo else (lo + hi) // 2


def _overlap(a, b):
    ax0, ay0 = a.min(0)
    ax1, ay1 = a.max(0)
    bx0, by0 = b.min(0)
    bx1, by1 = b.max(0)
    return ax0 < bx1 + 4 and bx0 < ax1 + 4 and ay0 < by1 + 4 and by0 < ay1 + 4


def encode_targets(rects, size=CROP):
    """Heatmap (1, S, S), box targets (6, S, S) and their weights (2, S, S) at stride 4.

    Weights: channel 0 for the centre offset (dx, dy), only on the cells next to the centre, where the
    heatmap peaks and decoding reads it (a cell far along a wide plate cannot know where its centre is);
    channel 1 for size and angle, on the plate's core (heat > 0.5).
    """
    s = size // STRIDE
    heat = np.zeros((s, s), np.float32)
    box = np.zeros((6, s, s), np.float32)
    weight = np.zeros((2, s, s), np.float32)
    ys, xs = np.mgrid[0:s, 0:s].astype(np.float32)
    # Largest plates first so a small one's core wins where they touch.
    for cx, cy, long_side, short_side, ang in sorted(rects, key=lambda r: -r[2] * r[3]):
        gx, gy = cx / STRIDE - 0.5, cy / STRIDE - 0.5
        # An elliptic Gaussian along the plate: wide plates get a wide peak, tiny ones at least ~1 cell.
        sl = max(0.6, long_side / STRIDE / 6.0)
        ss = max(0.6, short_side / STRIDE / 6.0)
        c, sn = math.cos(ang), math.sin(ang)
        u = (xs - gx) * c + (ys - gy) * sn
        v = -(xs - gx) * sn + (ys - gy) * c
        g = np.exp(-0.5 * ((u / sl) ** 2 + (v / ss) ** 2))
        ix, iy = int(round(gx)), int(round(gy))
        if 0 <= ix < s and 0 <= iy < s:
            g[iy, ix] = 1.0
        heat = np.maximum(heat, g)
        core = g > 0.5
        near = core & (np.abs(xs - gx) <= 1.5) & (np.abs(ys - gy) <= 1.5)
        box[0][near] = gx - xs[near]
        box[1][near] = gy - ys[near]
        box[2][core] = math.log(max(long_side, 2.0) / 16.0)
        box[3][core] = math.log(max(short_side, 1.0) / 16.0)
        box[4][core] = math.cos(2 * ang)
        box[5][core] = math.sin(2 * ang)
        weight[0][near] = g[near]
        # Small plates weigh as much as large ones; the core's centre weighs most.
        weight[1][core] = g[core]
    return heat[None], box, weight
