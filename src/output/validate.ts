import { Ajv, type ErrorObject } from 'ajv';
import type { VideoInfo } from '../types.js';
import { UserError } from '../util/errors.js';
import type { PlatesDocument } from './document.js';
import { PLATES_DOCUMENT_SCHEMA } from './schema.js';

const ajv = new Ajv({ allErrors: false, strict: false });
const validateSchema = ajv.compile(PLATES_DOCUMENT_SCHEMA);

/** Parses and validates a plates document; a malformed one is rejected with one line naming the field. */
export function parsePlatesDocument(text: string, source: string): PlatesDocument {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UserError(`${source}: not valid JSON (${(error as Error).message.split('\n')[0]})`);
  }
  if (!validateSchema(value)) {
    throw new UserError(`${source}: not a number-jam plates document: ${describeSchemaError(validateSchema.errors?.[0], value)}`);
  }
  return value as unknown as PlatesDocument;
}

function describeSchemaError(error: ErrorObject | undefined, document: unknown): string {
  if (!error) return 'invalid';
  const where = error.instancePath ? error.instancePath.slice(1).replaceAll('/', '.') : 'document';
  const entry = /^\/tracking\/(\d+)\/history\/(\d+)\//.exec(error.instancePath);
  if (entry) {
    // Name the track and time, as the user would look them up, not only the array position.
    const track = (document as { tracking: { id?: unknown; history: { timestamp?: unknown }[] }[] }).tracking[Number(entry[1])]!;
    const timestamp = track.history[Number(entry[2])]?.timestamp;
    const when = typeof timestamp === 'number' && Number.isFinite(timestamp) ? `${timestamp} ms` : `entry ${entry[2]}`;
    return `track ${typeof track.id === 'number' ? track.id : entry[1]} at ${when}: ${where} ${error.message ?? 'is invalid'}`;
  }
  if (error.keyword === 'required') return `${where === 'document' ? '' : `${where}.`}${String(error.params.missingProperty)} is missing`;
  return `${where} ${error.message ?? 'is invalid'}`;
}

/** Rejects a document that was made for another video (size, frame count or duration differ). */
export function assertDocumentMatchesVideo(document: PlatesDocument, info: VideoInfo, source: string): void {
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
 * Warnings for tracks that can cover nothing: every history entry after the end of the video, or every polygon
 * wholly outside the frame. Such a document is usually meant for another cut or scale of the video, and its
 * plates would stay readable without a word (pure; unit-tested).
 */
export function documentCoverageWarnings(document: PlatesDocument, info: VideoInfo): string[] {
  const warnings: string[] = [];
  const frameMs = info.fps > 0 ? 1000 / info.fps : 0;
  document.tracking.forEach((track, i) => {
    if (track.history.length === 0) return;
    const name = `tracking document: track ${track.id ?? i}`;
    // A loop, not Math.min(...): a spread of a million entries overflows the stack.
    let first = Infinity;
    for (const entry of track.history) first = Math.min(first, entry.timestamp);
    if (first > info.durationMs + frameMs) {
      warnings.push(
        `${name} starts at ${Math.round(first)} ms, after the end of the video (${Math.round(info.durationMs)} ms): it covers nothing`,
      );
      return;
    }
    const outside = track.history.every(
      ({ polygon }) =>
        polygon.every(([x]) => x <= 0) ||
        polygon.every(([x]) => x >= info.width) ||
        polygon.every(([, y]) => y <= 0) ||
        polygon.every(([, y]) => y >= info.height),
    );
    if (outside) warnings.push(`${name}: every polygon lies outside the ${info.width}x${info.height} frame: it covers nothing`);
  });
  return warnings;
}
