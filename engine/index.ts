// The engine's public entry: the only module the app imports (besides the worker protocol).

export { DEFAULT_IMAGE_BYTES } from './disk/format/image.ts';
export type { Errno, ErrnoError } from './core/errno.ts';
export { formatSize, shortSize } from './core/units.ts';
export { MAX_SCENARIO_TEXT_BYTES } from './core/limits.ts';

export { createSimulation } from './sim/simulation.ts';
export { describeOp } from './sim/describeOp.ts';
export type {
  OpOutcome,
  Simulation,
  SimulationConfig,
} from './sim/simulation.ts';

export type {
  EventBase,
  IoDir,
  StepEvent,
  StepEventKind,
} from './trace/events.ts';
export { PG, TABLE_NAMES } from './trace/records.ts';
export type {
  CountersRec,
  ExtentItemRec,
  FileExtentRec,
  InodeRec,
  IomapRec,
  IoRangeRec,
  IterRec,
  OpResultRec,
  OrderedRec,
  PageFlagName,
  PageRec,
  RecordChange,
  SpaceRec,
  SpaceKind,
  ProfileName,
  BlockGroupRec,
  DeviceRec,
  TicketRec,
  FlushRec,
  FlushStateName,
  BlockRsvRec,
  XfsExtentRec,
  XfsInodeRec,
  XfsRefcountRec,
  XfsSpaceRec,
  TableName,
  TableTypes,
} from './trace/records.ts';
export {
  DATA_FLUSH_STATES,
  METADATA_FLUSH_STATES,
} from './btrfs/space/flushStates.ts';
export {
  applyEvent,
  cloneState,
  emptyState,
  stateToJson,
  undoEvent,
} from './trace/reducer.ts';
export type { ReducedState, Tables } from './trace/reducer.ts';
export { Timeline } from './trace/timeline.ts';
// The byte rules the UI's bytes view shows values by: a file's initial fill and a write's pattern.
export { fillByte } from './scenario/initialContent.ts';
export { patternByte } from './iomap/userBuffer.ts';
export { pageKey } from './pagecache/page.ts';
export { chromeTrace } from './trace/chromeTrace.ts';
export type {
  ChromeTrace,
  ChromeTraceEvent,
  TraceRun,
} from './trace/chromeTrace.ts';

export { EXTENT, bitNames } from './btrfs/ioTreeBits.ts';
export type { ExtentBitName } from './btrfs/ioTreeBits.ts';

export {
  DESIGN_IDS,
  designFilesystem,
  FALLOC_MODES,
  VARIANT_IDS,
} from './scenario/types.ts';
export type {
  Op,
  OpSpec,
  Scenario,
  ScenarioSpec,
  VariantId,
  DesignId,
  FilesystemId,
} from './scenario/types.ts';
export { BUILTIN_SCENARIOS, findBuiltin } from './scenario/library/index.ts';
export { XFS_SCENARIOS } from './scenario/library/xfsScenarios.ts';
export { createXfsSimulation } from './sim/xfsSimulation.ts';
export type { XfsSimulation } from './sim/xfsSimulation.ts';
export {
  formatScenarioErrors,
  parseScenarioJson,
  validateScenario,
} from './scenario/validate.ts';
export type {
  ScenarioFieldError,
  ValidationResult,
} from './scenario/validate.ts';
export { VARIANTS } from './variants/registry.ts';
export { DESIGNS } from './variants/catalog.ts';
export type { DesignWords } from './variants/catalog.ts';
export type { Variant } from './variants/variant.ts';
