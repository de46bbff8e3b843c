import { UserError } from '../util/errors.js';

/** Padding around a plate polygon: absolute pixels or a percentage of the plate's size on that axis. */
export interface Padding {
  value: number;
  unit: 'px' | '%';
}

/** Parses `10`, `10px` or `5%` (the `--padding-width/--padding-height` syntax). */
export function parsePadding(text: string, flag = 'padding'): Padding {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(px|%)?\s*$/i.exec(text);
  if (!match) throw new UserError(`${flag}: '${text}' is not a padding; use pixels (10 or 10px) or a percentage (5%)`);
  const value = Number(match[1]);
  // 400 nines match the pattern and parse to Infinity: a padding that cannot be drawn is an error.
  if (!Number.isFinite(value)) throw new UserError(`${flag}: '${text.length > 24 ? `${text.slice(0, 21)}...` : text}' is not a finite number`);
  const unit = match[2] === '%' ? '%' : 'px';
  if (unit === '%' && value > 500) throw new UserError(`${flag}: '${text}' is more than 500%`);
  return { value, unit };
}

/** Padding in pixels for a plate whose extent on that axis is `size` pixels. */
export function paddingPixels(padding: Padding, size: number): number {
  return padding.unit === 'px' ? padding.value : (padding.value / 100) * size;
}
