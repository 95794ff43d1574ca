export { SpanWriteError } from './write-error';
export type { SpanWriter, WriteContext } from './span-writer';
export { SpanReadError } from './span-reader';
export type { DependencyLink, DependencyReader, Operation, ReadContext, SpanReader, TimeHint, TraceQuery } from './span-reader';
