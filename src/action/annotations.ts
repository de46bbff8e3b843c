// GitHub shows at most 10 annotations of each level per step; beyond that they are silently dropped.
// So individual annotations stop one short of the limit and the last one names the rest.
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

function aggregate(items: Annotation[], level: AnnotationLevel, title: string, describe: (count: number, names: string) => string, limit: number): Annotation[] {
  if (items.length <= limit) return items;
  const shown = items.slice(0, limit - 1);
  const rest = items.slice(limit - 1);
  const names = rest.slice(0, 20).map((item) => item.file ?? '').join(', ') + (rest.length > 20 ? ', …' : '');
  return [...shown, { level, title, message: describe(rest.length, names) }];
}

/**
 * One annotation per video with plates (warning when plates fail the step, notice otherwise) and one
 * error per failed video, each level capped at `limit` with the overflow folded into its last entry.
 */
export function planAnnotations(videos: readonly VideoOutcome[], failOnPlates: boolean, limit = ANNOTATIONS_PER_LEVEL): Annotation[] {
  const plateLevel: AnnotationLevel = failOnPlates ? 'warning' : 'notice';
  const withPlates: Annotation[] = videos
    .filter((video) => video.status === 'redacted' && platesOf(video.document) > 0)
    .map((video) => {
      const count = platesOf(video.document);
      const texts = (video.document?.summary ?? []).map((plate) => plate.plate).filter((text) => text !== '');
      const shownTexts = texts.slice(0, 5).join(', ') + (texts.length > 5 ? ', …' : '');
      return {
        level: plateLevel,
        title: 'number-jam: plates found',
        file: video.path,
        message: `${count} number plate${count === 1 ? '' : 's'} found${shownTexts ? ` (${shownTexts})` : ''}; redacted copy written.`,
      };
    });
  const failures: Annotation[] = videos
    .filter((video) => video.status === 'failed')
    .map((video) => ({ level: 'error', title: 'number-jam: redaction failed', file: video.path, message: video.error ?? 'failed' }));
  return [
    ...aggregate(withPlates, plateLevel, 'number-jam: plates found', (count, names) => `${count} more videos have plates: ${names}`, limit),
    ...aggregate(failures, 'error', 'number-jam: redaction failed', (count, names) => `${count} more videos failed: ${names}`, limit),
  ];
}
