// The second opinion: a detector other than the one that placed the covers, looking at the finished output.
import { createEngine } from '../detection/index.js';
import { hasFormatMatch } from '../regions/index.js';
import type { DetectionEngine, Frame, Polygon } from '../types.js';

/** The detectors that can place covers or give the second opinion. */
export type OpinionEngine = 'text-detector' | 'plate-detector' | 'openalpr';

/** A plate the second opinion read: text some region's format accepts. */
export interface SeenPlate {
  polygon: Polygon;
  text: string;
}

/** What the verify check asks of a second opinion; anything that reads plates on a frame can answer it. */
export interface SecondOpinion {
  /** Which detector it is (recorded in the document). */
  readonly engine: OpinionEngine;
  /** False when it is the detector that placed the covers (no other one was available). */
  readonly independent: boolean;
  /** The plates it reads on `frame`. */
  look(frame: Frame): Promise<SeenPlate[]>;
  close(): Promise<void>;
}

export interface OpinionChoice {
  engine: OpinionEngine;
  independent: boolean;
  /** Why this one: a line for the log and the document. */
  reason: string;
}

/** What is at hand besides the text detector (always there: it ships in the package, as does the plate detector). */
export interface OpinionAvailability {
  plateDetector: boolean;
  openalpr: boolean;
}

/**
 * The detectors behind the engine names a document records: the embedded engine places its covers with the
 * PP-OCR text detector; `plate-detector` is named beside it when --plate-detector ran the plate detector too.
 */
export function coverEnginesOf(names: readonly string[]): OpinionEngine[] {
  const kinds = names.flatMap((name): OpinionEngine[] =>
    name === 'embedded' ? ['text-detector'] : name === 'openalpr' ? ['openalpr'] : name === 'plate-detector' ? ['plate-detector'] : [],
  );
  return [...new Set(kinds)];
}

/**
 * The second opinion for covers placed by `coverEngines`: the first available detector that placed none of
 * them, in the order plate detector, OpenALPR, text detector (the plate detector's opinion is the text
 * detector and recogniser; the text detector's is the plate detector, or OpenALPR where present). When every
 * available detector placed covers, the text detector is used and the check is recorded as not independent.
 */
export function secondOpinionFor(coverEngines: readonly OpinionEngine[], available: OpinionAvailability): OpinionChoice {
  const usable: OpinionEngine[] = ['text-detector'];
  if (available.plateDetector) usable.unshift('plate-detector');
  if (available.openalpr) usable.splice(usable.length - 1, 0, 'openalpr');
  const order: OpinionEngine[] = coverEngines.includes('text-detector')
    ? usable
    : ['text-detector', ...usable.filter((engine) => engine !== 'text-detector')];
  const other = order.find((engine) => !coverEngines.includes(engine));
  if (other) return { engine: other, independent: true, reason: `covers from ${describe(coverEngines)}; checked by the ${other}` };
  return {
    engine: 'text-detector',
    independent: false,
    reason: `covers from ${describe(coverEngines)} and no other detector is available: checked by the text detector, not independently`,
  };
}

function describe(engines: readonly OpinionEngine[]): string {
  return engines.length === 0 ? 'no detector' : `the ${engines.join(' and the ')}`;
}

export interface OpinionOptions {
  /** Longest side the text detector sees (the cover engine's, so both look at the same scale). */
  maxSide?: number;
  log?: (line: string) => void;
  /** Injected engine factory (tests). */
  makeEngine?: (engine: OpinionEngine) => Promise<DetectionEngine>;
}

/** Starts the chosen detector as a second opinion: its readings, kept when a region's format accepts them. */
export async function createSecondOpinion(choice: OpinionChoice, options: OpinionOptions = {}): Promise<SecondOpinion> {
  const engine = await (options.makeEngine ?? ((kind) => startEngine(kind, options)))(choice.engine);
  await engine.init();
  return {
    engine: choice.engine,
    independent: choice.independent,
    async look(frame) {
      const seen = await engine.detect(frame);
      return seen
        .filter((candidate) => candidate.text !== undefined && hasFormatMatch(candidate.text))
        .map((candidate) => ({ polygon: candidate.polygon, text: candidate.text! }));
    },
    close: () => engine.close(),
  };
}

async function startEngine(kind: OpinionEngine, options: OpinionOptions): Promise<DetectionEngine> {
  const { engine } = await createEngine(kind === 'openalpr' ? 'openalpr' : 'embedded', {
    regions: [],
    rebuildDockerImage: false,
    obscureAllText: false,
    embeddedFinder: kind === 'plate-detector' ? 'plates' : 'text',
    embeddedMaxSide: options.maxSide,
    log: options.log,
  });
  return engine;
}
