/**
 * An error caused by the user's input or environment (bad flag, unreadable video, missing Docker).
 * Entry points print only its message, on one line, and exit non-zero; any other error is a bug.
 */
export class UserError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UserError';
  }
}

/** One line suitable for stderr: the message of a UserError, or a short description of anything else. */
export function describeError(error: unknown): string {
  if (error instanceof UserError) return error.message;
  if (error instanceof Error) return `${error.name === 'Error' ? 'error' : error.name}: ${error.message.split('\n')[0]}`;
  return String(error);
}
