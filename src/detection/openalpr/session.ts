// One long-lived `alpr -j ... stdin` process (native or inside `docker run -i`) and its line protocol.
//
// alpr reads one image path per line and prints one JSON line per readable image. A path it cannot find
// yields NO JSON line, only "Image file not found: PATH" on stderr. So the session never pairs lines
// with paths by counting: it sends one path, waits for either that image's JSON line or the not-found
// message naming that path, and only then sends the next one. A readiness handshake at start (a path
// that does not exist) proves the models are loaded and the loop is reading before the first frame.
import { createInterface } from 'node:readline';
import { execa, type ResultPromise } from 'execa';
import { UserError } from '../../util/errors.js';
import { isAlprResultLine } from './parse.js';

export interface AlprSessionSpec {
  /** Executable: the alpr binary, or docker. */
  command: string;
  args: string[];
  /** What to call it in error messages, e.g. "the OpenALPR container". */
  label: string;
  /** A path (as alpr sees it) that does not exist, used for the readiness handshake. */
  readinessPath: string;
  startTimeoutMs?: number;
  frameTimeoutMs?: number;
  log?: (line: string) => void;
}

const NOT_FOUND_PREFIX = 'Image file not found: ';
/** How many stderr lines to keep for error messages. */
const STDERR_TAIL = 8;

interface Waiter {
  /** The path this waiter is about (a frame, or the readiness path). */
  path: string;
  /** Resolves with the JSON line (frames) or '' (readiness: the not-found message arrived). */
  resolve: (line: string) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
  /** Readiness waiters complete on the not-found message; frame waiters fail on it. */
  readiness: boolean;
}

export class AlprSession {
  private readonly child: ResultPromise;
  private waiter: Waiter | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly stderrTail: string[] = [];
  private exited: { code: number | undefined; signal: string | undefined } | undefined;
  private failure: UserError | undefined;
  private closing = false;
  private readonly exitPromise: Promise<void>;

  private constructor(private readonly spec: AlprSessionSpec) {
    this.child = execa(spec.command, spec.args, {
      stdin: 'pipe',
      stdout: 'pipe',
      stderr: 'pipe',
      buffer: false,
      reject: false,
      // execa kills the child when number-jam exits; the container itself is removed by the engine.
      cleanup: true,
    });
    createInterface({ input: this.child.stdout! }).on('line', (line) => this.onStdout(line));
    createInterface({ input: this.child.stderr! }).on('line', (line) => this.onStderr(line));
    // Writing to a dead process raises EPIPE on stdin; the exit handler reports the real cause.
    this.child.stdin!.on('error', () => undefined);
    this.exitPromise = this.child.then(
      (result) => this.onExit(result.exitCode, result.signal ?? undefined, result.failed ? result.originalMessage : undefined),
      (error: unknown) => this.onExit(undefined, undefined, error instanceof Error ? error.message : String(error)),
    );
  }

  /** Starts the process and waits until alpr has loaded its models and reads stdin. */
  static async start(spec: AlprSessionSpec): Promise<AlprSession> {
    const session = new AlprSession(spec);
    try {
      await session.request(spec.readinessPath, true, spec.startTimeoutMs ?? 120_000, 'start');
    } catch (error) {
      await session.close();
      throw error;
    }
    return session;
  }

  /** Sends one image path (as alpr sees it) and resolves with its JSON result line. */
  recognize(imagePath: string): Promise<string> {
    const run = () => this.request(imagePath, false, this.spec.frameTimeoutMs ?? 120_000, 'answer');
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Closes stdin (alpr then exits), waits a little, then kills. Safe to call twice. */
  async close(graceMs = 5_000): Promise<void> {
    this.closing = true;
    if (!this.exited) {
      this.child.stdin?.end();
      const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
      await this.exitPromise;
      clearTimeout(timer);
    }
  }

  private request(path: string, readiness: boolean, timeoutMs: number, verb: string): Promise<string> {
    if (this.failure) return Promise.reject(this.failure);
    if (path.includes('\n')) return Promise.reject(new Error(`frame path contains a newline: ${path}`));
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(new UserError(`${this.spec.label} did not ${verb} within ${Math.round(timeoutMs / 1000)} s${this.stderrSuffix()}`));
        this.child.kill('SIGKILL');
      }, timeoutMs);
      this.waiter = { path, resolve, reject, timer, readiness };
      this.child.stdin!.write(`${path}\n`);
    });
  }

  private settle(): Waiter | undefined {
    const waiter = this.waiter;
    if (waiter) {
      clearTimeout(waiter.timer);
      this.waiter = undefined;
    }
    return waiter;
  }

  private onStdout(line: string): void {
    if (!isAlprResultLine(line)) {
      if (line.trim().length > 0) this.spec.log?.(`openalpr: ${line}`);
      return;
    }
    const waiter = this.waiter;
    if (!waiter || waiter.readiness) {
      // A result nobody asked for means the pairing of lines and frames is lost: stop rather than
      // attribute plates to the wrong frame.
      this.fail(new UserError(`${this.spec.label} printed a result line that matches no frame`));
      this.child.kill('SIGKILL');
      return;
    }
    this.settle()?.resolve(line);
  }

  private onStderr(line: string): void {
    if (line.startsWith(NOT_FOUND_PREFIX)) {
      const missing = line.slice(NOT_FOUND_PREFIX.length);
      const waiter = this.waiter;
      if (waiter && waiter.path === missing) {
        this.settle();
        if (waiter.readiness) waiter.resolve('');
        else waiter.reject(new UserError(`${this.spec.label} could not find the frame file ${missing}`));
        return;
      }
    }
    if (line.trim().length === 0) return;
    this.stderrTail.push(line);
    if (this.stderrTail.length > STDERR_TAIL) this.stderrTail.shift();
  }

  private onExit(code: number | undefined, signal: string | undefined, message: string | undefined): void {
    this.exited = { code, signal };
    if (this.closing && !this.waiter) return;
    const how = signal
      ? `was killed by ${signal}`
      : code !== undefined
        ? `exited with status ${code}`
        : `failed to start (${message ?? 'unknown error'})`;
    this.fail(new UserError(`${this.spec.label} stopped unexpectedly: it ${how}${this.stderrSuffix()}`));
  }

  private fail(error: UserError): void {
    this.failure ??= error;
    this.settle()?.reject(this.failure);
  }

  private stderrSuffix(): string {
    const tail = this.stderrTail.filter((line) => !line.startsWith(NOT_FOUND_PREFIX));
    return tail.length > 0 ? ` (${tail.slice(-3).join(' | ')})` : '';
  }
}
