import { makeSpan, randomSpanId } from '@waymark/storage-testing';
import { RootSpanCounter } from './root-span-counter';

describe('RootSpanCounter', () => {
  it('counts spans without a parent per service and operation, whatever their tags', () => {
    const counter = new RootSpanCounter(100);
    const roots = counter.record([
      makeSpan({ service: 'cart', name: 'GET /cart' }),
      makeSpan({ service: 'cart', name: 'GET /cart', attributes: { 'jaeger.sampler.type': 'probabilistic' } }),
      makeSpan({ service: 'cart', name: 'GET /cart', parentSpanId: randomSpanId() }),
      makeSpan({ service: 'pay', name: 'POST /pay' }),
    ]);
    expect(roots).toBe(3);
    expect(counter.drain()).toEqual({
      throughput: [
        { service: 'cart', operation: 'GET /cart', count: 2 },
        { service: 'pay', operation: 'POST /pay', count: 1 },
      ],
      overflow: 0,
      tenanted: 0,
    });
    expect(counter.drain()).toEqual({ throughput: [], overflow: 0, tenanted: 0 });
  });

  it('keeps at most maxOperations pairs per interval and counts the rest as overflow', () => {
    const counter = new RootSpanCounter(2);
    counter.record(['a', 'b', 'c', 'a', 'c'].map((name) => makeSpan({ service: 's', name })));
    expect(counter.drain()).toEqual({
      throughput: [
        { service: 's', operation: 'a', count: 2 },
        { service: 's', operation: 'b', count: 1 },
      ],
      overflow: 2,
      tenanted: 0,
    });
  });

  it('does not count a tenant\'s root spans: another tenant\'s service of the same name must not move its probability', () => {
    const counter = new RootSpanCounter(100);
    expect(counter.record([makeSpan({ service: 'checkout', name: 'pay' }), makeSpan({ service: 'checkout', name: 'pay', parentSpanId: randomSpanId() })], 'tenant-b')).toBe(0);
    expect(counter.record([makeSpan({ service: 'checkout', name: 'pay' })])).toBe(1);
    expect(counter.drain()).toEqual({ throughput: [{ service: 'checkout', operation: 'pay', count: 1 }], overflow: 0, tenanted: 1 });
  });
});
