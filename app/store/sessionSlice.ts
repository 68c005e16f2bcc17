// Which scenario and designs are shown, and where each run stands. Serializable: runs are referred to by id.

import type { StateCreator } from 'zustand';
import type { DesignId } from '@engine';
import type {
  CutRequest,
  ScenarioFieldError,
  ScenarioSource,
} from '@engine/protocol';

export type RunSlot =
  | { readonly kind: 'empty' }
  /** Asked for; nothing of it is shown yet. */
  | { readonly kind: 'running' }
  /** Shown: complete, or still streaming in (`eventCount` so far). */
  | {
      readonly kind: 'ready';
      readonly runId: number;
      readonly eventCount: number;
      readonly complete: boolean;
    }
  | { readonly kind: 'failed'; readonly message: string };

/** Why a scenario the user gave (a file, the ops editor, a shared URL) was not accepted. */
export interface ScenarioRejection {
  /** Where it came from: a file name, "the operations editor", "the link". */
  readonly origin: string;
  readonly errors: readonly ScenarioFieldError[];
}

/** A run on its way: what the progress indicator shows. */
export interface RunProgress {
  readonly side: 'primary' | 'secondary';
  readonly label: string;
  /** Steps and operations received so far, and the operations the scenario has. */
  readonly received: number;
  readonly opsDone: number;
  readonly ops: number;
}

export interface SessionSlice {
  readonly source: ScenarioSource;
  /** The power cut the primary run was asked for (part of the view, so links and reloads keep it). */
  readonly cut: CutRequest | null;
  readonly progress: RunProgress | null;
  readonly variant: DesignId;
  /** The second design in compare view, or null for the single view. */
  readonly compareVariant: DesignId | null;
  readonly primary: RunSlot;
  readonly secondary: RunSlot;
  readonly rejection: ScenarioRejection | null;
  readonly setSession: (
    patch: Partial<
      Pick<
        SessionSlice,
        | 'source'
        | 'cut'
        | 'progress'
        | 'variant'
        | 'compareVariant'
        | 'primary'
        | 'secondary'
        | 'rejection'
      >
    >,
  ) => void;
}

export const DEFAULT_SCENARIO = 'S2';
export const DEFAULT_VARIANT: DesignId = 'srcmap';

export const createSessionSlice: StateCreator<
  SessionSlice,
  [],
  [],
  SessionSlice
> = (set) => ({
  source: { kind: 'builtin', id: DEFAULT_SCENARIO },
  cut: null,
  progress: null,
  variant: DEFAULT_VARIANT,
  compareVariant: null,
  primary: { kind: 'empty' },
  secondary: { kind: 'empty' },
  rejection: null,
  setSession: (patch) => {
    set(patch);
  },
});
