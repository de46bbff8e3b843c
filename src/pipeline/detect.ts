import {
  ClippedCharacterWidener,
  createCharacterScanner,
  createEngine,
  type EmbeddedEngine,
  mergeCandidates,
  readsLikePlateAtNativeLook,
} from '../detection/index.js';
import { buildDocument, type PlatesDocument } from '../output/index.js';
import { PlateTracker } from '../tracking/index.js';
import type { DetectionEngine, Frame, PlateCandidate } from '../types.js';
import { decodeFrames, probeVideoDetails } from '../video/index.js';
import { platesToCover } from './covers.js';
import type { EngineCache } from './engineCache.js';
import type { DetectOptions } from './options.js';
import { DetectionSchedule, detectorMaxSide, NativeLooks, plateFinderMaxSide, reachesStripEdge } from './schedule.js';
import { Stopwatch } from './stopwatch.js';

/**
 * Decode `options.input`, detect and track every plate, and return the document (no video written). With
 * `engines`, the engines come from (and stay in) that cache, started once for all the videos of a run;
 * without, they are started here and closed at the end.
 */
export async function detectPlates(options: DetectOptions, engines?: EngineCache): Promise<PlatesDocument> {
  const stopwatch = new Stopwatch();
  const details = await stopwatch.time('probe', () => probeVideoDetails(options.input));
  const { info } = details;
  const engineOptions = {
    regions: options.regions,
    rebuildDockerImage: options.rebuildDockerImage,
    obscureAllText: options.obscureAllText,
    embeddedMaxSide: detectorMaxSide(options.quality),
    plateFinderMaxSide: plateFinderMaxSide(options.quality),
    embeddedFinder: 'text' as const,
    log: options.log,
  };
  const { engine, names } = await stopwatch.time('engineStart', () =>
    engines ? engines.engine(options.engine, engineOptions) : createEngine(options.engine, engineOptions),
  );
  // With --plate-detector the plate detector runs beside the text path, on its own shorter stride (plates seen
  // for a few frames, sideways, mirrored or upside down, which the text detector misses), while the text path
  // keeps the recall it measured. Not by default: alone it lost plates (a dark fisheye view, small tilted
  // plates) and beside the text path it still added false covers and lost frames on one hard clip (README).
  const plateOptions = { ...engineOptions, embeddedFinder: 'plates' as const };
  const plateEngine = usesPlateFinder(names, options)
    ? (
        await stopwatch.time('engineStart', () =>
          engines ? engines.engine('embedded', plateOptions) : createEngine('embedded', plateOptions),
        )
      ).engine
    : undefined;
  const tracker = new PlateTracker({
    width: info.width,
    height: info.height,
    fps: info.fps,
    extendDetectionMs: options.extendDetectionMs,
    minFraction: options.minFraction,
  });
  const schedule = new DetectionSchedule(options.quality, info.fps, info.width * info.height, 'text');
  const plateSchedule = plateEngine ? new DetectionSchedule(options.quality, info.fps, info.width * info.height, 'plates') : undefined;
  const native = nativeCapable(engine) ? new NativeLooks(info.width, info.height, engine.maxSide) : undefined;
  let detections = 0;
  let detectedFrames = 0;
  let framesSeen = 0;
  const started = Date.now();
  const scanner = await stopwatch.time('engineStart', () => (engines ? engines.characterScanner() : createCharacterScanner()));
  const widener = new ClippedCharacterWidener(scanner);
  const frames = decodeFrames(details, { signal: options.signal, reuseBuffers: true });
  let failed = true;
  try {
    await engine.init();
    await plateEngine?.init();
    for (;;) {
      const next = await stopwatch.time('decode', () => frames.next());
      if (next.done) break;
      const frame = next.value;
      let candidates: PlateCandidate[] | null = null;
      const wanted = tracker.wantsDetection();
      const textRun = schedule.shouldDetect(frame.index, wanted);
      const plateRun = plateSchedule?.shouldDetect(frame.index, wanted) ?? false;
      if (textRun || plateRun) {
        detectedFrames++;
        const found = textRun
          ? await stopwatch.time('detect', () =>
              native ? detectWithNativeLooks(engine as EmbeddedEngine, native, frame, options.obscureAllText) : engine.detect(frame),
            )
          : [];
        const proposed = plateRun && plateEngine ? await stopwatch.time('detectPlates', () => plateEngine.detect(frame)) : [];
        // One candidate per plate both found (the union of their polygons: never a smaller cover).
        const all = proposed.length ? mergeCandidates([...found, ...proposed]) : found;
        candidates = await stopwatch.time('charscan', () => widener.widen(frame, all));
        detections += candidates.length;
      }
      stopwatch.timeSync('track', () => tracker.push(frame, candidates));
      framesSeen++;
      options.onProgress?.({
        stage: 'detect',
        frame: framesSeen,
        totalFrames: info.frameCount,
        detections,
        fps: framesSeen / Math.max(0.001, (Date.now() - started) / 1000),
      });
    }
    failed = false;
  } finally {
    // Closing the generator kills the decoder's ffmpeg when we stop early (an error, Ctrl-C).
    await frames.return(undefined);
    if (!engines) await Promise.all([engine.close(), plateEngine?.close(), scanner.close()]);
    else if (failed) await Promise.all([engines.discard(engine), plateEngine ? engines.discard(plateEngine) : undefined]);
  }
  const plates = stopwatch.timeSync('track', () => tracker.finish());
  return buildDocument({
    info,
    options,
    // The plate detector is named beside the engine, so verify knows which detectors placed the covers.
    engines: plateEngine ? [...names, 'plate-detector'] : names,
    plates: platesToCover(plates, options),
    durations: stopwatch.totals(),
    detectedFrames,
    fingerprint: details.fingerprint,
    processingDuration: stopwatch.elapsed(),
  });
}

/**
 * With --plate-detector the embedded engine runs its plate detector beside its text detector, unless every
 * text region is wanted (then the text detector alone); fused with OpenALPR, OpenALPR and the text detector run.
 */
function usesPlateFinder(names: readonly string[], options: Pick<DetectOptions, 'plateDetector' | 'obscureAllText'>): boolean {
  return options.plateDetector && names.length === 1 && names[0] === 'embedded' && !options.obscureAllText;
}

/** The embedded engine can look at frames at their own resolution (OpenALPR and fused engines cannot). */
function nativeCapable(engine: DetectionEngine): engine is EmbeddedEngine {
  return 'detectNative' in engine && 'detectInRegion' in engine;
}

/**
 * One detection run with native and edge looks: when a sweep is due, the whole frame natively (frames
 * larger than the detector input; else the ordinary pass) plus the edge strips upscaled; otherwise the
 * ordinary shrunk pass plus crops around plates only those looks found.
 */
async function detectWithNativeLooks(
  engine: EmbeddedEngine,
  looks: NativeLooks,
  frame: Frame,
  allText: boolean,
): Promise<PlateCandidate[]> {
  // Small print only the native look resolves (badges, dealer lines) is not a plate, unless all text is wanted.
  const keep = (c: PlateCandidate): boolean => allText || readsLikePlateAtNativeLook(c);
  if (looks.sweepDue(frame.timestampMs)) {
    const found = looks.applies ? (await engine.detectNative(frame)).filter(keep) : await engine.detect(frame);
    const edges: PlateCandidate[][] = [];
    for (const strip of looks.strips) {
      // A cut plate reads short: the engine's cut-plate rule judges it, and it must reach the strip's edge.
      const cut = await engine.detectInRegion(frame, strip.box, strip.upscale);
      edges.push(cut.filter((c) => reachesStripEdge(strip, c.polygon, frame.height)));
    }
    looks.swept(looks.applies ? found : [], edges, frame.timestampMs);
    return [...found, ...edges.flat()];
  }
  const found = await engine.detect(frame);
  const crops = looks.cropsToLook(found);
  if (crops.length === 0) return found;
  const extra: PlateCandidate[] = [];
  for (const crop of crops) {
    const { strip } = crop;
    const seen = await engine.detectInRegion(frame, crop, strip?.upscale);
    // Edge crops keep cut plates (the cut-plate rule); native crops only what reads like a whole plate.
    extra.push(...(strip ? seen.filter((c) => reachesStripEdge(strip, c.polygon, frame.height)) : seen.filter(keep)));
  }
  looks.looked(extra, frame.timestampMs);
  return [...found, ...extra];
}
