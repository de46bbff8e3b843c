// The layout the README's Layout section describes, checked on the sources: one door per stage (a folder
// is entered through its index.ts), and arrows only point down the stage order.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '../../src');
const TESTS = path.resolve(import.meta.dirname, '..');

/**
 * Folders of src/ from the bottom up: a folder may import only folders before it. `util` and `geometry` are
 * shared libraries (any of their files may be imported); every other folder is entered through index.ts.
 * `cli` and `action` are the two entry points, side by side: neither imports the other.
 */
const ORDER = [
  'util',
  'geometry',
  'regions',
  'options',
  'video',
  'detection',
  'tracking',
  'obscuring',
  'output',
  'review',
  'verify',
  'pipeline',
  'cli',
  'action',
];
const LIBRARIES = new Set(['util', 'geometry']);

/** Side doors still open (none: every stage is entered through its index.ts). */
const KNOWN_SIDE_DOORS = new Set<string>([]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Every relative module a file imports or re-exports (static or dynamic), as a path relative to src/. */
function importsOf(file: string, text: string): string[] {
  const specifiers = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*(?:\/\*[^*]*\*\/\s*)?|^import\s+)'(\.{1,2}\/[^']+)'/gm)].map(
    (m) => m[1]!,
  );
  return specifiers.map((s) => path.relative(SRC, path.resolve(path.dirname(file), s)).replace(/\.js$/, '.ts'));
}

/** The top folder of a path relative to src/ (undefined for the shared files at the root: types.ts, version.ts, history.ts). */
function folderOf(relative: string): string | undefined {
  const parts = relative.split(path.sep);
  return parts.length > 1 ? parts[0] : undefined;
}

interface Arrow {
  from: string;
  to: string;
}

function arrows(): Arrow[] {
  return sourceFiles(SRC).flatMap((file) => {
    const from = path.relative(SRC, file);
    return importsOf(file, readFileSync(file, 'utf8')).map((to) => ({ from, to }));
  });
}

const crossFolder = (a: Arrow) => {
  const source = folderOf(a.from);
  const target = folderOf(a.to);
  return source !== undefined && target !== undefined && source !== target;
};

describe('source layout', () => {
  it('finds the imports it checks (the scan itself works)', () => {
    const all = arrows();
    expect(all.length).toBeGreaterThan(300);
    expect(all).toContainEqual({ from: 'pipeline/obscure.ts', to: 'obscuring/index.ts' });
    expect(importsOf(path.join(SRC, 'action/index.ts'), "await import(/* webpackIgnore: true */ '../video/decode.js')")).toEqual([
      'video/decode.ts',
    ]);
  });

  it('knows every folder of src/', () => {
    const folders = readdirSync(SRC, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    expect([...folders].sort()).toEqual([...ORDER].sort());
  });

  it('enters each stage folder only through its index.ts (one door per stage)', () => {
    const sideDoors = arrows()
      .filter(crossFolder)
      .filter((a) => !LIBRARIES.has(folderOf(a.to)!) && a.to !== path.join(folderOf(a.to)!, 'index.ts'))
      .map((a) => `${a.from.split(path.sep).join('/')} -> ${a.to.split(path.sep).join('/')}`);
    expect(sideDoors.filter((d) => !KNOWN_SIDE_DOORS.has(d))).toEqual([]);
    // An entry that no longer exists must leave the list, so the list only ever shrinks.
    expect([...KNOWN_SIDE_DOORS].filter((d) => !sideDoors.includes(d))).toEqual([]);
  });

  it('has no upward arrow: a folder imports only folders below it in the stage order', () => {
    const upward = arrows()
      .filter(crossFolder)
      .filter(
        (a) =>
          ORDER.indexOf(folderOf(a.to)!) >= ORDER.indexOf(folderOf(a.from)!) || (folderOf(a.from) === 'action' && folderOf(a.to) === 'cli'),
      )
      .map((a) => `${a.from} -> ${a.to}`);
    expect(upward).toEqual([]);
  });

  it('keeps the shared root files free of stage code', () => {
    const fromRoot = arrows().filter((a) => folderOf(a.from) === undefined && folderOf(a.to) !== undefined);
    expect(fromRoot).toEqual([]);
  });
});

describe('test layout', () => {
  it('has no file name in both tests/unit and tests/integration', () => {
    const unit = new Set(readdirSync(path.join(TESTS, 'unit')));
    expect(readdirSync(path.join(TESTS, 'integration')).filter((name) => unit.has(name))).toEqual([]);
  });
});
