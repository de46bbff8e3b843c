// JSON Schema of the plates document. schema/plates-document.schema.json is written from this object
// (`npm run build` checks they agree, see tests/unit/schema.test.ts) so users can validate documents too.

const point = { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2 } as const;
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
        fps: { type: 'number', exclusiveMinimum: 0 },
        frameRate: { type: 'string' },
        frameCount: { type: 'integer', minimum: 0 },
        rotation: { type: 'number' },
        hasAudio: { type: 'boolean' },
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
          trackedFrom: { type: 'number' },
          trackedUntil: { type: 'number' },
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
                timestamp: { type: 'number', minimum: 0 },
                polygon,
                source: { enum: ['detection', 'interpolated', 'visual', 'extrapolated'] },
              },
            },
          },
        },
      },
    },
    videoDuration: { type: 'number', minimum: 0 },
    processingDuration: { type: 'number', minimum: 0 },
    durations: { type: 'object', additionalProperties: { type: 'number' } },
    detectedFrames: { type: 'integer', minimum: 0 },
    output: { type: ['string', 'null'] },
  },
} as const;
