// Detection: the engines (embedded ONNX, OpenALPR, their fusion) and the helpers the pipeline runs on their
// candidates. The embedded engine's module loads onnxruntime and is imported lazily by createEngine, so only
// its types come through here.
export { type CharacterScanner, createCharacterScanner } from './charscan/index.js';
export type { EmbeddedEngine } from './embedded/index.js';
export { readsLikePlateAtNativeLook } from './embedded/plausibility.js';
export { type CreateEngineOptions, createEngine } from './engines.js';
export { mergeCandidates } from './fusion.js';
export { dockerBuildArgs, dockerImageInspectArgs, findDockerDir, hashDockerDir, imageTag, probeOpenAlpr } from './openalpr/index.js';
export { ClippedCharacterWidener } from './widening.js';
