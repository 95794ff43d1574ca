import { infraScript } from './local-infra';

/** Stops only what global setup started. */
// Jest loads global setup and teardown through a default export.
// eslint-disable-next-line no-restricted-syntax
export default async function globalTeardown(): Promise<void> {
  const state = globalThis.__WAYMARK_INFRA__;
  if (!state) return;
  await Promise.allSettled(state.stopContainers.map((stop) => stop()));
  if (state.stopLocal) await infraScript('down', undefined, true);
}
