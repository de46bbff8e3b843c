import { describe, expect, it } from 'vitest';
import { DEFAULT_VIDEO_GLOB, parseInputs, parseVideoPatterns } from '../../src/action/inputs.js';
import { UserError } from '../../src/util/errors.js';

const reader =
  (values: Record<string, string>) =>
  (name: string): string =>
    values[name] ?? '';

describe('parseInputs', () => {
  it('applies the documented defaults when nothing is set', () => {
    const inputs = parseInputs(reader({}));
    expect(inputs).toMatchObject({
      videos: [DEFAULT_VIDEO_GLOB],
      regions: [],
      confidence: 0,
      extendDetectionMs: 2000,
      paddingWidth: { value: 10, unit: 'px', atMostPercent: 5 },
      paddingHeight: { value: 10, unit: 'px', atMostPercent: 10 },
      fadeDurationMs: 1000,
      engine: 'auto',
      quality: 'balanced',
      outputDir: 'number-jam-output',
      uploadArtifacts: true,
      artifactName: 'number-jam-redacted',
      retentionDays: undefined,
      inPlace: false,
      failOnPlates: false,
      shard: undefined,
      ifNoFilesFound: 'warn',
      mode: 'redact',
      plateText: 'masked',
      overwrite: false,
      videoTimeoutMs: undefined,
    });
    expect(DEFAULT_VIDEO_GLOB).not.toMatch(/[{,]ts[,}]/);
  });

  it('parses every input', () => {
    const inputs = parseInputs(
      reader({
        videos: 'clips/**/*.mp4\n# a comment\n!clips/raw/**\n',
        regions: 'GB, fr de',
        confidence: '72.5',
        'extend-detection': '1.5s',
        'padding-width': '5%',
        'padding-height': '12px',
        'fade-duration': '250ms',
        engine: 'Embedded',
        quality: 'Fast',
        'output-dir': 'out',
        'upload-artifacts': 'false',
        'retention-days': '7',
        'in-place': 'true',
        'fail-on-plates': 'yes',
        shard: '2/3',
        'if-no-files-found': 'error',
        mode: 'check',
        'plate-text': 'none',
        overwrite: 'true',
        'video-timeout': '20m',
      }),
    );
    expect(inputs).toMatchObject({
      videos: ['clips/**/*.mp4', '!clips/raw/**'],
      regions: ['gb', 'fr', 'de'],
      confidence: 72.5,
      extendDetectionMs: 1500,
      paddingWidth: { value: 5, unit: '%' },
      paddingHeight: { value: 12, unit: 'px' },
      fadeDurationMs: 250,
      engine: 'embedded',
      quality: 'fast',
      outputDir: 'out',
      uploadArtifacts: false,
      retentionDays: 7,
      inPlace: true,
      failOnPlates: true,
      shard: { index: 2, count: 3 },
      artifactName: 'number-jam-redacted-shard-2-of-3',
      ifNoFilesFound: 'error',
      mode: 'check',
      plateText: 'none',
      overwrite: true,
      videoTimeoutMs: 1_200_000,
    });
  });

  it('warns about unknown region codes and ignores them, as the CLI does', () => {
    const warnings: string[] = [];
    expect(parseInputs(reader({ regions: 'gb, usa, uk' }), (line) => warnings.push(line)).regions).toEqual(['gb']);
    expect(warnings).toEqual([expect.stringMatching(/^Input 'regions': unknown region code\(s\) ignored: usa/)]);
  });

  it('keeps a given artifact name even when sharded', () => {
    expect(parseInputs(reader({ shard: '1/2', 'artifact-name': 'mine' })).artifactName).toBe('mine');
  });

  it.each([
    ['confidence', '101'],
    ['confidence', 'high'],
    ['extend-detection', '-5'],
    ['extend-detection', '2 minutes'],
    ['fade-duration', '5h'],
    ['padding-width', 'wide'],
    ['padding-height', '-3px'],
    ['engine', 'tesseract'],
    ['quality', 'best'],
    ['upload-artifacts', 'maybe'],
    ['in-place', '2'],
    ['fail-on-plates', 'ja'],
    ['retention-days', '0'],
    ['retention-days', '91'],
    ['retention-days', '1.5'],
    ['shard', '3/2'],
    ['shard', '0/2'],
    ['shard', 'first'],
    ['mode', 'scan'],
    ['plate-text', 'partial'],
    ['overwrite', 'replace'],
    ['video-timeout', '0'],
    ['video-timeout', '7h'],
    ['artifact-name', 'a/b'],
    ['if-no-files-found', 'fail'],
    ['videos', '../outside/*.mp4'],
    ['videos', '/etc/**'],
    ['videos', 'a/../../b.mp4'],
    ['videos', '!only/exclusions/**'],
  ])('rejects %s = %j with a message naming the input', (name, value) => {
    let caught: unknown;
    try {
      parseInputs(reader({ [name]: value }));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UserError);
    expect((caught as Error).message).toContain(`Input '${name}'`);
  });
});

describe('input helpers', () => {
  it('defaults to all common video extensions when no pattern is given', () => {
    expect(parseVideoPatterns('\n  \n# nothing\n')).toEqual([DEFAULT_VIDEO_GLOB]);
  });
});
