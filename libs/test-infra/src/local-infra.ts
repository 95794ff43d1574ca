import { execFile } from 'node:child_process';
import { join } from 'node:path';

/** The services deploy/local/infra.sh manages. */
export type InfraService = 'kafka' | 'es';

const SCRIPT = join(__dirname, '..', '..', '..', 'deploy', 'local', 'infra.sh');

/**
 * Runs `deploy/local/infra.sh <command> [service]`: the real Kafka and Elasticsearch JVMs the
 * project starts from Maven Central artifacts. Resolves with the exit code; the script's output
 * goes to this process's stderr so a slow first download is visible.
 */
export function infraScript(command: 'up' | 'down' | 'status', service?: InfraService, quiet = false): Promise<number> {
  return new Promise((resolve) => {
    const child = execFile('bash', [SCRIPT, command, ...(service ? [service] : [])], { maxBuffer: 16 * 1024 * 1024 }, (error) => {
      resolve(error ? (typeof error.code === 'number' ? error.code : 1) : 0);
    });
    if (!quiet) child.stderr?.pipe(process.stderr);
  });
}
