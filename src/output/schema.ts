// JSON Schema of the plates document. schema/plates-document.schema.json is written from this object
// (`npm run build` checks they agree, see tests/unit/schema.test.ts) so users can validate documents too.

// Bounds keep every number finite and small enough for exact pixel arithmetic: JSON.parse reads `1e400` as
// Infinity, and a polygon at 9e307 overflows the painter's arithmetic. Ten million pixels and ~115 days are
// far beyond any real frame or video.
export const MAX_COORDINATE = 1e7;
export const MAX_TIMESTAMP_MS = 1e10;
const coordinate = { type: 'number', minimum: -MAX_COORDINATE, maximum: MAX_COORDINATE } as const;
const milliseconds = { type: 'number', minimum: 0, maximum: MAX_TIMESTAMP_MS } as const;
const point = { type: 'array', items: coordinate, minItems: 2, maxItems: 2 } as const;
const polygon = { type: 'array', items: point, minItems: 3 } as const;

export const PLATES_DOCUMENT_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://github.com/number-jam/action/schema/plates-document.schema.json',
  title: 'number-jam plates document',
  type: 'object',
  required: ['version', 'request', 'engines', 'video', 'summary', 'tracking', 'videoDuration', 'processingDuration', 'output'],
  properties: {
    version: { type: 'string' },
    request: {
      type: 'object',
      required: ['input'],
      properties: {
        input: { type: 'string' },
        regions: { type: 'array', items: { type: 'string' } },
        confidence: { type: 'number' },
        extendDetection: { type: 'number' },
        minFraction: { type: 'number' },
        engine: { type: 'string' },
        obscureAllText: { type: 'boolean' },
        quality: { type: 'string' },
      },
    },
    engines: { type: 'array', items: { type: 'string' } },
    video: {
      type: 'object',
      required: ['width', 'height', 'fps', 'frameCount'],
      properties: {
        width: { type: 'integer', minimum: 1 },
        height: { type: 'integer', minimum: 1 },
        fps: { type: 'number', exclusiveMinimum: 0, maximum: 10_000 },
        frameRate: { type: 'string' },
        frameCount: { type: 'integer', minimum: 0 },
        rotation: { type: 'number' },
        hasAudio: { type: 'boolean' },
        fingerprint: { type: 'string', pattern: '^sha256:[0-9a-f]{64}$' },
      },
    },
    summary: {
      type: 'array',
      items: {
        type: 'object',
        required: ['plate', 'trackedFrom', 'trackedUntil'],
        properties: {
          plate: { type: 'string' },
          region: { type: 'string' },
          confidence: { type: 'number' },
          trackedFrom: milliseconds,
          trackedUntil: milliseconds,
          track: { type: 'integer' },
          frames: { type: 'integer' },
        },
      },
    },
    tracking: {
      type: 'array',
      items: {
        type: 'object',
        required: ['history'],
        properties: {
          id: { type: 'integer' },
          plate: { type: 'string' },
          region: { type: 'string' },
          confidence: { type: 'number' },
          history: {
            type: 'array',
            items: {
              type: 'object',
              required: ['timestamp', 'polygon'],
              properties: {
                timestamp: milliseconds,
                polygon,
                source: { enum: ['detection', 'interpolated', 'visual', 'extrapolated'] },
              },
            },
          },
        },
      },
    },
    videoDuration: milliseconds,
    processingDuration: { type: 'number', minimum: 0 },
    durations: { type: 'object', additionalProperties: { type: 'number' } },
    detectedFrames: { type: 'integer', minimum: 0 },
    output: { type: ['string', 'null'] },
    verify: {
      type: 'object',
      required: ['engine', 'independent', 'frames', 'findings', 'repaired', 'rounds'],
      properties: {
        engine: { type: 'string' },
        independent: { type: 'boolean' },
        reason: { type: 'string' },
        frames: { type: 'integer', minimum: 0 },
        findings: { type: 'integer', minimum: 0 },
        repaired: { type: 'integer', minimum: 0 },
        rounds: {
          type: 'array',
          items: {
            type: 'object',
            required: ['timestamps', 'findings'],
            properties: {
              timestamps: { type: 'array', items: milliseconds },
              findings: {
                type: 'array',
                items: { type: 'object', required: ['timestamp', 'polygon'], properties: { timestamp: milliseconds, polygon } },
              },
            },
          },
        },
        durationMs: { type: 'number', minimum: 0 },
      },
    },
    reviewSheet: { type: ['string', 'null'] },
  },
} as const;
