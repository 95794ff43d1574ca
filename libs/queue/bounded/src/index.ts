export { GroupCommit } from './group-commit';
export type { GroupCommitOptions } from './group-commit';
export { BoundedSpanQueue } from './bounded-span-queue';
export type { BoundedQueueLimits, BoundedSpanQueueOptions } from './bounded-span-queue';
export { estimateSpansBytes } from './span-size';
