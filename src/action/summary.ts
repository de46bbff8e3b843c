// Pure rendering of the job summary. Plate text comes from OCR on untrusted videos and file names from
// untrusted pull requests: everything interpolated is HTML-escaped, with line breaks flattened so it
// cannot end the surrounding HTML block and switch GitHub back to Markdown.
import type { PlatesDocument } from '../output/index.js';
import type { Shard } from './shard.js';

/** GitHub rejects step summaries over 1 MiB; stay clear of it with room for other writers. */
export const SUMMARY_BYTE_LIMIT = 1_000_000;
/** Plate rows shown per video before the rest is left to the JSON report. */
export const MAX_PLATE_ROWS_PER_VIDEO = 100;

export interface VideoOutcome {
  /** Workspace-relative input path. */
  path: string;
  /** redacted: copy written; checked: detected only (mode: check); failed: nothing usable. */
  status: 'redacted' | 'checked' | 'failed';
  /** One-line error for failed videos. */
  error?: string;
  document?: PlatesDocument;
  /** Where the redacted video was written (workspace-relative when inside it). */
  output?: string;
  /** Where its review sheet was written (workspace-relative when inside it); absent when none was. */
  reviewSheet?: string;
  durationMs: number;
}

export interface SummaryReport {
  videos: VideoOutcome[];
  /** Videos matched by the globs before sharding. */
  matchedCount: number;
  shard?: Shard;
  engines: string[];
  totalPlates: number;
  durationMs: number;
  artifactUrl?: string;
  /** e.g. "OpenALPR image restored from cache in 12.3 s". */
  notes: string[];
  /** Workspace files replaced by their redacted versions (in-place). */
  replaced: string[];
  mode: 'redact' | 'check';
}

export function escapeHtml(text: string): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what this removes
      .replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&#39;')
  );
}

/** 83456 ms -> "1:23.456"; 3725000 -> "1:02:05.000". */
export function formatTimestamp(ms: number): string {
  const total = Math.max(0, Math.round(ms));
  const millis = total % 1000;
  const seconds = Math.floor(total / 1000) % 60;
  const minutes = Math.floor(total / 60_000) % 60;
  const hours = Math.floor(total / 3_600_000);
  const tail = `${String(seconds).padStart(2, '0')}.${String(millis).padStart(3, '0')}`;
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${tail}` : `${minutes}:${tail}`;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

export function platesOf(document: PlatesDocument | undefined): number {
  return document ? document.tracking.length : 0;
}

function plateTable(document: PlatesDocument): string {
  const rows = document.summary.slice(0, MAX_PLATE_ROWS_PER_VIDEO).map((plate) => {
    const text = plate.plate === '' ? '<i>unread</i>' : `<code>${escapeHtml(plate.plate)}</code>`;
    return (
      `<tr><td>${text}</td><td>${escapeHtml(plate.region) || '–'}</td><td>${formatTimestamp(plate.trackedFrom)}</td>` +
      `<td>${formatTimestamp(plate.trackedUntil)}</td><td>${plate.frames}</td></tr>`
    );
  });
  const hidden = document.summary.length - rows.length;
  const unlisted = document.tracking.length - document.summary.length;
  const notes: string[] = [];
  if (hidden > 0) notes.push(`${hidden} more plates are listed in the JSON report.`);
  if (unlisted > 0) notes.push(`${unlisted} more covered regions were read below the confidence threshold.`);
  const table =
    rows.length === 0
      ? ''
      : '<table><tr><th>Plate</th><th>Region</th><th>First seen</th><th>Last seen</th><th>Frames covered</th></tr>' +
        rows.join('') +
        '</table>';
  return table + (notes.length > 0 ? `<p>${notes.join(' ')}</p>` : '');
}

export function renderVideoSection(video: VideoOutcome): string {
  const name = `<code>${escapeHtml(video.path)}</code>`;
  if (video.status === 'failed') {
    return `<h4>❌ ${name}</h4><p>Failed: ${escapeHtml(video.error ?? 'unknown error')}</p>\n`;
  }
  const document = video.document;
  const plates = platesOf(document);
  const body = document && plates > 0 ? plateTable(document) : '<p>No plates found.</p>';
  const output = video.output ? ` → <code>${escapeHtml(video.output)}</code>` : '';
  const facts = [`${plates} plate${plates === 1 ? '' : 's'}`, formatDuration(video.durationMs)];
  if (document?.verify) facts.push(verifiedLine(document.verify));
  if (video.reviewSheet) facts.push(`review sheet: <code>${escapeHtml(video.reviewSheet)}</code>`);
  return `<h4>${plates > 0 ? '🚗' : '✅'} ${name}${output}</h4><p>${facts.join(', ')}</p>${body}\n`;
}

/** "verified: 24 frames, 0 findings (1 repaired; text detector, not independent)". */
export function verifiedLine(verify: NonNullable<PlatesDocument['verify']>): string {
  const notes: string[] = [];
  if (verify.repaired > 0) notes.push(`${verify.repaired} repaired`);
  notes.push(`${escapeHtml(verify.engine.replace('-', ' '))}${verify.independent ? '' : ', not independent'}`);
  return `verified: ${verify.frames} frame${verify.frames === 1 ? '' : 's'}, ${verify.findings} finding${verify.findings === 1 ? '' : 's'} (${notes.join('; ')})`;
}

/** What a check cost compared with a redaction: the detection it ran is what a redaction runs first. */
export function checkTiming(report: Pick<SummaryReport, 'videos'>): string {
  const seconds = report.videos.reduce((sum, video) => sum + (video.document?.videoDuration ?? 0), 0) / 1000;
  // Ratio measured with the CLI's detect vs redact on 720p and 1080p fixtures (docs/action.md).
  return (
    `detection only, no encoding: a redaction (mode: redact) runs the same detection, then decodes, paints and re-encodes` +
    ` all ${seconds.toFixed(1)} s of video, about 1.25-1.5x the CPU time of this check`
  );
}

function renderHeader(report: SummaryReport): string {
  const failed = report.videos.filter((video) => video.status === 'failed').length;
  const done = report.videos.length - failed;
  const shard = report.shard ? ` (shard ${report.shard.index}/${report.shard.count} of ${report.matchedCount} matched)` : '';
  const check = report.mode === 'check';
  const lines = [
    `<h2>number-jam${check ? ' (check)' : ''}</h2>`,
    '<table>',
    `<tr><th>Videos ${check ? 'checked' : 'redacted'}</th><td>${done} of ${report.videos.length}${shard}</td></tr>`,
    `<tr><th>Videos failed</th><td>${failed}</td></tr>`,
    `<tr><th>Plates found</th><td>${report.totalPlates}</td></tr>`,
    `<tr><th>Engines</th><td>${report.engines.length > 0 ? report.engines.map(escapeHtml).join(', ') : '–'}</td></tr>`,
    `<tr><th>Time taken</th><td>${formatDuration(report.durationMs)}${check ? ` (${checkTiming(report)})` : ''}</td></tr>`,
    report.artifactUrl
      ? `<tr><th>Artifact</th><td><a href="${escapeHtml(report.artifactUrl)}">redacted videos and reports</a></td></tr>`
      : '',
    report.replaced.length > 0
      ? `<tr><th>Replaced in place</th><td>${report.replaced.length} video${report.replaced.length === 1 ? '' : 's'} with plates: ${report.replaced
          .slice(0, 20)
          .map((file) => `<code>${escapeHtml(file)}</code>`)
          .join(', ')}${report.replaced.length > 20 ? ', …' : ''}</td></tr>`
      : '',
    '</table>',
    ...report.notes.map((note) => `<p>${escapeHtml(note)}</p>`),
  ];
  return `${lines.filter((line) => line !== '').join('\n')}\n`;
}

/**
 * The whole summary, failed videos first, then videos with plates, then the rest; sections that would
 * push it past `maxBytes` are replaced by a count pointing to the JSON report.
 */
export function renderSummary(report: SummaryReport, maxBytes = SUMMARY_BYTE_LIMIT): string {
  const header = renderHeader(report);
  const rank = (video: VideoOutcome): number => (video.status === 'failed' ? 0 : platesOf(video.document) > 0 ? 1 : 2);
  const ordered = [...report.videos].sort((a, b) => rank(a) - rank(b));
  const omissionNote = (count: number): string =>
    `<p>${count} more video${count === 1 ? '' : 's'} not shown to keep this summary small; see the JSON report.</p>\n`;
  const reserve = byteLength(omissionNote(report.videos.length));
  let used = byteLength(header);
  if (used + reserve > maxBytes) return omissionNote(report.videos.length).slice(0, maxBytes);
  const sections: string[] = [];
  for (const video of ordered) {
    const section = renderVideoSection(video);
    const size = byteLength(section);
    if (used + size + reserve > maxBytes) break;
    sections.push(section);
    used += size;
  }
  const omitted = ordered.length - sections.length;
  return header + sections.join('') + (omitted > 0 ? omissionNote(omitted) : '');
}
