import { appMain } from '@waymark/platform';
import { loadSamplingManagerConfig } from './config';
import { createSamplingManager } from './sampling-manager';

void appMain(process.env, { service: 'sampling-manager', loadConfig: loadSamplingManagerConfig, create: createSamplingManager }).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`sampling-manager: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
