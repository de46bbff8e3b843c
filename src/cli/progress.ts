import cliProgress from 'cli-progress';
import type { ProgressEvent } from '../pipeline/index.js';

/** Renders pipeline progress on stderr: a bar on a TTY, a plain line every few seconds otherwise. stdout stays JSON-only. */
export class ProgressReporter {
  private bar: cliProgress.SingleBar | undefined;
  private stage: string | undefined;
  private lastLine = 0;
  private readonly started = Date.now();

  constructor(
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly quiet = false,
  ) {}

  readonly report = (event: ProgressEvent): void => {
    if (this.quiet) return;
    if (this.stream.isTTY) this.reportBar(event);
    else this.reportLine(event);
  };

  private reportBar(event: ProgressEvent): void {
    if (this.stage !== event.stage) {
      this.bar?.stop();
      this.stage = event.stage;
      this.bar = new cliProgress.SingleBar(
        {
          stream: this.stream,
          format: `${event.stage.padEnd(7)} [{bar}] {value}/{total} frames | {detections} plates | {fps} fps | ETA {eta_formatted}`,
          hideCursor: true,
          clearOnComplete: false,
        },
        cliProgress.Presets.shades_classic,
      );
      this.bar.start(Math.max(event.totalFrames, event.frame), 0, { detections: 0, fps: '0.0' });
    }
    this.bar!.setTotal(Math.max(event.totalFrames, event.frame));
    this.bar!.update(event.frame, { detections: event.detections, fps: event.fps.toFixed(1) });
  }

  private reportLine(event: ProgressEvent): void {
    const now = Date.now();
    const finished = event.frame >= event.totalFrames;
    if (!finished && now - this.lastLine < 2000 && this.stage === event.stage) return;
    this.stage = event.stage;
    this.lastLine = now;
    const remaining = event.fps > 0 ? (event.totalFrames - event.frame) / event.fps : 0;
    const label = event.stage === 'detect' ? 'detections' : 'plates';
    this.stream.write(
      `${event.stage}: ${event.frame}/${event.totalFrames} frames, ${event.detections} ${label}, ${event.fps.toFixed(1)} fps, ETA ${Math.ceil(remaining)} s\n`,
    );
  }

  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
    void this.started;
  }
}
