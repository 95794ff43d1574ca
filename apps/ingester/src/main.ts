import { appMain } from '@waymark/platform';
import { loadIngesterConfig } from './config';
import { createIngester } from './ingester';

void appMain(process.env, { service: 'ingester', loadConfig: loadIngesterConfig, create: createIngester }).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`ingester: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
