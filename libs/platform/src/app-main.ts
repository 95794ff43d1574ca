import { ConfigError } from './config';
import type { Env } from './config';
import { runUntilSignalled } from './run-app';
import type { RunnableApp } from './run-app';

export interface AppMainOptions<C> {
  readonly service: string;
  readonly loadConfig: (env: Env) => C;
  readonly create: (config: C) => RunnableApp | Promise<RunnableApp>;
}

/**
 * What every `main.ts` does: parse the environment into a validated config (a bad value stops
 * the process with a message naming the variable), build the app, run it until a signal, and
 * return the exit code for main.ts to exit with.
 */
export async function appMain<C>(env: Env, options: AppMainOptions<C>, stderr: NodeJS.WritableStream = process.stderr): Promise<number> {
  let config: C;
  try {
    config = options.loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      stderr.write(`${options.service}: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  return runUntilSignalled(await options.create(config));
}
