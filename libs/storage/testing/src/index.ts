export { attributesArb, attributeValueArb, resourceArb, scopeArb, spanArb, spanBatchArb, spanIdArb, traceIdArb } from './span-arbitraries';
export { makeSpan, randomSpanId, randomTraceId, resourceFor } from './span-factory';
export type { SpanSpec } from './span-factory';
export { describeStorageConformance } from './conformance';
export type { StorageUnderTest } from './conformance';
export { describeSamplingStoreConformance } from './sampling-store-conformance';
