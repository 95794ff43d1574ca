import { appMain } from '@waymark/platform';
import { loadAllInOneConfig } from './config';
import { createAllInOne } from './all-in-one';

// The human-readable start-up block goes to a terminal only; piped or in a container, the
// same addresses are in the JSON log line "Waymark all-in-one is running".
const announce = process.stdout.isTTY ? (text: string) => void process.stdout.write(text) : undefined;

void appMain(process.env, { service: 'all-in-one', loadConfig: loadAllInOneConfig, create: (config) => createAllInOne(config, announce ? { announce } : {}) }).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`all-in-one: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
