// A minimal streaming Matroska writer for uncompressed RGB24 frames with exact timestamps. A rawvideo pipe
// carries no timestamps, so VFR output would lose its timing; Matroska (V_UNCOMPRESSED, ColourSpace "RGB\x18")
// is read by every ffmpeg since 4.x. Timestamp scale is 1 µs, and each frame gets its own cluster so the
// 16-bit block-relative timestamp is always 0.

const ID = {
  EBML: 0x1a45dfa3,
  EBMLVersion: 0x4286,
  EBMLReadVersion: 0x42f7,
  EBMLMaxIDLength: 0x42f2,
  EBMLMaxSizeLength: 0x42f3,
  DocType: 0x4282,
  DocTypeVersion: 0x4287,
  DocTypeReadVersion: 0x4285,
  Segment: 0x18538067,
  Info: 0x1549a966,
  TimestampScale: 0x2ad7b1,
  MuxingApp: 0x4d80,
  WritingApp: 0x5741,
  Tracks: 0x1654ae6b,
  TrackEntry: 0xae,
  TrackNumber: 0xd7,
  TrackUID: 0x73c5,
  TrackType: 0x83,
  FlagLacing: 0x9c,
  DefaultDuration: 0x23e383,
  CodecID: 0x86,
  Video: 0xe0,
  PixelWidth: 0xb0,
  PixelHeight: 0xba,
  ColourSpace: 0x2eb524,
  Cluster: 0x1f43b675,
  Timestamp: 0xe7,
  SimpleBlock: 0xa3,
  BlockGroup: 0xa0,
  Block: 0xa1,
  BlockDuration: 0x9b,
} as const;

/** Nanoseconds per Matroska timestamp unit: 1 µs. */
export const MKV_TIMESTAMP_SCALE_NS = 1000;

function idBytes(id: number): Buffer {
  const bytes: number[] = [];
  for (let v = id; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from(bytes);
}

/** EBML variable-length size, shortest form (sizes up to 2^56 - 2). */
export function encodeVint(value: number): Buffer {
  for (let length = 1; length <= 8; length++) {
    const max = 2 ** (7 * length) - 2; // all-ones is reserved for "unknown size"
    if (value <= max) {
      const out = Buffer.alloc(length);
      let v = value;
      for (let i = length - 1; i >= 0; i--) {
        out[i] = v & 0xff;
        v = Math.floor(v / 256);
      }
      out[0]! |= 1 << (8 - length);
      return out;
    }
  }
  throw new RangeError(`EBML size too large: ${value}`);
}

function uintBytes(value: number): Buffer {
  const bytes: number[] = [];
  for (let v = value; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from(bytes.length ? bytes : [0]);
}

function element(id: number, payload: Buffer): Buffer {
  return Buffer.concat([idBytes(id), encodeVint(payload.length), payload]);
}

const uint = (id: number, value: number): Buffer => element(id, uintBytes(value));
const text = (id: number, value: string): Buffer => element(id, Buffer.from(value, 'utf8'));

/**
 * EBML header + Segment of unknown size + Info + Tracks: everything before the first frame. `frameDurationNs` (the
 * nominal frame period) is the track's DefaultDuration: ffmpeg takes the stream's frame rate from it. Without it
 * ffmpeg guesses the rate from the frames that fit in its 5 MB probe (two at 720p, none at 4K), settles on the
 * 1 µs time base, and the MP4 muxer then cuts the last frame off the output's edit list.
 */
export function mkvHeader(width: number, height: number, frameDurationNs: number): Buffer {
  const ebml = element(
    ID.EBML,
    Buffer.concat([
      uint(ID.EBMLVersion, 1),
      uint(ID.EBMLReadVersion, 1),
      uint(ID.EBMLMaxIDLength, 4),
      uint(ID.EBMLMaxSizeLength, 8),
      text(ID.DocType, 'matroska'),
      uint(ID.DocTypeVersion, 4),
      uint(ID.DocTypeReadVersion, 2),
    ]),
  );
  const info = element(
    ID.Info,
    Buffer.concat([uint(ID.TimestampScale, MKV_TIMESTAMP_SCALE_NS), text(ID.MuxingApp, 'number-jam'), text(ID.WritingApp, 'number-jam')]),
  );
  const video = element(
    ID.Video,
    Buffer.concat([
      uint(ID.PixelWidth, width),
      uint(ID.PixelHeight, height),
      // FourCC ffmpeg maps to AV_PIX_FMT_RGB24 for raw video.
      element(ID.ColourSpace, Buffer.from([0x52, 0x47, 0x42, 24])),
    ]),
  );
  const track = element(
    ID.TrackEntry,
    Buffer.concat([
      uint(ID.TrackNumber, 1),
      uint(ID.TrackUID, 1),
      uint(ID.TrackType, 1),
      uint(ID.FlagLacing, 0),
      uint(ID.DefaultDuration, Math.max(1, Math.round(frameDurationNs))),
      text(ID.CodecID, 'V_UNCOMPRESSED'),
      video,
    ]),
  );
  const unknownSize = Buffer.from([0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
  return Buffer.concat([ebml, idBytes(ID.Segment), unknownSize, info, element(ID.Tracks, track)]);
}

/**
 * Bytes that precede one frame's pixels: a Cluster holding a Timestamp and one key frame, as a BlockGroup with
 * its BlockDuration (before the Block, so the pixels come last). Write the returned header, then the `frameBytes`
 * of pixel data, so the pixels are never copied. Each frame states how long it is shown, so ffmpeg need not
 * guess from the next one (there is none after the last); the stream's rate comes from mkvHeader's DefaultDuration.
 */
export function mkvFrameHeader(timestampUs: number, frameBytes: number, durationUs: number): Buffer {
  const blockHeader = Buffer.from([0x81, 0x00, 0x00, 0x80]); // track 1, relative time 0, flags (ignored in a Block)
  const duration = uint(ID.BlockDuration, Math.max(1, Math.round(durationUs)));
  const blockHead = Buffer.concat([idBytes(ID.Block), encodeVint(blockHeader.length + frameBytes), blockHeader]);
  const groupSize = duration.length + blockHead.length + frameBytes;
  const groupHead = Buffer.concat([idBytes(ID.BlockGroup), encodeVint(groupSize), duration, blockHead]);
  const timestamp = uint(ID.Timestamp, Math.max(0, Math.round(timestampUs)));
  const clusterSize = timestamp.length + groupHead.length + frameBytes;
  return Buffer.concat([idBytes(ID.Cluster), encodeVint(clusterSize), timestamp, groupHead]);
}
