import { describe, expect, it } from 'vitest';
import { type Annotation, capAnnotations, videoAnnotations } from '../../src/action/annotations.js';
import {
  checkTiming,
  escapeHtml,
  formatTimestamp,
  renderSummary,
  type SummaryReport,
  type VideoOutcome,
} from '../../src/action/summary.js';
import type { PlatesDocument } from '../../src/output/document.js';
import { testDocument } from '../helpers/document.js';

function documentWith(plates: { plate: string; region?: string; from?: number; until?: number; frames?: number }[]): PlatesDocument {
  return testDocument({
    request: { input: 'x' },
    video: { width: 640, height: 480, fps: 30, frameRate: '30/1', frameCount: 300 },
    summary: plates.map((plate, i) => ({
      plate: plate.plate,
      region: plate.region ?? 'gb',
      confidence: 90,
      trackedFrom: plate.from ?? 0,
      trackedUntil: plate.until ?? 1000,
      track: i,
      frames: plate.frames ?? 31,
    })),
    tracking: plates.map((plate, i) => ({ id: i, plate: plate.plate, region: plate.region ?? 'gb', confidence: 90, history: [] })),
    videoDuration: 10_000,
    processingDuration: 5000,
    output: '/out/x.mp4',
  });
}

const redacted = (path: string, plates: Parameters<typeof documentWith>[0]): VideoOutcome => ({
  path,
  status: 'redacted',
  document: documentWith(plates),
  output: `out/${path}`,
  durationMs: 1200,
});
const failed = (path: string, error: string): VideoOutcome => ({ path, status: 'failed', error, durationMs: 10 });

function report(videos: VideoOutcome[]): SummaryReport {
  return {
    videos,
    matchedCount: videos.length,
    engines: ['openalpr', 'embedded'],
    durationMs: 65_000,
    notes: ['OpenALPR image restored from the Actions cache in 3.2 s.'],
    replaced: [],
    mode: 'redact',
    totalPlates: videos.reduce((sum, video) => sum + (video.document?.tracking.length ?? 0), 0),
    artifactUrl: 'https://github.com/o/r/actions/runs/1/artifacts/9',
  };
}

describe('renderSummary', () => {
  it('lists each plate with region, first/last seen and frames, plus totals, engines, time and the artifact link', () => {
    const html = renderSummary(
      report([
        redacted('cam/a.mp4', [{ plate: 'AB12CDE', region: 'gb', from: 1500, until: 62_250, frames: 1820 }]),
        redacted('cam/b.mp4', []),
      ]),
    );
    expect(html).toContain('<tr><td><code>AB12CDE</code></td><td>gb</td><td>0:01.500</td><td>1:02.250</td><td>1820</td></tr>');
    expect(html).toContain('<tr><th>Plates found</th><td>1</td></tr>');
    expect(html).toContain('<tr><th>Engines</th><td>openalpr, embedded</td></tr>');
    expect(html).toContain('<tr><th>Time taken</th><td>1 min 5 s</td></tr>');
    expect(html).toContain('<a href="https://github.com/o/r/actions/runs/1/artifacts/9">');
    expect(html).toContain('No plates found.');
    expect(html).toContain('restored from the Actions cache');
  });

  it('escapes OCR text and file names so they cannot inject HTML or end the HTML block', () => {
    const html = renderSummary(
      report([
        redacted('x<img src=x onerror=alert(1)>.mp4', [{ plate: '<script>alert("x")</script>', region: '"><b>' }, { plate: 'A\n\nB' }]),
        failed('bad&"name\'.mp4', 'ffprobe: <invalid> data\n\n# heading'),
      ]),
    );
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('bad&amp;&quot;name&#39;.mp4');
    // No blank line anywhere: a blank line would end the HTML block and let Markdown through.
    expect(html).not.toMatch(/\n\s*\n/);
    expect(html).toContain('<code>A B</code>');
  });

  it('stays under the byte limit for any number of videos and says how many were left out', () => {
    const many = Array.from({ length: 4000 }, (_, i) =>
      redacted(
        `clips/${i}.mp4`,
        Array.from({ length: 30 }, (_, k) => ({ plate: `P${i}X${k}` })),
      ),
    );
    const limit = 200_000;
    const html = renderSummary(report(many), limit);
    expect(Buffer.byteLength(html)).toBeLessThanOrEqual(limit);
    const shown = html.match(/<h4>/g)?.length ?? 0;
    expect(shown).toBeGreaterThan(10);
    expect(html).toContain(`${4000 - shown} more videos not shown`);
    expect(Buffer.byteLength(renderSummary(report(many)))).toBeLessThanOrEqual(1_000_000);
  });

  it('lists failures first, then videos with plates', () => {
    const html = renderSummary(report([redacted('clean.mp4', []), redacted('plates.mp4', [{ plate: 'X1' }]), failed('broken.mp4', 'bad')]));
    expect(html.indexOf('broken.mp4')).toBeLessThan(html.indexOf('plates.mp4'));
    expect(html.indexOf('plates.mp4')).toBeLessThan(html.indexOf('clean.mp4'));
  });

  it('caps the rows per video and points to the report for the rest', () => {
    const html = renderSummary(
      report([
        redacted(
          'busy.mp4',
          Array.from({ length: 130 }, (_, k) => ({ plate: `K${k}` })),
        ),
      ]),
    );
    expect(html.match(/<tr><td>/g)).toHaveLength(100);
    expect(html).toContain('30 more plates are listed in the JSON report.');
  });
});

describe('helpers', () => {
  it('formats timestamps', () => {
    expect(formatTimestamp(0)).toBe('0:00.000');
    expect(formatTimestamp(83_456)).toBe('1:23.456');
    expect(formatTimestamp(3_725_000)).toBe('1:02:05.000');
  });
  it('escapes the five HTML characters and flattens control characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>\r\n`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt; ');
  });
});

describe('videoAnnotations', () => {
  it('emits one notice per video with plates and none for clean videos', () => {
    const annotations = videoAnnotations([redacted('a.mp4', [{ plate: 'AA1' }, { plate: 'BB2' }]), redacted('b.mp4', [])], false);
    expect(annotations).toEqual([
      {
        level: 'notice',
        title: 'number-jam: plates found',
        file: 'a.mp4',
        message: '2 number plates found (AA1, BB2); redacted copy written.',
      },
    ]);
  });

  it('uses warnings when plates fail the step, and errors for failed videos', () => {
    const annotations = videoAnnotations([redacted('a.mp4', [{ plate: 'AA1' }]), failed('b.mp4', 'decode error')], true);
    expect(annotations.map((a) => [a.level, a.file]).sort()).toEqual([
      ['error', 'b.mp4'],
      ['warning', 'a.mp4'],
    ]);
  });
});

describe('capAnnotations', () => {
  const notices = (count: number): Annotation[] =>
    Array.from({ length: count }, (_, i) => ({ level: 'notice', title: 't', file: `v${i}.mp4`, message: `m${i}` }));
  const errors = (count: number): Annotation[] =>
    Array.from({ length: count }, (_, i) => ({ level: 'error', title: 't', file: `e${i}.mp4`, message: `e${i}` }));

  it("folds everything beyond GitHub's 10 per level into the last one, so none is silently dropped", () => {
    const capped = capAnnotations(notices(25));
    expect(capped).toHaveLength(10);
    expect(capped.slice(0, 9).map((a) => a.file)).toEqual(notices(9).map((a) => a.file));
    expect(capped[9]!.message).toMatch(/^16 more notices not shown \(GitHub shows 10 per level\): v9\.mp4, v10\.mp4/);
  });

  it("leaves a slot for the step's own failure line: 9 error annotations + setFailed = 10", () => {
    const capped = capAnnotations([...errors(12), ...notices(3)], 10, 1);
    expect(capped.filter((a) => a.level === 'error')).toHaveLength(9);
    expect(capped.filter((a) => a.level === 'error')[8]!.message).toMatch(/^4 more errors/);
    expect(capped.filter((a) => a.level === 'notice')).toHaveLength(3);
    expect(capAnnotations(errors(10), 10, 1)).toHaveLength(9);
    expect(capAnnotations(errors(9), 10, 1)).toEqual(errors(9));
  });
});

describe('check mode summary', () => {
  it('says the check ran detection only and what a redaction would add', () => {
    const html = renderSummary({
      ...report([{ ...redacted('a.mp4', [{ plate: 'AA1' }]), status: 'checked', output: undefined }]),
      mode: 'check',
    });
    expect(html).toContain('<h2>number-jam (check)</h2>');
    expect(html).toContain('<tr><th>Videos checked</th><td>1 of 1</td></tr>');
    expect(html).toContain(`<tr><th>Time taken</th><td>1 min 5 s (${checkTiming({ videos: [redacted('a.mp4', [])] })})</td></tr>`);
    expect(checkTiming({ videos: [redacted('a.mp4', [])] })).toMatch(/detection only.*10\.0 s of video/);
  });
});
