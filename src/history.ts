// Compact storage for the history of a tracking document read from a file or stdin. As JSON.parse objects a
// history entry costs ~600 bytes of heap (an object, a polygon array, four point arrays, boxed numbers); here it
// costs 13 bytes plus 16 per polygon point, in typed-array blocks shared by every track of the document.
import type { HistorySource, Polygon } from './types.js';

/** One history entry as the document holds it (`source` may be missing in a hand-written document). */
export interface DocumentEntry {
  timestamp: number;
  polygon: Polygon;
  source: HistorySource;
}

/** Read access to a track's history, whichever way it is stored (entry i, in document order). */
export interface HistoryView {
  readonly length: number;
  timestamp(i: number): number;
  polygon(i: number): Polygon;
  entry(i: number): DocumentEntry;
}

const SOURCES: readonly HistorySource[] = ['detection', 'interpolated', 'visual', 'extrapolated'];
const NO_SOURCE = 255;

/** Elements per typed-array block: growing never copies, and a block wastes at most 512 KB. */
const BLOCK_BITS = 16;
const BLOCK = 1 << BLOCK_BITS;
const MASK = BLOCK - 1;

/** An append-only column of numbers in fixed-size blocks. */
class Column<A extends Float64Array | Uint32Array | Uint8Array> {
  private readonly blocks: A[] = [];
  length = 0;

  constructor(private readonly make: (size: number) => A) {}

  push(value: number): void {
    const offset = this.length & MASK;
    if (offset === 0) this.blocks.push(this.make(BLOCK));
    this.blocks[this.blocks.length - 1]![offset] = value;
    this.length++;
  }

  get(i: number): number {
    return this.blocks[i >>> BLOCK_BITS]![i & MASK]!;
  }
}

/** Every history entry of one document, all tracks in one set of columns (a track is a range of it). */
export class HistoryStore {
  private readonly timestamps = new Column((n) => new Float64Array(n));
  /** Index of each entry's first point; the entry's points run to the next entry's first point. */
  private readonly firstPoint = new Column((n) => new Uint32Array(n));
  private readonly sources = new Column((n) => new Uint8Array(n));
  private readonly coordinates = new Column((n) => new Float64Array(n));

  get entries(): number {
    return this.timestamps.length;
  }

  get points(): number {
    return this.coordinates.length / 2;
  }

  /** Appends an entry already checked against the schema (finite, bounded numbers; at least three points). */
  push(entry: { timestamp: number; polygon: readonly (readonly number[])[]; source?: string }): void {
    this.timestamps.push(entry.timestamp);
    this.firstPoint.push(this.points);
    const source = SOURCES.indexOf(entry.source as HistorySource);
    this.sources.push(source < 0 ? NO_SOURCE : source);
    for (const point of entry.polygon) {
      this.coordinates.push(point[0]!);
      this.coordinates.push(point[1]!);
    }
  }

  timestamp(i: number): number {
    return this.timestamps.get(i);
  }

  polygon(i: number): Polygon {
    const end = i + 1 < this.entries ? this.firstPoint.get(i + 1) : this.points;
    const polygon: Polygon = [];
    for (let p = this.firstPoint.get(i); p < end; p++) polygon.push([this.coordinates.get(2 * p), this.coordinates.get(2 * p + 1)]);
    return polygon;
  }

  source(i: number): HistorySource | undefined {
    return SOURCES[this.sources.get(i)];
  }
}

/** One track's history: entries [start, start + length) of a shared store. */
export class CompactHistory implements HistoryView, Iterable<DocumentEntry> {
  constructor(
    private readonly store: HistoryStore,
    private readonly start: number,
    private count = 0,
  ) {}

  get length(): number {
    return this.count;
  }

  /** Appends an entry to the store; only the newest history of a store may grow (entries arrive in order). */
  push(entry: { timestamp: number; polygon: readonly (readonly number[])[]; source?: string }): void {
    if (this.start + this.count !== this.store.entries) throw new Error('CompactHistory.push: not the last history of its store');
    this.store.push(entry);
    this.count++;
  }

  timestamp(i: number): number {
    return this.store.timestamp(this.start + i);
  }

  polygon(i: number): Polygon {
    return this.store.polygon(this.start + i);
  }

  /** Entry i as the document wrote it (`source` left out when it had none). */
  entry(i: number): DocumentEntry {
    const source = this.store.source(this.start + i);
    const entry = { timestamp: this.timestamp(i), polygon: this.polygon(i) };
    return (source === undefined ? entry : { ...entry, source }) as DocumentEntry;
  }

  *[Symbol.iterator](): Iterator<DocumentEntry> {
    for (let i = 0; i < this.count; i++) yield this.entry(i);
  }

  /** JSON.stringify writes it as the array it was read from (the CLI prints it in chunks instead). */
  toJSON(): DocumentEntry[] {
    return [...this];
  }
}

/** A history as a document may hold it: plain entries (from `detect`) or compact (read by `obscure`). */
export type DocumentHistory = readonly DocumentEntry[] | CompactHistory;

/** Read access to either kind of history. */
export function historyView(history: readonly { timestamp: number; polygon: Polygon }[] | HistoryView): HistoryView {
  if (!Array.isArray(history)) return history as HistoryView;
  const entries = history as readonly DocumentEntry[];
  return {
    length: entries.length,
    timestamp: (i) => entries[i]!.timestamp,
    polygon: (i) => entries[i]!.polygon,
    entry: (i) => entries[i]!,
  };
}
