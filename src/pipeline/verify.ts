// Verify and repair: the finished output is looked at by a second opinion; a plate it reads outside every cover
// becomes a detection, is tracked like any other (over the input, by the same tracker) and merged into the
// tracking, and the video is rendered again from the input, then checked again. At most MAX_REPAIR_ROUNDS;
// what is still found after that fails the video closed (a VerifyFailure: nothing is written at the output).
import path from 'node:path';
import type { FillStyle } from '../obscuring/index.js';
import type { DocumentEntry, DocumentHistory, DocumentTrack, PlatesDocument, VerifyRecord } from '../output/index.js';
import { filterSummary, voteTrackText } from '../regions/index.js';
import { PlateTracker } from '../tracking/index.js';
import type { PlateCandidate } from '../types.js';
import { UserError } from '../util/errors.js';
import {
  coverEnginesOf,
  createSecondOpinion,
  nearestFrame,
  type OpinionChoice,
  type SecondOpinion,
  secondOpinionFor,
} from '../verify/index.js';
import { decodeFrames, type VideoDetails } from '../video/index.js';
import { platesToCover } from './covers.js';
import { type Finding, type Inspection, inspectOutput } from './inspect.js';
import { DEFAULT_DETECT_OPTIONS } from './options.js';
import { detectorMaxSide } from './schedule.js';

/** Repairs (track, render again, check again) before what remains fails the video. */
export const MAX_REPAIR_ROUNDS = 2;

/** The output still shows plates after the repairs: one line per finding, and nothing written. */
export class VerifyFailure extends UserError {
  constructor(
    readonly findings: readonly Finding[],
    output: string,
    rounds: number,
  ) {
    super(
      [
        `verify: ${findings.length} plate${findings.length === 1 ? '' : 's'} still readable in the output after ${rounds} repair round${rounds === 1 ? '' : 's'}; nothing written to ${output}`,
        ...findings.map((finding) => `verify: plate at ${formatTime(finding.timestamp)}, ${describePosition(finding.polygon)}`),
      ].join('\n'),
    );
    this.name = 'VerifyFailure';
  }
}

/** 2500 -> "0:02.500". */
function formatTime(ms: number): string {
  const total = Math.max(0, Math.round(ms));
  const minutes = Math.floor(total / 60_000);
  const seconds = ((total % 60_000) / 1000).toFixed(3).padStart(6, '0');
  return `${minutes}:${seconds}`;
}

function describePosition(polygon: readonly [number, number][]): string {
  const xs = polygon.map(([x]) => Math.round(x));
  const ys = polygon.map(([, y]) => Math.round(y));
  return `x ${Math.min(...xs)}-${Math.max(...xs)}, y ${Math.min(...ys)}-${Math.max(...ys)}`;
}

export interface VerifyRequest<H extends DocumentHistory> {
  document: PlatesDocument<H>;
  input: VideoDetails;
  /** The rendered output (temporary path): checked, and rendered again on a repair. */
  output: string;
  /** The path the user asked for (in messages). */
  target: string;
  style: FillStyle;
  fadeDurationMs: number;
  /** Also cut the review sheet's tiles, from the final output. */
  tiles: boolean;
  /** Renders `document` over the input into `output` again. */
  render: (document: PlatesDocument<DocumentHistory>) => Promise<void>;
  log?: (line: string) => void;
  signal?: AbortSignal;
  /** Injected second opinion (tests); default: the one secondOpinionFor chooses. */
  opinion?: (choice: OpinionChoice) => Promise<SecondOpinion>;
  /** Repair rounds (default MAX_REPAIR_ROUNDS); 0 fails on the first finding. */
  maxRounds?: number;
}

export interface Verified<H extends DocumentHistory> {
  document: PlatesDocument<H | DocumentEntry[]>;
  record: VerifyRecord;
  /** The final output's inspection (tiles for the review sheet). */
  inspection: Inspection;
}

/** Is a native OpenALPR (`alpr`) at hand? Docker is not started for a second opinion. */
async function nativeOpenAlpr(): Promise<boolean> {
  const { probeOpenAlpr } = await import('../detection/index.js');
  const probe = await probeOpenAlpr().catch(() => undefined);
  return probe?.available === true && probe.mode === 'native';
}

export async function verifyOutput<H extends DocumentHistory>(request: VerifyRequest<H>): Promise<Verified<H>> {
  const started = performance.now();
  const covers = coverEnginesOf(request.document.engines);
  const choice = secondOpinionFor(covers, {
    // The plate detector is not yet a second opinion to rely on (findings on plate-free text were not measured
    // on the fixtures): the text detector checks, not independently, unless a native OpenALPR is at hand.
    plateDetector: false,
    // OpenALPR is the independent opinion on covers from both embedded detectors, where a native alpr exists.
    openalpr: covers.includes('text-detector') && !covers.includes('openalpr') && (await nativeOpenAlpr()),
  });
  request.log?.(`verify: ${choice.reason}`);
  const quality = request.document.request.quality === 'fast' ? 'fast' : 'balanced';
  const opinion = await (request.opinion ?? ((c) => createSecondOpinion(c, { maxSide: detectorMaxSide(quality), log: request.log })))(
    choice,
  );
  const maxRounds = request.maxRounds ?? MAX_REPAIR_ROUNDS;
  const rounds: VerifyRecord['rounds'] = [];
  const found: Finding[] = [];
  let document: PlatesDocument<H | DocumentEntry[]> = request.document;
  try {
    for (let round = 0; ; round++) {
      const inspection = await inspectOutput({
        document,
        output: request.output,
        input: request.input,
        style: request.style,
        fadeDurationMs: request.fadeDurationMs,
        opinion,
        tiles: request.tiles,
        signal: request.signal,
      });
      rounds.push({
        timestamps: inspection.checked.map((t) => Math.round(t * 1000) / 1000),
        findings: inspection.findings.map(({ timestamp, polygon }) => ({ timestamp, polygon })),
      });
      const { findings } = inspection;
      if (findings.length === 0) {
        const record: VerifyRecord = {
          engine: choice.engine,
          independent: choice.independent,
          reason: choice.reason,
          frames: inspection.checked.length,
          findings: 0,
          repaired: found.length,
          rounds,
          durationMs: Math.round(performance.now() - started),
        };
        return { document, record, inspection };
      }
      if (round >= maxRounds) throw new VerifyFailure(findings, request.target, round);
      request.log?.(
        `verify: ${findings.length} plate${findings.length === 1 ? '' : 's'} outside the covers of ${path.basename(request.target)}` +
          ` (${findings.map((f) => formatTime(f.timestamp)).join(', ')}); tracking and rendering again`,
      );
      found.push(...findings);
      document = withRepairs(request.document, await trackFindings(request.input, found, request.document, request.signal));
      await request.render(document);
    }
  } finally {
    await opinion.close();
  }
}

/** The tracks of the findings: each a detection on its frame, tracked over the input by the plate tracker. */
async function trackFindings(
  input: VideoDetails,
  findings: readonly Finding[],
  document: PlatesDocument<DocumentHistory>,
  signal: AbortSignal | undefined,
): Promise<DocumentTrack[]> {
  const { info } = input;
  const tracker = new PlateTracker({
    width: info.width,
    height: info.height,
    fps: info.fps,
    extendDetectionMs: document.request.extendDetection ?? DEFAULT_DETECT_OPTIONS.extendDetectionMs,
    minFraction: document.request.minFraction ?? DEFAULT_DETECT_OPTIONS.minFraction,
  });
  const byFrame = new Map<number, PlateCandidate[]>();
  for (const finding of findings) {
    const index = nearestFrame(input.timestampsMs, finding.timestamp);
    const candidate: PlateCandidate = { polygon: finding.polygon, text: finding.text, confidence: 50, engine: 'verify' };
    byFrame.set(index, [...(byFrame.get(index) ?? []), candidate]);
  }
  const frames = decodeFrames(input, { signal, reuseBuffers: true });
  try {
    for await (const frame of frames) tracker.push(frame, byFrame.get(frame.index) ?? null);
  } finally {
    await frames.return(undefined);
  }
  const regions = document.request.regions ?? [];
  return platesToCover(tracker.finish(), { obscureAllText: true }).map((plate) => {
    const vote = voteTrackText(plate.readings, { regions });
    return {
      id: 0,
      plate: vote.plate,
      region: vote.region,
      confidence: Math.round(vote.confidence * 10) / 10,
      history: plate.history.map(
        (entry): DocumentEntry => ({
          timestamp: Math.round(entry.timestamp * 1000) / 1000,
          polygon: entry.polygon.map(([x, y]) => [Math.round(x * 100) / 100, Math.round(y * 100) / 100] as [number, number]),
          source: entry.source,
        }),
      ),
    };
  });
}

/** `document` with the repair tracks added after its own (ids after its largest), listed in the summary as any track. */
function withRepairs<H extends DocumentHistory>(
  document: PlatesDocument<H>,
  repairs: DocumentTrack[],
): PlatesDocument<H | DocumentEntry[]> {
  const first = document.tracking.length;
  const nextId = document.tracking.reduce((max, track) => Math.max(max, track.id + 1), 0);
  const added = repairs.map((track, i) => ({ ...track, id: nextId + i }));
  const rows = added.map((track, i) => ({
    plate: track.plate,
    region: track.region,
    confidence: track.confidence,
    trackedFrom: track.history[0]!.timestamp,
    trackedUntil: track.history.at(-1)!.timestamp,
    track: first + i,
    frames: track.history.length,
  }));
  const filter = { regions: document.request.regions ?? [], confidence: document.request.confidence ?? 0 };
  return { ...document, tracking: [...document.tracking, ...added], summary: [...document.summary, ...filterSummary(rows, filter)] };
}
