import { StringDecoder } from 'node:string_decoder';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { CompactHistory, HistoryStore, historyView } from '../history.js';
import type { VideoInfo } from '../types.js';
import { UserError } from '../util/errors.js';
import type { DocumentHistory, PlatesDocument } from './document.js';
import { JsonStreamError, JsonStreamParser, type StreamedArray } from './jsonStream.js';
import { PLATES_DOCUMENT_SCHEMA } from './schema.js';

/**
 * The schema validators, compiled on first use: compiling costs ~0.1-0.2 s of CPU at start-up, which `detect`
 * and `redact` (they never read a document) should not pay.
 */
let compiled: { document: ValidateFunction; entry: ValidateFunction } | undefined;
function validators(): { document: ValidateFunction; entry: ValidateFunction } {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: false, strict: false });
    compiled = {
      document: ajv.compile(PLATES_DOCUMENT_SCHEMA),
      entry: ajv.compile(PLATES_DOCUMENT_SCHEMA.properties.tracking.items.properties.history.items),
    };
  }
  return compiled;
}

// Limits of a tracking document read by `obscure`. Its history is stored compactly as it is read (13 bytes per
// entry and 16 per polygon point, see history.ts), the rest as JSON.parse would; the text is never held whole.
// So memory is bounded for any input, and a document past a limit is refused as soon as it is reached.
/**
 * History entries in all tracks. A renderer uses at most one entry per frame and track: this is an hour of
 * 30 fps video with 37 plates in every frame (`detect` itself holds ~10^6 entries per GB).
 */
export const MAX_HISTORY_ENTRIES = 4_000_000;
/** Polygon points in all entries: four per entry at the entry limit (`detect` writes quadrilaterals). */
export const MAX_POLYGON_POINTS = 16_000_000;
/** JSON characters outside the histories (summary, track names, other fields): ~25,000 tracks, indented. */
export const MAX_CHARS_OUTSIDE_HISTORY = 8 * 1024 * 1024;
/** JSON characters of one history entry (a polygon of ~40,000 points). */
const MAX_ENTRY_CHARS = 1024 * 1024;
const MAX_DEPTH = 64;

export interface DocumentLimits {
  historyEntries: number;
  polygonPoints: number;
  charsOutsideHistory: number;
}

const DOCUMENT_LIMITS: DocumentLimits = {
  historyEntries: MAX_HISTORY_ENTRIES,
  polygonPoints: MAX_POLYGON_POINTS,
  charsOutsideHistory: MAX_CHARS_OUTSIDE_HISTORY,
};

/**
 * Reads a plates document in pieces: each history entry is checked against the schema as it arrives and stored
 * compactly; the rest is checked once the document is complete. Errors are one-line UserErrors naming the field,
 * and for a history entry the track and time.
 */
export class PlatesDocumentReader {
  private readonly store = new HistoryStore();
  private readonly parser: JsonStreamParser;
  private readonly decoder = new StringDecoder('utf8');

  constructor(
    private readonly source: string,
    private readonly limits: DocumentLimits = DOCUMENT_LIMITS,
  ) {
    this.parser = new JsonStreamParser({
      stream: (parents, key) => this.streamHistory(parents, key),
      maxKeptChars: limits.charsOutsideHistory,
      maxElementChars: MAX_ENTRY_CHARS,
      maxDepth: MAX_DEPTH,
    });
  }

  /** Whether the input so far held anything but whitespace. */
  get started(): boolean {
    return this.parser.started;
  }

  write(chunk: Buffer | string): void {
    this.guard(() => this.parser.write(typeof chunk === 'string' ? chunk : this.decoder.write(chunk)));
  }

  end(): PlatesDocument<CompactHistory> {
    const value = this.guard(() => {
      this.parser.write(this.decoder.end());
      return this.parser.end();
    });
    // The histories were checked entry by entry: the schema sees them empty.
    const { document } = validators();
    if (!document(withoutHistories(value))) {
      throw new UserError(`${this.source}: not a number-jam plates document: ${describeSchemaError(document.errors?.[0])}`);
    }
    return value as PlatesDocument<CompactHistory>;
  }

  private guard<T>(step: () => T): T {
    try {
      return step();
    } catch (error) {
      if (!(error instanceof JsonStreamError)) throw error;
      if (error.kind === 'syntax') throw new UserError(`${this.source}: not valid JSON (${error.message})`);
      if (error.kind === 'depth') throw new UserError(`${this.source}: not a number-jam plates document: ${error.message}`);
      const what =
        error.kind === 'kept'
          ? `more than ${this.limits.charsOutsideHistory} characters of JSON outside the track histories`
          : `a history entry of more than ${MAX_ENTRY_CHARS} characters`;
      throw new UserError(`${this.source}: too large: ${what}`);
    }
  }

  /** tracking[t].history of the root object is streamed into the store; every other array is kept. */
  private streamHistory(parents: readonly unknown[], key: string): StreamedArray | undefined {
    const [root, tracking, track] = parents as [Record<string, unknown>, unknown[], Record<string, unknown>];
    if (key !== 'history' || parents.length !== 3 || !Array.isArray(tracking) || root.tracking !== tracking) return undefined;
    const trackIndex = tracking.length - 1;
    const history = new CompactHistory(this.store, this.store.entries);
    return {
      value: history,
      element: (entry, index) => {
        const name = () => trackName(track.id, trackIndex, entry, index);
        const { entry: validateEntry } = validators();
        if (!validateEntry(entry)) {
          const error = validateEntry.errors![0]!;
          const where = `tracking.${trackIndex}.history.${index}${error.instancePath.replaceAll('/', '.')}`;
          const what =
            error.keyword === 'required' ? `${where}.${String(error.params.missingProperty)} is missing` : `${where} ${error.message}`;
          throw new UserError(`${this.source}: not a number-jam plates document: ${name()}: ${what}`);
        }
        const { polygon } = entry as { polygon: unknown[] };
        if (this.store.entries >= this.limits.historyEntries) {
          throw new UserError(`${this.source}: too large: more than ${this.limits.historyEntries} history entries (at ${name()})`);
        }
        if (this.store.points + polygon.length > this.limits.polygonPoints) {
          throw new UserError(`${this.source}: too large: more than ${this.limits.polygonPoints} polygon points (at ${name()})`);
        }
        history.push(entry as { timestamp: number; polygon: number[][] });
      },
    };
  }
}

/** Reads and validates a plates document from a stream of chunks (a file or stdin), in bounded memory. */
export async function readPlatesDocument(chunks: AsyncIterable<Buffer | string>, source: string): Promise<PlatesDocument<CompactHistory>> {
  const reader = new PlatesDocumentReader(source);
  for await (const chunk of chunks) reader.write(chunk as Buffer | string);
  return reader.end();
}

/** Parses and validates a plates document; a malformed one is rejected with one line naming the field. */
export function parsePlatesDocument(text: string, source: string): PlatesDocument<CompactHistory> {
  const reader = new PlatesDocumentReader(source);
  reader.write(text);
  return reader.end();
}

/** `track 4 at 200 ms`, as the user would look an entry up; the array positions when the id or time is unusable. */
function trackName(id: unknown, trackIndex: number, entry: unknown, index: number): string {
  const timestamp = (entry as { timestamp?: unknown } | null)?.timestamp;
  const when = typeof timestamp === 'number' && Number.isFinite(timestamp) ? `${timestamp} ms` : `entry ${index}`;
  return `track ${typeof id === 'number' ? id : trackIndex} at ${when}`;
}

/** The document with every streamed history replaced by [] (a shallow copy; the histories are not touched). */
function withoutHistories(value: unknown): unknown {
  const tracking = (value as { tracking?: unknown } | null)?.tracking;
  if (!Array.isArray(tracking)) return value;
  return {
    ...(value as object),
    tracking: tracking.map((track: { history?: unknown }) =>
      track?.history instanceof CompactHistory ? { ...track, history: [] } : track,
    ),
  };
}

function describeSchemaError(error: ErrorObject | undefined): string {
  if (!error) return 'invalid';
  const where = error.instancePath ? error.instancePath.slice(1).replaceAll('/', '.') : 'document';
  if (error.keyword === 'required') return `${where === 'document' ? '' : `${where}.`}${String(error.params.missingProperty)} is missing`;
  return `${where} ${error.message ?? 'is invalid'}`;
}

/** Rejects a document that was made for another video (size, frame count or duration differ). */
export function assertDocumentMatchesVideo(document: PlatesDocument<DocumentHistory>, info: VideoInfo, source: string): void {
  const { video } = document;
  if (video.width !== info.width || video.height !== info.height) {
    throw new UserError(`${source} was made for a ${video.width}x${video.height} video, but ${info.path} is ${info.width}x${info.height}`);
  }
  const frameDuration = 1000 / info.fps;
  if (Math.abs(video.frameCount - info.frameCount) > 1 || Math.abs(document.videoDuration - info.durationMs) > frameDuration * 1.5) {
    throw new UserError(
      `${source} was made for a video of ${video.frameCount} frames (${Math.round(document.videoDuration)} ms), but ${info.path} has ${info.frameCount} frames (${Math.round(info.durationMs)} ms)`,
    );
  }
}

/**
 * The document must come from this very file: its recorded fingerprint (video/probe.ts: the video stream's
 * packet times and sizes) must equal the video's. Size and frame count alone accept another video of the same
 * shape (a mirrored copy), whose plates are elsewhere. `allowMismatch` (a re-encoded or remuxed copy of the
 * same video) turns the refusal into a warning line that states the risk. A document without a fingerprint
 * (written before number-jam recorded one, or by hand) is checked as before, by size, frame count and duration
 * only (assertDocumentMatchesVideo), without a warning: every document `detect` writes has one, so the mistake
 * this guards against (a document of another video) is caught for them. Returns the warning lines.
 */
export function checkDocumentSource(
  document: PlatesDocument<DocumentHistory>,
  fingerprint: string,
  path: string,
  source: string,
  allowMismatch = false,
): string[] {
  const recorded = document.video.fingerprint;
  if (recorded === undefined) return [];
  if (recorded === fingerprint) return [];
  if (!allowMismatch) {
    throw new UserError(
      `${source} was made from another video than ${path} (their packet fingerprints differ); run detect on this video, or pass --allow-video-mismatch if it is a re-encoded copy of that one`,
    );
  }
  return [
    `${source} was made from another file than ${path} (--allow-video-mismatch): its polygons are painted where they were in that file, so a plate this video shows anywhere else stays readable`,
  ];
}

/**
 * Warnings for tracks that can cover nothing: every history entry after the end of the video, or every polygon
 * wholly outside the frame. Such a document is usually meant for another cut or scale of the video, and its
 * plates would stay readable without a word (pure; unit-tested).
 */
export function documentCoverageWarnings(document: PlatesDocument<DocumentHistory>, info: VideoInfo): string[] {
  const warnings: string[] = [];
  const frameMs = info.fps > 0 ? 1000 / info.fps : 0;
  document.tracking.forEach((track, i) => {
    const history = historyView(track.history);
    if (history.length === 0) return;
    const name = `tracking document: track ${track.id ?? i}`;
    // A loop, not Math.min(...): a spread of a million entries overflows the stack.
    let first = Infinity;
    for (let e = 0; e < history.length; e++) first = Math.min(first, history.timestamp(e));
    if (first > info.durationMs + frameMs) {
      warnings.push(
        `${name} starts at ${Math.round(first)} ms, after the end of the video (${Math.round(info.durationMs)} ms): it covers nothing`,
      );
      return;
    }
    let outside = true;
    for (let e = 0; e < history.length && outside; e++) {
      const polygon = history.polygon(e);
      outside =
        polygon.every(([x]) => x <= 0) ||
        polygon.every(([x]) => x >= info.width) ||
        polygon.every(([, y]) => y <= 0) ||
        polygon.every(([, y]) => y >= info.height);
    }
    if (outside) warnings.push(`${name}: every polygon lies outside the ${info.width}x${info.height} frame: it covers nothing`);
  });
  return warnings;
}
