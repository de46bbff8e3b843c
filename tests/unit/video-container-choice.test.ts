import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/util/errors.js';
import { audioCodecFor, outputContainerFor, redactedExtensionFor } from '../../src/video/container.js';

describe('output container by extension', () => {
  it.each([
    ['.mp4', 'mp4'],
    ['.M4V', 'mp4'],
    ['.mov', 'mov'],
    ['.3gp', '3gp'],
    ['.mkv', 'matroska'],
    ['.ts', 'mpegts'],
    ['.mts', 'mpegts'],
    ['.m2ts', 'mpegts'],
    ['.flv', 'flv'],
    ['.avi', 'avi'],
  ])('%s keeps its extension and is written with the %s muxer', (extension, muxer) => {
    expect(redactedExtensionFor(extension)).toBe(extension);
    expect(outputContainerFor(`/out/x.redacted${extension}`).muxer).toBe(muxer);
  });

  it.each(['.webm', '.ogv', '.wmv', '.mpg', '.mpeg', '', '.gif'])(
    '%j cannot hold H.264: the copy is named .mp4, and writing it is refused',
    (extension) => {
      expect(redactedExtensionFor(extension)).toBe('.mp4');
      expect(() => outputContainerFor(`/out/x${extension}`)).toThrow(UserError);
      expect(() => outputContainerFor(`/out/x${extension}`)).toThrow(/H\.264.*\.mp4/);
    },
  );

  it('copies audio the container can carry and re-encodes the rest', () => {
    expect(audioCodecFor(outputContainerFor('a.mp4'), ['aac'])).toBe('copy');
    expect(audioCodecFor(outputContainerFor('a.mp4'), ['vorbis'])).toBe('aac');
    expect(audioCodecFor(outputContainerFor('a.mkv'), ['vorbis', 'flac'])).toBe('copy');
    expect(audioCodecFor(outputContainerFor('a.flv'), ['ac3'])).toBe('aac');
    expect(audioCodecFor(outputContainerFor('a.avi'), ['aac'])).toBe('mp2');
    expect(audioCodecFor(outputContainerFor('a.ts'), ['ac3'])).toBe('copy');
  });
});
