import { UserError } from '../util/errors.js';

/**
 * Padding around a plate polygon: absolute pixels or a percentage of the plate's size on that axis;
 * with `atMostPercent`, pixels but never more than that percentage of the plate's size.
 */
export interface Padding {
  value: number;
  unit: 'px' | '%';
  atMostPercent?: number;
}

/**
 * `auto` (the default): 10 px, but at most 5 % of the plate's width and 10 % of its height. The plate
 * polygon is already the detector's estimate of the plate's border, so padding only absorbs tracking error,
 * which scales with the plate: a fixed 10 px grew a 60 px plate's cover by 60-70 % in area (d01, d18, the
 * real highway clip) where a large plate's grew by 20 %. Measured on the dev clips' tracked polygons: the
 * covers of small plates shrink by a fifth, those of large ones stay as they were, and every truth plate
 * stays covered on every frame where it was covered with 10 px (see docs/measurements.md).
 */
export const AUTO_PADDING_WIDTH: Padding = { value: 10, unit: 'px', atMostPercent: 5 };
export const AUTO_PADDING_HEIGHT: Padding = { value: 10, unit: 'px', atMostPercent: 10 };

export type PaddingAxis = 'width' | 'height';

/** Largest padding as a percentage of the plate's size on that axis. */
export const MAX_PADDING_PERCENT = 500;

/**
 * Parses `auto`, `10`, `10px` or `5%` (the `--padding-width/--padding-height` syntax); `auto` is the default
 * of `axis`. `flag` names the option in error messages.
 */
export function parsePadding(text: string, flag: string, axis: PaddingAxis): Padding {
  if (/^\s*auto\s*$/i.test(text)) return axis === 'width' ? AUTO_PADDING_WIDTH : AUTO_PADDING_HEIGHT;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(px|%)?\s*$/i.exec(text);
  if (!match) throw new UserError(`${flag}: '${text}' is not a padding; use auto, pixels (10 or 10px) or a percentage (5%)`);
  const value = Number(match[1]);
  // 400 nines match the pattern and parse to Infinity: a padding that cannot be drawn is an error.
  if (!Number.isFinite(value))
    throw new UserError(`${flag}: '${text.length > 24 ? `${text.slice(0, 21)}...` : text}' is not a finite number`);
  const unit = match[2] === '%' ? '%' : 'px';
  if (unit === '%' && value > MAX_PADDING_PERCENT) throw new UserError(`${flag}: '${text}' is more than ${MAX_PADDING_PERCENT}%`);
  return { value, unit };
}
