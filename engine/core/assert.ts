// Invariant failures. A broken invariant is a bug in the engine, never a simulated error: it throws.

export class InvariantError extends Error {
  override readonly name = 'InvariantError';
}
