import { appMain } from '@waymark/platform';
import { loadQueryConfig } from './config';
import { createQuery } from './query';

void appMain(process.env, { service: 'query', loadConfig: loadQueryConfig, create: createQuery }).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`query: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
