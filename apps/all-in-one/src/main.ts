import { appMain } from '@waymark/platform';
import { loadAllInOneConfig } from './config';
import { createAllInOne } from './all-in-one';

void appMain(process.env, { service: 'all-in-one', loadConfig: loadAllInOneConfig, create: createAllInOne }).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`all-in-one: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
