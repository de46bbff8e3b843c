// ProgressReporter without a terminal: plain lines on stderr, throttled, always the final frame; nothing when quiet.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ProgressReporter } from '../../src/cli/progress.js';
import type { ProgressEvent } from '../../src/pipeline/options.js';

/** A non-TTY stderr that records what is written. */
function fakeStream(): { stream: NodeJS.WriteStream; lines: () => string[]; text: () => string } {
  let text = '';
  const stream = {
    isTTY: false,
    write: (chunk: string) => {
      text += chunk;
      return true;
    },
  } as unknown as NodeJS.WriteStream;
  return { stream, text: () => text, lines: () => text.split('\n').filter(Boolean) };
}

const event = (stage: ProgressEvent['stage'], frame: number, totalFrames = 100): ProgressEvent => ({
  stage,
  frame,
  totalFrames,
  detections: 3,
  fps: 12.345,
});

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2024-01-01T00:00:00Z'));
});
afterEach(() => vi.useRealTimers());

describe('ProgressReporter on a pipe', () => {
  it('writes one plain line with frames, detections, fps and ETA', () => {
    const out = fakeStream();
    new ProgressReporter(out.stream).report(event('detect', 10));
    expect(out.text()).toBe('detect: 10/100 frames, 3 detections, 12.3 fps, ETA 8 s\n');
  });

  it('names the obscure stage\'s count "plates"', () => {
    const out = fakeStream();
    new ProgressReporter(out.stream).report(event('obscure', 1));
    expect(out.lines()[0]).toMatch(/^obscure: 1\/100 frames, 3 plates, /);
  });

  it('prints at most one line every 2 s, but always the last frame and each new stage', () => {
    const out = fakeStream();
    const reporter = new ProgressReporter(out.stream);
    for (let frame = 1; frame <= 100; frame++) {
      reporter.report(event('detect', frame));
      vi.advanceTimersByTime(50); // 20 frames per second: 5 s in all
    }
    const detectLines = out.lines();
    expect(detectLines[0]).toMatch(/^detect: 1\/100/);
    expect(detectLines.at(-1)).toMatch(/^detect: 100\/100/);
    expect(detectLines.length).toBeGreaterThanOrEqual(3);
    expect(detectLines.length).toBeLessThanOrEqual(5);
    reporter.report(event('obscure', 1));
    expect(out.lines().at(-1)).toMatch(/^obscure: 1\/100/);
    reporter.stop();
  });

  it('is silent when quiet', () => {
    const out = fakeStream();
    const reporter = new ProgressReporter(out.stream, true);
    reporter.report(event('detect', 1));
    reporter.report(event('detect', 100));
    reporter.stop();
    expect(out.text()).toBe('');
  });
});
