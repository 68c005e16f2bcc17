// How CLI commands report: a usage error (exit 2), an operation error (exit 1), or output (exit 0).

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: Io = {
  out: (text) => {
    process.stdout.write(`${text}\n`);
  },
  err: (text) => {
    process.stderr.write(`${text}\n`);
  },
};
