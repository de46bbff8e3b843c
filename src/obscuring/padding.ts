import type { Padding } from '../options/index.js';

/** Padding in pixels for a plate whose extent on that axis is `size` pixels. */
export function paddingPixels(padding: Padding, size: number): number {
  if (padding.unit === '%') return (padding.value / 100) * size;
  return padding.atMostPercent === undefined ? padding.value : Math.min(padding.value, (padding.atMostPercent / 100) * size);
}
