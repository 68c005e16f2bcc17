// The editable JSON form of the scenario on screen: a built-in's spec, or the inline JSON that was run.

import { findBuiltin } from '@engine';
import type { ScenarioSource } from '@engine/protocol';

export type SpecObject = Record<string, unknown>;

export function specOf(source: ScenarioSource): SpecObject | null {
  if (source.kind === 'builtin') {
    const spec = findBuiltin(source.id);
    return spec === undefined
      ? null
      : (JSON.parse(JSON.stringify(spec)) as SpecObject);
  }
  try {
    const parsed: unknown = JSON.parse(source.json);
    return typeof parsed === 'object' && parsed !== null
      ? (parsed as SpecObject)
      : null;
  } catch {
    return null;
  }
}

/** The spec with a new id suffix (never doubled) and new operations. */
export function derive(
  spec: SpecObject,
  suffix: string,
  ops: readonly unknown[],
): SpecObject {
  const id = typeof spec.id === 'string' ? spec.id : 'custom';
  return { ...spec, id: id.endsWith(suffix) ? id : `${id}${suffix}`, ops };
}
