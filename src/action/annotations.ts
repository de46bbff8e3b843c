// GitHub shows at most 10 annotations of each level per step; beyond that they are silently dropped.
// Every annotation of a run goes through capAnnotations(): each level stops one short of the limit and
// its last entry names the rest. The step's own failure line (core.setFailed) is an error annotation
// too, so a failing run keeps a slot free for it.
import { platesOf, type VideoOutcome } from './summary.js';

export const ANNOTATIONS_PER_LEVEL = 10;

export type AnnotationLevel = 'notice' | 'warning' | 'error';

export interface Annotation {
  level: AnnotationLevel;
  message: string;
  title: string;
  /** Workspace-relative file the annotation is attached to, when it is about one file. */
  file?: string;
}

const LEVELS: readonly AnnotationLevel[] = ['error', 'warning', 'notice'];

function listFiles(items: readonly Annotation[]): string {
  const named = items.map((item) => item.file).filter((file): file is string => file !== undefined);
  return named.slice(0, 20).join(', ') + (named.length > 20 ? ', …' : '');
}

/**
 * At most `limit` annotations per level (`limit - reservedErrors` errors), in order; where a level
 * overflows, its last slot becomes one annotation counting and naming what was left out.
 */
export function capAnnotations(annotations: readonly Annotation[], limit = ANNOTATIONS_PER_LEVEL, reservedErrors = 0): Annotation[] {
  const kept: Annotation[] = [];
  for (const level of LEVELS) {
    const items = annotations.filter((annotation) => annotation.level === level);
    const room = Math.max(1, level === 'error' ? limit - reservedErrors : limit);
    if (items.length <= room) {
      kept.push(...items);
      continue;
    }
    const rest = items.slice(room - 1);
    const files = listFiles(rest);
    kept.push(...items.slice(0, room - 1), {
      level,
      title: `number-jam: ${rest.length} more`,
      message: `${rest.length} more ${level === 'notice' ? 'notices' : `${level}s`} not shown (GitHub shows ${limit} per level)${files ? `: ${files}` : ''}; see the job summary and the JSON report.`,
    });
  }
  return kept;
}

/**
 * One annotation per video with plates (warning when plates fail the step, notice otherwise) and one
 * error per failed video. Plate texts are taken from the documents as given (already masked per
 * `plate-text`).
 */
export function videoAnnotations(videos: readonly VideoOutcome[], failOnPlates: boolean): Annotation[] {
  const plateLevel: AnnotationLevel = failOnPlates ? 'warning' : 'notice';
  const withPlates: Annotation[] = videos
    .filter((video) => video.status !== 'failed' && platesOf(video.document) > 0)
    .map((video) => {
      const count = platesOf(video.document);
      const texts = (video.document?.summary ?? []).map((plate) => plate.plate).filter((text) => text !== '');
      const shownTexts = texts.slice(0, 5).join(', ') + (texts.length > 5 ? ', …' : '');
      const done = video.status === 'checked' ? 'no copy written (mode: check)' : 'redacted copy written';
      return {
        level: plateLevel,
        title: 'number-jam: plates found',
        file: video.path,
        message: `${count} number plate${count === 1 ? '' : 's'} found${shownTexts ? ` (${shownTexts})` : ''}; ${done}.`,
      };
    });
  const failures: Annotation[] = videos
    .filter((video) => video.status === 'failed')
    .map((video) => ({ level: 'error', title: 'number-jam: redaction failed', file: video.path, message: video.error ?? 'failed' }));
  return [...failures, ...withPlates];
}
