// Verify: a second opinion on a finished output. Which frames to look at, which detector looks, and which of
// the plates it reads are left outside every cover. The pipeline decodes the frames, repairs and renders again.

export { COVERED_SHARE, coveredShare, uncoveredPlates } from './findings.js';
export { CHECK_STEP_MS, framesToCheck, nearestFrame, TRACK_EDGE_MS, type TrackSpan } from './frames.js';
export {
  coverEnginesOf,
  createSecondOpinion,
  type OpinionAvailability,
  type OpinionChoice,
  type OpinionEngine,
  type OpinionOptions,
  type SecondOpinion,
  type SeenPlate,
  secondOpinionFor,
} from './opinion.js';
