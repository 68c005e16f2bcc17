// Small field readers shared by the scenario validators: each checks one value, reports a precise
// { path, message } error when it is wrong, and returns null for a value it could not accept.

import { parseSize } from '../disk/format/image.ts';
import { formatSize } from '../core/units.ts';

/** One problem: where (`ops[2].offset`, `files[0].extents[1].length`) and what is wrong there. */
export interface ScenarioFieldError {
  readonly path: string;
  readonly message: string;
}

export type Rec = Readonly<Record<string, unknown>>;

/** Collects every error; readers never stop at the first. */
export class Report {
  readonly errors: ScenarioFieldError[] = [];
  add(path: string, message: string): null {
    this.errors.push({ path, message });
    return null;
  }
}

export function record(
  r: Report,
  v: unknown,
  path: string,
  kind: string,
  allowed: readonly string[],
): Rec | null {
  if (!isRecord(v))
    return r.add(
      path || '(root)',
      `must be an object (a ${kind}), got ${show(v)}`,
    );
  for (const key of Object.keys(v))
    if (!allowed.includes(key))
      r.add(
        join(path, key),
        `not a ${kind} field (expected one of: ${allowed.join(', ')})`,
      );
  return v;
}

export function list(
  r: Report,
  v: unknown,
  path: string,
  what: string,
): readonly unknown[] | null {
  if (v === undefined) return r.add(path, 'is required');
  return Array.isArray(v)
    ? (v as readonly unknown[])
    : r.add(path, `must be an array of ${what}, got ${show(v)}`);
}

export function str(r: Report, v: unknown, path: string): string | null {
  if (v === undefined) return r.add(path, 'is required');
  if (typeof v !== 'string' || v.trim() === '')
    return r.add(path, `must be a non-empty string, got ${show(v)}`);
  return v;
}

export function bool(r: Report, v: unknown, path: string): boolean | null {
  return typeof v === 'boolean'
    ? v
    : r.add(path, `must be true or false, got ${show(v)}`);
}

/** A SizeSpec: a non-negative safe integer, or a size string parsed by parseSize ("4K", "16M"). */
export function size(r: Report, v: unknown, path: string): number | null {
  if (v === undefined) return r.add(path, 'is required');
  if (typeof v === 'number')
    return Number.isSafeInteger(v) && v >= 0
      ? v
      : r.add(path, `must be a non-negative integer, got ${show(v)}`);
  if (typeof v === 'string')
    return (
      parseSize(v) ??
      r.add(path, `${show(v)} is not a size (try a byte count, "4K" or "16M")`)
    );
  return r.add(
    path,
    `must be a byte count or a size string like "4K", got ${show(v)}`,
  );
}

export function sizeOr(
  r: Report,
  rec: Rec,
  key: string,
  path: string,
  fallback: number,
): number | null {
  const v = rec[key];
  return v === undefined ? fallback : size(r, v, join(path, key));
}

export function aligned(
  r: Report,
  n: number | null,
  path: string,
  unit: number | null,
  unitName = 'sector size',
): number | null {
  if (n === null || unit === null || n % unit === 0) return n;
  return r.add(
    path,
    `must be a multiple of the ${unitName} (${bytes(unit)}), got ${bytes(n)}`,
  );
}

/** A FillSpec or PatternSpec: the named default, or `{ byte }` with an integer 0..255. */
export function byteOr<D extends string>(
  r: Report,
  v: unknown,
  path: string,
  fallback: D,
): D | { readonly byte: number } | null {
  if (v === undefined || v === fallback) return fallback;
  if (!isRecord(v))
    return r.add(
      path,
      `must be ${show(fallback)} or { "byte": 0..255 }, got ${show(v)}`,
    );
  const rec = record(r, v, path, 'byte value', ['byte']);
  if (rec === null) return null;
  const b = rec.byte;
  if (typeof b !== 'number' || !Number.isInteger(b) || b < 0 || b > 255)
    return r.add(
      join(path, 'byte'),
      `must be an integer from 0 to 255, got ${show(b)}`,
    );
  return { byte: b };
}

export function isRecord(v: unknown): v is Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `path.key`, or `path["key"]` for a key that would not read as one (empty, spaces, dots, brackets). */
export function join(path: string, key: string): string {
  if (!/^[A-Za-z_$][\w$-]*$/.test(key))
    return `${path}[${JSON.stringify(key)}]`;
  return path === '' ? key : `${path}.${key}`;
}

/** Characters of a string an error message quotes; a longer one is cut there and its length given. */
const MAX_SHOWN = 60;

/** A value as an error message quotes it: strings in quotes (clipped), containers by kind. */
export function show(v: unknown): string {
  switch (typeof v) {
    case 'undefined':
      return 'nothing';
    case 'string':
      return v.length > MAX_SHOWN
        ? `${JSON.stringify(v.slice(0, MAX_SHOWN))}... (${String(v.length)} characters)`
        : JSON.stringify(v);
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(v);
    case 'object':
      return v === null ? 'null' : Array.isArray(v) ? 'an array' : 'an object';
    case 'symbol':
    case 'function':
      return `a ${typeof v}`;
  }
}

/** "16 KiB" when that is exact, else "1000 bytes"; zero is "0". */
export function bytes(n: number): string {
  if (n === 0) return '0';
  const text = formatSize(n);
  return n >= 1024 && parseSize(text) === n ? text : `${String(n)} bytes`;
}
