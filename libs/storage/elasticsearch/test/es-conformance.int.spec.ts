import { describeStorageConformance } from '@waymark/storage-testing';
import { createEsTestStore } from './es-test-store';
import type { EsTestStore } from './es-test-store';

// The shared storage contract, against the real Elasticsearch node: templates installed under a
// unique prefix, refresh as the flush, the prefix's indices and templates deleted afterwards.
let store: EsTestStore | undefined;

describeStorageConformance(
  'elasticsearch',
  async () => {
    // No reuse of dependency answers: the suite asks the same window again after writing more.
    store = await createEsTestStore('es-conf', { ES_DEPENDENCIES_CACHE_TTL: '0' });
    return { writer: store.writer, reader: store.reader, dependencies: store.reader, flush: store.flush };
  },
  async () => {
    await store?.cleanup();
  },
);
