// The streaming JSON parser that reads tracking documents: the same values as JSON.parse however the text is cut
// into pieces, the same refusals, streamed arrays handed over element by element, and its limits.
import { describe, expect, it } from 'vitest';
import { JsonStreamError, type JsonStreamOptions, JsonStreamParser } from '../../src/output/jsonStream.js';

const roomy: JsonStreamOptions = { maxKeptChars: 1e9, maxElementChars: 1e9, maxDepth: 64 };

function parseInPieces(text: string, size: number, options: JsonStreamOptions = roomy): unknown {
  const parser = new JsonStreamParser(options);
  for (let i = 0; i < text.length; i += size) parser.write(text.slice(i, i + size));
  return parser.end();
}

const valid = [
  '{"a":1,"b":[true,false,null],"c":{"d":"e"}}',
  ' [ 0 , -0 , 1.5e3 , -2E-2 , 1e400 , 123456789012345678901234567890 ] ',
  '"esc\\"aped \\\\ \\/ \\b\\f\\n\\r\\t \\u00e9 \\ud83d\\ude97 plain é 🚗"',
  '{"":{},"x":[],"y":[[],[{}]],"n":-12.25}',
  '{"a":1,"a":2}',
  '{"1":1,"b":2,"0":0}',
  '42',
  'null',
];

describe('JsonStreamParser', () => {
  it.each(valid)('builds what JSON.parse builds, in pieces of any size: %s', (text) => {
    for (const size of [1, 2, 3, 7, text.length]) {
      expect(parseInPieces(text, size)).toStrictEqual(JSON.parse(text));
      expect(JSON.stringify(parseInPieces(text, size))).toBe(JSON.stringify(JSON.parse(text)));
    }
  });

  it('keeps a "__proto__" key as an own property, as JSON.parse does (never sets the prototype)', () => {
    const value = parseInPieces('{"__proto__":{"polluted":true}}', 3) as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect((value as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it.each([
    '',
    '   ',
    '{',
    '{"a":1,}',
    '[1,]',
    '[1 2]',
    '{"a" 1}',
    '{1:2}',
    '{"a":1}}',
    '[1]]',
    '{"a":1} x',
    '01',
    '1.',
    '.5',
    '+1',
    '-',
    '1e',
    'tru',
    'nulll',
    'True',
    "'a'",
    '"a',
    '"\\x"',
    '"tab\tinside"',
    '[NaN]',
    '[Infinity]',
    '{"a":1]',
    '[1}',
  ])('refuses %j as JSON.parse does, with one line', (text) => {
    expect(() => JSON.parse(text)).toThrow();
    for (const size of [1, 4, Math.max(1, text.length)]) {
      let error: unknown;
      try {
        parseInPieces(text, size);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(JsonStreamError);
      expect((error as JsonStreamError).kind).toBe('syntax');
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('hands a streamed array over element by element and keeps only its placeholder', () => {
    const seen: [unknown, number][] = [];
    const placeholder = { streamed: true };
    const options: JsonStreamOptions = {
      ...roomy,
      stream: (parents, key) =>
        key === 'items' && parents.length === 1 ? { value: placeholder, element: (value, index) => seen.push([value, index]) } : undefined,
    };
    const text = '{"head":1,"items":[{"a":[1,2]},3,"x",[4],{"items":[5]}],"tail":{"items":[6]}}';
    for (const size of [1, 5, text.length]) {
      seen.length = 0;
      expect(parseInPieces(text, size, options)).toStrictEqual({ head: 1, items: placeholder, tail: { items: [6] } });
      expect(seen).toEqual([
        [{ a: [1, 2] }, 0],
        [3, 1],
        ['x', 2],
        [[4], 3],
        [{ items: [5] }, 4],
      ]);
    }
  });

  it('refuses more kept characters than allowed as soon as they arrive, whitespace included, but not streamed elements', () => {
    const options: JsonStreamOptions = {
      maxKeptChars: 100,
      maxElementChars: 50,
      maxDepth: 64,
      stream: (_, key) => (key === 'items' ? { value: null, element: () => {} } : undefined),
    };
    // 10,000 elements of 20 characters each: only each element counts against its own limit.
    const element = '{"a":"0123456789ab"}';
    const streamed = `{"items":[${Array(10_000).fill(element).join(',')}]}`;
    expect(parseInPieces(streamed, 4096, options)).toEqual({ items: null });
    // Endless whitespace is no document: it counts against the kept limit (issue #22, item 13).
    expect(() => parseInPieces(`{"items":[]${' '.repeat(10_000)}}`, 4096, options)).toThrow(expect.objectContaining({ kind: 'kept' }));
    expect(() => parseInPieces(' '.repeat(10_000), 4096, options)).toThrow(expect.objectContaining({ kind: 'kept' }));

    const parser = new JsonStreamParser(options);
    parser.write('{"name":"');
    // A string that never ends is refused once it passes the limit, not when the input ends.
    expect(() => {
      for (let i = 0; i < 1000; i++) parser.write('aaaaaaaaaa');
    }).toThrow(expect.objectContaining({ kind: 'kept' }));
  });

  it('refuses a streamed element longer than allowed, and nesting deeper than allowed', () => {
    const options: JsonStreamOptions = {
      maxKeptChars: 1e6,
      maxElementChars: 50,
      maxDepth: 8,
      stream: (_, key) => (key === 'items' ? { value: null, element: () => {} } : undefined),
    };
    expect(() => parseInPieces(`{"items":[[${Array(30).fill(1).join(',')}]]}`, 7, options)).toThrow(
      expect.objectContaining({ kind: 'element' }),
    );
    expect(() => parseInPieces(`${'['.repeat(9)}${']'.repeat(9)}`, 3, options)).toThrow(expect.objectContaining({ kind: 'depth' }));
    expect(parseInPieces(`${'['.repeat(8)}${']'.repeat(8)}`, 3, options)).toEqual(JSON.parse(`${'['.repeat(8)}${']'.repeat(8)}`));
  });
});
