// Local (Sauvola) binarisation. A plate sits among dark bumpers and bright bodywork; Tesseract's global
// threshold then merges whole regions into ink. A threshold from each pixel's neighbourhood keeps the
// strokes and turns flat areas, dark or bright, into background.

export interface GreyImage {
  data: Buffer;
  width: number;
  height: number;
}

/**
 * Dark-on-light strokes become 0, everything else 255. `window` is the neighbourhood side in pixels
 * (about a character height suits plates), `k` the Sauvola sensitivity (0.2-0.5; higher keeps fewer pixels).
 */
export function sauvolaBinarise(image: GreyImage, window: number, k = 0.2): Buffer {
  const { data, width, height } = image;
  const stride = width + 1;
  // Summed-area tables of values and squares make every window mean/variance O(1).
  const sum = new Float64Array(stride * (height + 1));
  const sumSq = new Float64Array(stride * (height + 1));
  for (let y = 0; y < height; y++) {
    let row = 0;
    let rowSq = 0;
    for (let x = 0; x < width; x++) {
      const v = data[y * width + x]!;
      row += v;
      rowSq += v * v;
      sum[(y + 1) * stride + x + 1] = sum[y * stride + x + 1]! + row;
      sumSq[(y + 1) * stride + x + 1] = sumSq[y * stride + x + 1]! + rowSq;
    }
  }
  const half = Math.max(1, Math.floor(window / 2));
  const out = Buffer.alloc(width * height);
  for (let y = 0; y < height; y++) {
    const y0 = Math.max(0, y - half);
    const y1 = Math.min(height, y + half + 1);
    for (let x = 0; x < width; x++) {
      const x0 = Math.max(0, x - half);
      const x1 = Math.min(width, x + half + 1);
      const n = (x1 - x0) * (y1 - y0);
      const s = sum[y1 * stride + x1]! - sum[y0 * stride + x1]! - sum[y1 * stride + x0]! + sum[y0 * stride + x0]!;
      const s2 = sumSq[y1 * stride + x1]! - sumSq[y0 * stride + x1]! - sumSq[y1 * stride + x0]! + sumSq[y0 * stride + x0]!;
      const mean = s / n;
      const deviation = Math.sqrt(Math.max(0, s2 / n - mean * mean));
      const threshold = mean * (1 + k * (deviation / 128 - 1));
      out[y * width + x] = data[y * width + x]! < threshold ? 0 : 255;
    }
  }
  return out;
}

/** Stretches the grey levels so the 1st and 99th percentiles span 0-255 (dim or washed-out plates). */
export function stretchContrast(image: GreyImage): Buffer {
  const histogram = new Uint32Array(256);
  for (const v of image.data) histogram[v]!++;
  const total = image.data.length;
  const percentile = (fraction: number): number => {
    let seen = 0;
    for (let v = 0; v < 256; v++) {
      seen += histogram[v]!;
      if (seen >= fraction * total) return v;
    }
    return 255;
  };
  const low = percentile(0.01);
  const high = percentile(0.99);
  const out = Buffer.alloc(total);
  if (high <= low) {
    image.data.copy(out);
    return out;
  }
  const gain = 255 / (high - low);
  for (let i = 0; i < total; i++) out[i] = Math.max(0, Math.min(255, Math.round((image.data[i]! - low) * gain)));
  return out;
}
