export { MemoryStore } from './memory-store';
export type { MemoryStoreOptions, MemoryStoreStats } from './memory-store';
