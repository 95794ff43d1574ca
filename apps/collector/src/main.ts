import { appMain } from '@waymark/platform';
import { loadCollectorConfig } from './config';
import { createCollector } from './collector';

void appMain(process.env, { service: 'collector', loadConfig: loadCollectorConfig, create: createCollector }).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`collector: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
