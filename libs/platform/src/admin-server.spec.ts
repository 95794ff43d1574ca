import { Writable } from 'node:stream';
import { createAdminServer } from './admin-server';
import { createLogger } from './logger';
import { createMetricsRegistry } from './metrics';

const silent = createLogger({ service: 'test', level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });

describe('admin server', () => {
  it('serves liveness, readiness with reasons, and Prometheus metrics', async () => {
    let kafkaUp = false;
    const registry = createMetricsRegistry({ service: 'test' });
    const admin = createAdminServer({ host: '127.0.0.1', port: 0, registry, logger: silent, now: () => 1_700_000_000_000, readiness: { kafka: () => { if (!kafkaUp) throw new Error('no broker'); } } });

    const health = await admin.fastify.inject({ url: '/health' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toMatchObject({ status: 'Server available', upSince: '2023-11-14T22:13:20.000Z' });

    const notReady = await admin.fastify.inject({ url: '/ready' });
    expect([notReady.statusCode, notReady.json()]).toEqual([503, { status: 'not ready', failures: { kafka: 'no broker' } }]);
    kafkaUp = true;
    expect((await admin.fastify.inject({ url: '/ready' })).statusCode).toBe(200);

    admin.markDraining();
    expect((await admin.fastify.inject({ url: '/ready' })).json()).toEqual({ status: 'not ready', failures: { process: 'shutting down' } });
    expect((await admin.fastify.inject({ url: '/health' })).statusCode).toBe(200);

    const metrics = await admin.fastify.inject({ url: '/metrics' });
    expect(metrics.headers['content-type']).toContain('text/plain');
    expect(metrics.body).toContain('process_cpu_seconds_total{service="test"}');
    await admin.stop();
  });

  it('with an intake gate: starting until it starts, draining from its stop, which runs its hooks', async () => {
    const admin = createAdminServer({ host: '127.0.0.1', port: 0, registry: createMetricsRegistry(), logger: silent });
    const calls: string[] = [];
    const gate = admin.intakeGate({ onStart: () => void calls.push('start'), onStop: () => void calls.push('stop') });
    expect((await admin.fastify.inject({ url: '/ready' })).json()).toEqual({ status: 'not ready', failures: { process: 'starting' } });
    await gate.start();
    expect((await admin.fastify.inject({ url: '/ready' })).statusCode).toBe(200);
    await gate.stop();
    expect((await admin.fastify.inject({ url: '/ready' })).json()).toEqual({ status: 'not ready', failures: { process: 'shutting down' } });
    expect(calls).toEqual(['start', 'stop']);
  });

  it('listens on a real port and reports the one it bound', async () => {
    const admin = createAdminServer({ host: '127.0.0.1', port: 0, registry: createMetricsRegistry(), logger: silent });
    await admin.start();
    const response = await fetch(`http://127.0.0.1:${admin.port}/health`);
    expect(response.status).toBe(200);
    await admin.stop();
  });
});
