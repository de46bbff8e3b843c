// A push parser for JSON text that arrives in pieces (a file or stdin read in chunks). It builds the same values
// as JSON.parse, except that an array the caller picks (a track's history) is not kept: each of its elements is
// handed to the caller as soon as it is complete, so the caller can check it and store it compactly. The text
// is never held whole, and the kept part and each handed-over element have a size limit, so memory stays
// bounded however long the input is.

/**
 * A syntax error, or a limit of the caller's exceeded: characters kept, characters of one streamed element, or
 * nesting depth. The message is one line.
 */
export class JsonStreamError extends Error {
  constructor(
    message: string,
    readonly kind: 'syntax' | 'kept' | 'element' | 'depth',
  ) {
    super(message);
  }
}

/** What the caller does with a streamed array: `value` is placed in the document, `element` gets its elements. */
export interface StreamedArray {
  value: unknown;
  element(value: unknown, index: number): void;
}

export interface JsonStreamOptions {
  /**
   * Called when an array opens as the value of `key` in an object; `parents` are the open containers from the
   * root down to that object. Returning a StreamedArray streams the array's elements instead of keeping them.
   */
  stream?(parents: readonly unknown[], key: string): StreamedArray | undefined;
  /** Characters kept in the document (everything outside streamed arrays), whitespace included. */
  maxKeptChars: number;
  /** Characters of tokens in one element of a streamed array. */
  maxElementChars: number;
  /** Open arrays and objects at any point. */
  maxDepth: number;
}

type Expect = 'value' | 'valueOrClose' | 'key' | 'keyOrClose' | 'colon' | 'commaOrClose' | 'end';

interface Frame {
  container: Record<string, unknown> | unknown[];
  isArray: boolean;
  /** The key whose value comes next (objects). */
  key: string;
  /** Elements seen so far (arrays). */
  count: number;
  stream?: StreamedArray;
}

enum Mode {
  Between = 0,
  String = 1,
  Number = 2,
  Literal = 3,
}

const NUMBER = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/;

function describe(code: number): string {
  return code < 0x20 || code === 0x7f ? `character U+${code.toString(16).padStart(4, '0')}` : `'${String.fromCharCode(code)}'`;
}

export class JsonStreamParser {
  private readonly stack: Frame[] = [];
  private expect: Expect = 'value';
  private root: unknown;
  private mode = Mode.Between;
  private token = '';
  private escaped = false;
  private hasEscape = false;
  /** Characters consumed before the current piece, for error positions. */
  private position = 0;
  /** Index in `stack` of the streamed array being read, or -1. */
  private streamLevel = -1;
  private keptChars = 0;
  private elementChars = 0;

  constructor(private readonly options: JsonStreamOptions) {}

  /** Parses the next piece of text. */
  write(text: string): void {
    const n = text.length;
    let i = 0;
    while (i < n) {
      if (this.mode === Mode.String) {
        let j = i;
        for (; j < n; j++) {
          const c = text.charCodeAt(j);
          if (this.escaped) this.escaped = false;
          else if (c === 92) this.escaped = this.hasEscape = true;
          else if (c === 34) break;
          else if (c < 0x20) this.fail(`unexpected ${describe(c)} in a string`, j);
        }
        this.charge(j - i);
        this.token += text.slice(i, j);
        if (j === n) break;
        this.endString(j);
        i = j + 1;
        continue;
      }
      if (this.mode !== Mode.Between) {
        let j = i;
        for (; j < n; j++) {
          const c = text.charCodeAt(j);
          // Letters, digits, '+', '-', '.': anything else ends a number or a literal.
          if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 43 || c === 45 || c === 46)) break;
        }
        this.charge(j - i);
        this.token += text.slice(i, j);
        if (j === n) break;
        this.endScalar(j);
        i = j;
        continue;
      }
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) {
        // Whitespace counts against the limits like any other character: endless whitespace is no document.
        let j = i + 1;
        for (; j < n; j++) {
          const w = text.charCodeAt(j);
          if (!(w === 32 || w === 10 || w === 13 || w === 9)) break;
        }
        this.charge(j - i);
        i = j;
        continue;
      }
      this.charge(1);
      if (c === 34) {
        this.mode = Mode.String;
        this.token = '';
        this.hasEscape = false;
      } else if (c === 45 || (c >= 48 && c <= 57)) {
        this.mode = Mode.Number;
        this.token = text[i]!;
      } else if (c >= 97 && c <= 122) {
        this.mode = Mode.Literal;
        this.token = text[i]!;
      } else if (c === 123 || c === 91) this.open(c === 91, i);
      else if (c === 125 || c === 93) this.close(c === 93, i);
      else if (c === 58) {
        if (this.expect !== 'colon') this.fail(`unexpected ':'`, i);
        this.expect = 'value';
      } else if (c === 44) {
        if (this.expect !== 'commaOrClose') this.fail(`unexpected ','`, i);
        this.expect = this.stack[this.stack.length - 1]!.isArray ? 'value' : 'key';
      } else this.fail(`unexpected ${describe(c)}`, i);
      i++;
    }
    this.position += n;
  }

  /** Ends the input and returns the document. */
  end(): unknown {
    if (this.mode === Mode.String) this.fail('unterminated string', 0);
    if (this.mode !== Mode.Between) this.endScalar(0);
    if (this.expect !== 'end') this.fail('unexpected end of input', 0);
    return this.root;
  }

  /** Whether any value has started (an input of only whitespace has none). */
  get started(): boolean {
    return this.expect !== 'value' || this.mode !== Mode.Between;
  }

  private fail(message: string, index: number): never {
    throw new JsonStreamError(
      message === 'unexpected end of input' ? message : `${message} at character ${this.position + index}`,
      'syntax',
    );
  }

  /** Counts token characters against the limit of the part they belong to. */
  private charge(chars: number): void {
    if (this.streamLevel >= 0 && this.stack.length > this.streamLevel) {
      this.elementChars += chars;
      if (this.elementChars > this.options.maxElementChars) {
        throw new JsonStreamError(`an element is longer than ${this.options.maxElementChars} characters`, 'element');
      }
    } else {
      this.keptChars += chars;
      if (this.keptChars > this.options.maxKeptChars) {
        throw new JsonStreamError(`more than ${this.options.maxKeptChars} characters outside the streamed arrays`, 'kept');
      }
    }
  }

  private endString(index: number): void {
    this.mode = Mode.Between;
    let value = this.token;
    this.token = '';
    if (this.hasEscape) {
      try {
        value = JSON.parse(`"${value}"`) as string;
      } catch {
        this.fail('bad escape in a string', index);
      }
    }
    if (this.expect === 'key' || this.expect === 'keyOrClose') {
      this.stack[this.stack.length - 1]!.key = value;
      this.expect = 'colon';
      return;
    }
    this.value(value, index);
  }

  private endScalar(index: number): void {
    this.mode = Mode.Between;
    const text = this.token;
    this.token = '';
    let value: unknown;
    if (text === 'true') value = true;
    else if (text === 'false') value = false;
    else if (text === 'null') value = null;
    else if (NUMBER.test(text)) value = Number(text);
    else this.fail(`unexpected '${text.slice(0, 20)}'`, index - text.length);
    this.value(value, index);
  }

  /** A complete value: the root, an element, or the value of the pending key. */
  private value(value: unknown, index: number): void {
    if (this.expect !== 'value' && this.expect !== 'valueOrClose') this.fail('unexpected value', index);
    this.place(value);
  }

  private place(value: unknown): void {
    const top = this.stack[this.stack.length - 1];
    if (!top) {
      this.root = value;
      this.expect = 'end';
      return;
    }
    if (top.isArray) {
      if (top.stream) {
        top.stream.element(value, top.count);
        this.elementChars = 0;
      } else (top.container as unknown[]).push(value);
      top.count++;
    } else setKey(top.container as Record<string, unknown>, top.key, value);
    this.expect = 'commaOrClose';
  }

  private open(isArray: boolean, index: number): void {
    if (this.expect !== 'value' && this.expect !== 'valueOrClose') this.fail(`unexpected '${isArray ? '[' : '{'}'`, index);
    if (this.stack.length >= this.options.maxDepth) {
      throw new JsonStreamError(`nested deeper than ${this.options.maxDepth} levels`, 'depth');
    }
    const parent = this.stack[this.stack.length - 1];
    const container: Record<string, unknown> | unknown[] = isArray ? [] : {};
    const frame: Frame = { container, isArray, key: '', count: 0 };
    if (isArray && parent && !parent.isArray && this.streamLevel < 0 && this.options.stream) {
      frame.stream = this.options.stream(
        this.stack.map((f) => f.container),
        parent.key,
      );
    }
    // A container is placed in its parent when it opens (so `stream` sees the document so far), except as an
    // element of a streamed array, which is handed over once complete.
    const placed = frame.stream ? frame.stream.value : container;
    if (!parent) this.root = placed;
    else if (parent.isArray) {
      if (!parent.stream) {
        (parent.container as unknown[]).push(placed);
        parent.count++;
      }
    } else setKey(parent.container as Record<string, unknown>, parent.key, placed);
    this.stack.push(frame);
    if (frame.stream) this.streamLevel = this.stack.length - 1;
    this.expect = isArray ? 'valueOrClose' : 'keyOrClose';
  }

  private close(isArray: boolean, index: number): void {
    const top = this.stack[this.stack.length - 1];
    const closable = this.expect === 'commaOrClose' || this.expect === (isArray ? 'valueOrClose' : 'keyOrClose');
    if (!top || top.isArray !== isArray || !closable) this.fail(`unexpected '${isArray ? ']' : '}'}'`, index);
    this.stack.pop();
    if (this.stack.length === this.streamLevel) this.streamLevel = -1;
    const parent = this.stack[this.stack.length - 1];
    if (!parent) this.expect = 'end';
    else if (parent.stream) {
      parent.stream.element(top.container, parent.count++);
      this.elementChars = 0;
      this.expect = 'commaOrClose';
    } else this.expect = 'commaOrClose';
  }
}

/** obj[key] = value as JSON.parse does it: `__proto__` becomes an own property, not the prototype. */
function setKey(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
  else object[key] = value;
}
