// `--engine` selection: embedded, openalpr, both (fused), auto (both when OpenALPR can run, else embedded).

import { ENGINE_NAMES, type EngineName } from '../options/index.js';
import type { DetectionEngine } from '../types.js';
import { describeError, UserError } from '../util/errors.js';
import { fuseEngines } from './fusion.js';
import { createOpenAlprEngine, probeOpenAlpr } from './openalpr/index.js';

export interface CreateEngineOptions {
  regions: string[];
  rebuildDockerImage: boolean;
  obscureAllText: boolean;
  /** Longest side the embedded text detector sees (smaller is faster, larger finds smaller plates). */
  embeddedMaxSide?: number;
  /** Longest side the embedded plate detector sees at full resolution. */
  plateFinderMaxSide?: number;
  /**
   * What the embedded engine finds plates with: the text detector (default, always with obscureAllText) or
   * the plate detector (--plate-detector runs it beside the text detector; verify can use it).
   */
  embeddedFinder?: 'plates' | 'text';
  log?: (line: string) => void;
  /** Injected availability probe (tests); defaults to probeOpenAlpr. */
  probe?: typeof probeOpenAlpr;
  /** Injected embedded-engine factory (tests); defaults to createEmbeddedEngine. */
  embedded?: () => DetectionEngine;
  /** Injected OpenALPR-engine factory (tests); defaults to createOpenAlprEngine. */
  openalpr?: () => DetectionEngine;
}

async function makeEmbedded(options: CreateEngineOptions): Promise<DetectionEngine> {
  if (options.embedded) return options.embedded();
  // Imported lazily: it loads ONNX Runtime, which `--engine openalpr` never needs.
  const { createEmbeddedEngine, createPlateFinderEngine } = await import('./embedded/index.js');
  // The plate detector only when asked for; every text region (--obscure-all-text) needs the text detector.
  if (!options.obscureAllText && options.embeddedFinder === 'plates')
    return createPlateFinderEngine({ maxSide: options.plateFinderMaxSide });
  return createEmbeddedEngine({ obscureAllText: options.obscureAllText, maxSide: options.embeddedMaxSide });
}

function makeOpenAlpr(options: CreateEngineOptions): DetectionEngine {
  if (options.openalpr) return options.openalpr();
  return createOpenAlprEngine({ regions: options.regions, rebuildDockerImage: options.rebuildDockerImage, log: options.log });
}

/**
 * The engine for `--engine <name>` and the names of the engines it runs (for the JSON document).
 * `auto` probes OpenALPR and also starts it here, so that a Docker image that cannot be built falls back
 * to the embedded engine (with a line on stderr) instead of failing the run; `openalpr` and `both` never
 * fall back: their errors surface from init() as one-line UserErrors.
 */
export async function createEngine(name: EngineName, options: CreateEngineOptions): Promise<{ engine: DetectionEngine; names: string[] }> {
  const log = options.log;
  switch (name) {
    case 'embedded':
      return { engine: await makeEmbedded(options), names: ['embedded'] };
    case 'openalpr':
      if (options.obscureAllText) log?.('--obscure-all-text needs the embedded engine; with --engine openalpr only plates are covered');
      return { engine: makeOpenAlpr(options), names: ['openalpr'] };
    case 'both': {
      const openalpr = makeOpenAlpr(options);
      const embedded = await makeEmbedded(options);
      return { engine: fuseEngines([openalpr, embedded]), names: ['openalpr', 'embedded'] };
    }
    case 'auto': {
      const probe = await (options.probe ?? probeOpenAlpr)();
      if (!probe.available) {
        log?.(`engine auto: OpenALPR is not available (${probe.reason}); using the embedded engine only`);
        return { engine: await makeEmbedded(options), names: ['embedded'] };
      }
      const openalpr = makeOpenAlpr(options);
      try {
        await openalpr.init();
      } catch (error) {
        await openalpr.close().catch(() => undefined);
        log?.(`engine auto: OpenALPR could not start (${describeError(error)}); using the embedded engine only`);
        return { engine: await makeEmbedded(options), names: ['embedded'] };
      }
      let embedded: DetectionEngine;
      try {
        embedded = await makeEmbedded(options);
      } catch (error) {
        await openalpr.close().catch(() => undefined);
        throw error;
      }
      log?.(`engine auto: running OpenALPR (${probe.mode}) and the embedded engine`);
      return { engine: fuseEngines([openalpr, embedded]), names: ['openalpr', 'embedded'] };
    }
    default:
      throw new UserError(`unknown engine '${String(name)}' (expected one of: ${ENGINE_NAMES.join(', ')})`);
  }
}
