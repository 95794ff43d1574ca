export { MemoryStore } from './memory-store';
export type { MemoryStoreOptions, MemoryStoreStats } from './memory-store';
export { MemorySamplingStore } from './memory-sampling-store';
export type { MemorySamplingStoreOptions } from './memory-sampling-store';
