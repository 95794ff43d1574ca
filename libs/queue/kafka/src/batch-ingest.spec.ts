import { createLogger } from '@waymark/platform';
import type { Span } from '@waymark/span-model';
import { SpanRejectedError, SpanWriteError } from '@waymark/storage-api';
import type { SpanWriter, WriteContext } from '@waymark/storage-api';
import { makeSpan } from '@waymark/storage-testing';
import { BatchIngestor } from './batch-ingest';
import type { DeadLetter, DeadLetterReason, InboundRecord, IngestObserver, SpanDecoder } from './batch-ingest';

// A stand-in codec (this library may not depend on the OTLP codec): a record is the JSON list
// of its spans' ids; `!` marks an id the decoder rejects; anything not JSON is undecodable.
const byId = new Map<string, Span>();
const encode = (spans: readonly Span[]) => Buffer.from(JSON.stringify(spans.map((span) => span.spanId)));
const decode: SpanDecoder = (bytes) => {
  const ids = JSON.parse(Buffer.from(bytes).toString()) as string[];
  const bad = ids.filter((id) => id.startsWith('!'));
  return { spans: ids.filter((id) => !id.startsWith('!')).map((id) => byId.get(id) as Span), rejected: bad.length, rejections: new Map(bad.length ? [['invalid span id', bad.length]] : []) };
};
const span = (name: string, startMs = 1_700_000_000_000): Span => {
  const made = makeSpan({ name, startMs });
  byId.set(made.spanId, made);
  return made;
};
const record = (offset: number, value: Buffer | string | null, tenant?: string): InboundRecord => ({ partition: 3, offset, key: Buffer.from(`k${offset}`), value: typeof value === 'string' ? Buffer.from(value) : value, tenant });
const recordOf = (offset: number, spans: readonly Span[], tenant?: string) => record(offset, encode(spans), tenant);

/** A writer that answers from a script, one entry per call, then stores everything. */
class ScriptedWriter implements SpanWriter {
  readonly calls: Array<{ spans: string[]; tenant: string | undefined }> = [];
  readonly stored = new Set<string>();
  constructor(private readonly script: Array<(spans: readonly Span[]) => Error | undefined> = []) {}
  async write(spans: readonly Span[], context?: WriteContext): Promise<void> {
    this.calls.push({ spans: spans.map((s) => s.name), tenant: context?.tenant });
    const failure = this.script.shift()?.(spans);
    if (failure instanceof SpanRejectedError) {
      const failed = new Set(failure.failedSpans.map((f) => f.span));
      for (const s of spans) if (!failed.has(s)) this.stored.add(s.name);
    }
    if (failure) throw failure;
    for (const s of spans) this.stored.add(s.name);
  }
}

class Sink {
  readonly letters: DeadLetter[] = [];
  constructor(private failures = 0) {}
  send = async (letters: readonly DeadLetter[]) => {
    if (this.failures-- > 0) throw new Error('dead-letter topic unavailable');
    this.letters.push(...letters);
  };
}

function observer() {
  const seen = { consumed: 0, stored: 0, deadLettered: {} as Partial<Record<DeadLetterReason, number>>, retries: { write: 0, dead_letter: 0 }, blocked: 0, maxBlocked: 0 };
  const o: IngestObserver = {
    spansConsumed: (n) => void (seen.consumed += n),
    spansStored: (n) => void (seen.stored += n),
    deadLettered: (reason, n) => void (seen.deadLettered[reason] = (seen.deadLettered[reason] ?? 0) + n),
    retrying: (what) => void seen.retries[what]++,
    blocked: (b) => {
      seen.blocked += b ? 1 : -1;
      seen.maxBlocked = Math.max(seen.maxBlocked, seen.blocked);
    },
  };
  return { o, seen };
}

function ingestor(writer: SpanWriter, sink: Sink, admit: (span: Span) => string | undefined = () => undefined, window?: { spans: number; concurrent: number }, spy?: SpanDecoder) {
  const { o, seen } = observer();
  const sleeps: number[] = [];
  const ingest = new BatchIngestor({
    writer,
    decode: spy ?? decode,
    encode,
    admit,
    ...(window ? { window } : {}),
    deadLetters: { send: sink.send },
    observer: o,
    logger: createLogger({ service: 'test', level: 'silent' }),
    backoff: { minMs: 100, maxMs: 1000 },
    sleep: async (ms) => void sleeps.push(ms),
  });
  return { ingest, seen, sleeps };
}

const ALWAYS = { active: () => true };

describe('BatchIngestor', () => {
  it('stores every span of every record in one write per tenant and reports the batch done', async () => {
    const [a, b, c] = [span('a'), span('b'), span('c')];
    const writer = new ScriptedWriter();
    const { ingest, seen } = ingestor(writer, new Sink());
    await expect(ingest.ingest('spans', [recordOf(10, [a, b]), recordOf(11, [c], 'acme')], ALWAYS)).resolves.toBe(true);
    expect(writer.calls).toEqual([
      { spans: ['a', 'b'], tenant: undefined },
      { spans: ['c'], tenant: 'acme' },
    ]);
    expect([seen.consumed, seen.stored, seen.deadLettered]).toEqual([3, 3, {}]);
  });

  it('dead-letters an undecodable or empty record with its bytes and stores the records around it', async () => {
    const [a, b] = [span('a'), span('b')];
    const writer = new ScriptedWriter();
    const sink = new Sink();
    const { ingest, seen } = ingestor(writer, sink);
    await expect(ingest.ingest('spans', [recordOf(1, [a]), record(2, 'not a span batch'), record(3, null), recordOf(4, [b])], ALWAYS)).resolves.toBe(true);
    expect([...writer.stored]).toEqual(['a', 'b']);
    expect(sink.letters.map((l) => [l.reason, l.source, l.value.toString(), l.key?.toString(), l.spanCount])).toEqual([
      ['undecodable', { topic: 'spans', partition: 3, offset: 2 }, 'not a span batch', 'k2', 0],
      ['undecodable', { topic: 'spans', partition: 3, offset: 3 }, '', 'k3', 0],
    ]);
    expect(sink.letters[0]?.detail).toMatch(/^not an OTLP ExportTraceServiceRequest: /);
    expect(seen.deadLettered).toEqual({ undecodable: 0 });
  });

  it('stores the valid spans of a record with invalid ones and dead-letters the record as it was', async () => {
    const a = span('a');
    const value = JSON.stringify([a.spanId, '!0000']);
    const writer = new ScriptedWriter();
    const sink = new Sink();
    const { ingest } = ingestor(writer, sink);
    await expect(ingest.ingest('spans', [record(7, value, 'acme')], ALWAYS)).resolves.toBe(true);
    expect([...writer.stored]).toEqual(['a']);
    expect(sink.letters.map((l) => [l.reason, l.value.toString(), l.spanCount, l.tenant])).toEqual([['invalid_spans', value, 1, 'acme']]);
    expect(sink.letters[0]?.detail).toBe("1 span(s) cannot be represented (1 × invalid span id); the record's other 1 span(s) are stored");
  });

  it('dead-letters spans outside the time window, encoded, and stores the rest', async () => {
    const [old, fresh] = [span('old', 0), span('fresh')];
    const writer = new ScriptedWriter();
    const sink = new Sink();
    const { ingest } = ingestor(writer, sink, (s) => (s.name === 'old' ? 'too old' : undefined));
    await expect(ingest.ingest('spans', [recordOf(5, [old, fresh])], ALWAYS)).resolves.toBe(true);
    expect([...writer.stored]).toEqual(['fresh']);
    expect(sink.letters.map((l) => [l.reason, l.detail, decode(l.value).spans.map((s) => s.name)])).toEqual([['outside_window', 'too old', ['old']]]);
  });

  it('dead-letters exactly the spans the store refused, one letter per record, and counts the rest stored', async () => {
    const [a, b, c] = [span('a'), span('b'), span('c')];
    const writer = new ScriptedWriter([
      (spans) =>
        new SpanRejectedError(
          [
            { span: spans[0] as Span, position: 0, reason: 'HTTP 400: mapper_parsing_exception' },
            { span: spans[2] as Span, position: 2, reason: 'HTTP 400: document too large' },
          ],
          1,
        ),
    ]);
    const sink = new Sink();
    const { ingest, seen } = ingestor(writer, sink);
    await expect(ingest.ingest('spans', [recordOf(1, [a, b]), recordOf(2, [c])], ALWAYS)).resolves.toBe(true);
    expect([...writer.stored]).toEqual(['b']);
    expect(sink.letters.map((l) => [l.source.offset, l.reason, l.detail, decode(l.value).spans.map((s) => s.name)])).toEqual([
      [1, 'rejected', 'HTTP 400: mapper_parsing_exception', ['a']],
      [2, 'rejected', 'HTTP 400: document too large', ['c']],
    ]);
    expect([seen.stored, seen.deadLettered]).toEqual([1, { rejected: 2 }]);
  });

  it('waits out an unavailable store with growing backoff and stores the same spans once it answers', async () => {
    const a = span('a');
    const unavailable = () => new SpanWriteError('elasticsearch: connection refused', true);
    const writer = new ScriptedWriter([unavailable, unavailable, unavailable, unavailable, unavailable]);
    const { ingest, seen, sleeps } = ingestor(writer, new Sink());
    await expect(ingest.ingest('spans', [recordOf(1, [a])], ALWAYS)).resolves.toBe(true);
    expect(writer.calls).toHaveLength(6);
    expect([...writer.stored]).toEqual(['a']);
    // 100, 200, 400, 800, 1000 ms (capped), each slept in slices of at most 250 ms.
    expect(sleeps.reduce((sum, ms) => sum + ms, 0)).toBe(2500);
    expect(Math.max(...sleeps)).toBeLessThanOrEqual(250);
    expect([seen.retries.write, seen.maxBlocked, seen.blocked]).toEqual([5, 1, 0]);
  });

  it('gives up without dead-lettering anything when the batch stops being active while the store is down', async () => {
    const a = span('a');
    const writer = new ScriptedWriter(Array.from({ length: 100 }, () => () => new Error('socket hang up')));
    const sink = new Sink();
    let checks = 0;
    const { ingest, seen } = ingestor(writer, sink);
    await expect(ingest.ingest('spans', [recordOf(1, [a])], { active: () => ++checks < 5 })).resolves.toBe(false);
    expect(writer.stored.size).toBe(0);
    expect(sink.letters).toEqual([]);
    expect(seen.blocked).toBe(0);
  });

  it('finishes a write already in progress when the consumer stops meanwhile', async () => {
    const a = span('a');
    let active = true;
    const writer: SpanWriter = {
      write: async () => {
        active = false; // the stop arrives while Elasticsearch is answering
      },
    };
    const { ingest, seen } = ingestor(writer, new Sink());
    await expect(ingest.ingest('spans', [recordOf(1, [a])], { active: () => active })).resolves.toBe(true);
    expect(seen.stored).toBe(1);
  });

  it('retries the dead-letter topic until it acknowledges; the batch is done only then', async () => {
    const writer = new ScriptedWriter();
    const sink = new Sink(2);
    const { ingest, seen } = ingestor(writer, sink);
    await expect(ingest.ingest('spans', [record(1, 'garbage')], ALWAYS)).resolves.toBe(true);
    expect(sink.letters).toHaveLength(1);
    expect([seen.retries.dead_letter, seen.blocked]).toEqual([2, 0]);
  });

  it('dead-letters every span of a call the writer refuses as a whole for good', async () => {
    const [a, b] = [span('a'), span('b')];
    const writer = new ScriptedWriter([() => new SpanWriteError('span encodes to 2 MB, more than the limit', false)]);
    const sink = new Sink();
    const { ingest } = ingestor(writer, sink);
    await expect(ingest.ingest('spans', [recordOf(1, [a, b])], ALWAYS)).resolves.toBe(true);
    expect(sink.letters.map((l) => [l.reason, l.spanCount, l.detail])).toEqual([['rejected', 2, 'span encodes to 2 MB, more than the limit']]);
  });

  describe('in windows', () => {
    /** A writer whose writes wait until `release` is called; logs decodes and writes in order. */
    function gatedWriter(log: string[]) {
      const pending: Array<() => void> = [];
      const writer: SpanWriter = {
        write: async (spans) => {
          log.push(`write ${spans.map((s) => s.name).join('')}`);
          await new Promise<void>((resolve) => pending.push(resolve));
        },
      };
      const spy: SpanDecoder = (bytes) => {
        const decoded = decode(bytes);
        log.push(`decode ${decoded.spans.map((s) => s.name).join('')}`);
        return decoded;
      };
      const release = () => pending.shift()?.();
      return { writer, spy, release, pending };
    }
    const settle = () => new Promise((resolve) => setImmediate(resolve));

    it('decodes whole records a window at a time, just before writing them, never ahead of the gate', async () => {
      const log: string[] = [];
      const { writer, spy, release } = gatedWriter(log);
      const { ingest, seen } = ingestor(writer, new Sink(), undefined, { spans: 4, concurrent: 1 }, spy);
      // Records of 2, 2, 3 and 1 spans: windows [ab cd] (4), [efg] (2 + 3 > 4 after cd), [h].
      const records = [recordOf(1, [span('a'), span('b')]), recordOf(2, [span('c'), span('d')]), recordOf(3, [span('e'), span('f'), span('g')]), recordOf(4, [span('h')])];
      const done = ingest.ingest('spans', records, ALWAYS);
      await settle();
      expect(log).toEqual(['decode ab', 'decode cd', 'write abcd']);
      release();
      await settle();
      expect(log.slice(3)).toEqual(['decode efg', 'write efg']);
      release();
      await settle();
      release();
      await expect(done).resolves.toBe(true);
      expect(log.slice(5)).toEqual(['decode h', 'write h']);
      expect([seen.consumed, seen.stored]).toEqual([8, 8]);
    });

    it('bounds the windows decoded and not stored over every batch in progress', async () => {
      const log: string[] = [];
      const { writer, spy, release, pending } = gatedWriter(log);
      const { ingest } = ingestor(writer, new Sink(), undefined, { spans: 1, concurrent: 2 }, spy);
      const batches = ['ab', 'cd', 'ef'].map((names, i) => ingest.ingest('spans', [...names].map((name, j) => recordOf(10 * i + j, [span(name)])), ALWAYS));
      await settle();
      expect(pending).toHaveLength(2);
      expect(log).toEqual(['decode a', 'write a', 'decode c', 'write c']);
      for (let i = 0; i < 4; i++) {
        release();
        await settle();
        expect(pending.length).toBeLessThanOrEqual(2);
      }
      release();
      release();
      await expect(Promise.all(batches)).resolves.toEqual([true, true, true]);
      expect(log.filter((entry) => entry.startsWith('write'))).toHaveLength(6);
    });

    it('gives up its place while it waits out a backoff, so other batches go on', async () => {
      const unavailable = () => new SpanWriteError('elasticsearch: connection refused', true);
      const writer = new ScriptedWriter([(spans) => (spans[0]?.name === 'a' ? unavailable() : undefined)]);
      let resume: () => void = () => undefined;
      const { o } = observer();
      const ingest = new BatchIngestor({
        writer,
        decode,
        encode,
        admit: () => undefined,
        deadLetters: { send: new Sink().send },
        observer: o,
        logger: createLogger({ service: 'test', level: 'silent' }),
        backoff: { minMs: 100, maxMs: 100 },
        window: { spans: 10, concurrent: 1 },
        sleep: () => new Promise<void>((resolve) => (resume = resolve)),
      });
      const first = ingest.ingest('spans', [recordOf(1, [span('a')])], ALWAYS);
      await settle();
      // The first batch sleeps after a refused write; the second takes the only place meanwhile.
      await expect(ingest.ingest('spans', [recordOf(2, [span('b')])], ALWAYS)).resolves.toBe(true);
      resume();
      await expect(first).resolves.toBe(true);
      expect(writer.calls.map((call) => call.spans)).toEqual([['a'], ['b'], ['a']]);
    });

    it('sends the dead letters of every window once, after the last window is stored', async () => {
      const sink = new Sink();
      const sent: number[] = [];
      const send = sink.send;
      sink.send = async (letters) => {
        sent.push(letters.length);
        await send(letters);
      };
      const writer = new ScriptedWriter();
      const { ingest } = ingestor(writer, sink, (s) => (s.name.startsWith('old') ? 'too old' : undefined), { spans: 1, concurrent: 1 });
      await expect(ingest.ingest('spans', [recordOf(1, [span('old1'), span('a')]), recordOf(2, [span('old2'), span('b')])], ALWAYS)).resolves.toBe(true);
      expect(writer.calls.map((call) => call.spans)).toEqual([['a'], ['b']]);
      expect(sent).toEqual([2]);
      expect(sink.letters.map((l) => l.source.offset)).toEqual([1, 2]);
    });

    it('stops between windows once the batch is no longer active, writing and dead-lettering nothing more', async () => {
      const sink = new Sink();
      const writer = new ScriptedWriter();
      let active = true;
      const stopAfterFirst: SpanWriter = {
        write: async (spans, context) => {
          await writer.write(spans, context);
          active = false;
        },
      };
      const stopping = ingestor(stopAfterFirst, sink, (s) => (s.name === 'old' ? 'too old' : undefined), { spans: 1, concurrent: 1 }).ingest;
      await expect(stopping.ingest('spans', [recordOf(1, [span('old'), span('a')]), recordOf(2, [span('b')])], { active: () => active })).resolves.toBe(false);
      expect(writer.calls.map((call) => call.spans)).toEqual([['a']]);
      expect(sink.letters).toEqual([]);
    });
  });
});
