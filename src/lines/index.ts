// lines/: byte chunks → bounded lines → parsed tracing events (ANSI stripped, multi-line messages joined).

export { createEventAssembler, type EventAssembler, type EventAssemblerOptions } from './event-assembler.js';
export { createLineSplitter, type LineSplitter, type LineSplitterOptions } from './line-splitter.js';
export {
  createLinePlanner, planDetached, plannedEnd, plannedKind, plannedLocation, plannedResume, plannedRun, plannedStart, PLAN_LEVELS,
  PLAN_OTHER, PLAN_QUIET, tallyRun, type LinePlan, type LinePlanner, type QuietTest,
} from './line-plan.js';
export { viewOfBytes } from './header-templates.js';
export type { HeaderLocation } from './parse-header-bytes.js';
export { parseTracingLine, type ParsedLine } from './parse-tracing-line.js';
export { stripAnsi } from './strip-ansi.js';
export type { Level, LogEvent, RawMessage } from './types.js';
