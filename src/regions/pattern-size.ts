// How many strings of each length a plate pattern accepts. A format that accepts fewer strings of a given
// length is more specific: matching it is stronger evidence for its region (likelihood 1/N).
//
// Supports exactly the regex subset the format database uses: literals A-Z/0-9, character classes
// without negation ([A-HJ-NP-Z]), non-capturing groups (?:…) with |, quantifiers ? {n} {n,m}, and
// look-aheads (?=…)/(?!…), which are ignored (so counts are upper bounds). Overlapping alternatives are
// counted twice, also an upper bound. Anything else throws, so a new pattern cannot be silently mis-sized.

/** Counts per length: counts[k] = number of accepted strings of length k, for k = 0..MAX_LENGTH. */
type LengthCounts = number[];

export const MAX_PATTERN_LENGTH = 16;

function single(size: number): LengthCounts {
  const counts = new Array<number>(MAX_PATTERN_LENGTH + 1).fill(0);
  counts[1] = size;
  return counts;
}

function empty(): LengthCounts {
  const counts = new Array<number>(MAX_PATTERN_LENGTH + 1).fill(0);
  counts[0] = 1;
  return counts;
}

function concat(a: LengthCounts, b: LengthCounts): LengthCounts {
  const out = new Array<number>(MAX_PATTERN_LENGTH + 1).fill(0);
  for (let i = 0; i <= MAX_PATTERN_LENGTH; i++) {
    if (a[i] === 0) continue;
    for (let j = 0; i + j <= MAX_PATTERN_LENGTH; j++) out[i + j]! += a[i]! * b[j]!;
  }
  return out;
}

function union(a: LengthCounts, b: LengthCounts): LengthCounts {
  return a.map((v, i) => v + b[i]!);
}

function repeat(atom: LengthCounts, min: number, max: number): LengthCounts {
  let power = empty();
  for (let k = 0; k < min; k++) power = concat(power, atom);
  let total = power;
  for (let k = min; k < max; k++) {
    power = concat(power, atom);
    total = union(total, power);
  }
  return total;
}

class PatternSizer {
  private pos = 0;
  constructor(private readonly source: string) {}

  parse(): LengthCounts {
    const result = this.alternation();
    if (this.pos !== this.source.length) this.fail('unexpected character');
    return result;
  }

  private fail(message: string): never {
    throw new Error(`pattern-size: ${message} at ${this.pos} in /${this.source}/`);
  }

  private alternation(): LengthCounts {
    let total = this.sequence();
    while (this.source[this.pos] === '|') {
      this.pos++;
      total = union(total, this.sequence());
    }
    return total;
  }

  private sequence(): LengthCounts {
    let total = empty();
    while (this.pos < this.source.length && this.source[this.pos] !== '|' && this.source[this.pos] !== ')') {
      total = concat(total, this.quantified());
    }
    return total;
  }

  private quantified(): LengthCounts {
    const atom = this.atom();
    const ch = this.source[this.pos];
    if (ch === '?') {
      this.pos++;
      return repeat(atom, 0, 1);
    }
    if (ch === '{') {
      const match = /^\{(\d+)(?:,(\d+))?\}/.exec(this.source.slice(this.pos));
      if (!match) this.fail('bad quantifier');
      this.pos += match[0].length;
      const min = Number(match[1]);
      return repeat(atom, min, match[2] === undefined ? min : Number(match[2]));
    }
    if (ch === '*' || ch === '+') this.fail('unbounded quantifier');
    return atom;
  }

  private atom(): LengthCounts {
    const ch = this.source[this.pos];
    if (ch === '(') {
      if (this.source.startsWith('(?:', this.pos)) {
        this.pos += 3;
        const inner = this.alternation();
        this.expect(')');
        return inner;
      }
      if (this.source.startsWith('(?=', this.pos) || this.source.startsWith('(?!', this.pos)) {
        this.pos += 3;
        this.alternationIgnoringAnchors();
        this.expect(')');
        return empty();
      }
      this.fail('capturing group');
    }
    if (ch === '[') return single(this.characterClass());
    if (ch !== undefined && /[A-Z0-9]/.test(ch)) {
      this.pos++;
      return single(1);
    }
    return this.fail('unsupported syntax');
  }

  /** Look-ahead bodies may use `$`; they are parsed only to find their end. */
  private alternationIgnoringAnchors(): void {
    let depth = 0;
    while (this.pos < this.source.length) {
      const ch = this.source[this.pos];
      if (ch === '(') depth++;
      if (ch === ')') {
        if (depth === 0) return;
        depth--;
      }
      this.pos++;
    }
  }

  private expect(ch: string): void {
    if (this.source[this.pos] !== ch) this.fail(`expected '${ch}'`);
    this.pos++;
  }

  private characterClass(): number {
    this.pos++; // '['
    if (this.source[this.pos] === '^') this.fail('negated class');
    const members = new Set<string>();
    while (this.source[this.pos] !== ']') {
      const from = this.source[this.pos];
      if (from === undefined) this.fail('unterminated class');
      if (this.source[this.pos + 1] === '-' && this.source[this.pos + 2] !== ']') {
        const to = this.source[this.pos + 2]!;
        for (let c = from.charCodeAt(0); c <= to.charCodeAt(0); c++) members.add(String.fromCharCode(c));
        this.pos += 3;
      } else {
        members.add(from);
        this.pos++;
      }
    }
    this.pos++; // ']'
    return members.size;
  }
}

/** Number of strings of each length 0..MAX_PATTERN_LENGTH the pattern accepts (upper bound, see above). */
export function patternSizes(pattern: string): number[] {
  return new PatternSizer(pattern).parse();
}
