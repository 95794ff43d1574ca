import { Buffer, isUtf8 } from 'node:buffer';
import type { TruncateLimits } from '../sanitize/truncate-sanitizer';
import { OtlpProtoBatch, varintLength, writeVarint } from './otlp-proto-batch';
import type { ScannedResource, ScannedScope } from './otlp-proto-batch';
import { WireReader } from './wire-reader';

/**
 * What the collector would otherwise check or repair on decoded spans (decoder + sanitizers):
 * a request passes the scan only if none of it would apply.
 */
export interface OtlpScanRules {
  readonly maxAnyValueDepth: number;
  readonly limits?: TruncateLimits;
  /** The time window of `createTimeWindowSanitizer`, at `nowMs`. */
  readonly window?: { readonly maxFutureMs: number; readonly maxPastMs: number; readonly nowMs: number };
  /**
   * String attributes added to every resource that lacks their key (the collector's tags), after
   * the resource's own attributes, as the collector's pipeline adds them to decoded spans.
   */
  readonly resourceTags?: ReadonlyArray<{ readonly key: string; readonly value: string }>;
}

/** Thrown inside the scan when the request needs the full path; never escapes `scanOtlpProto`. */
const NOT_CLEAN = new Error('not clean');
function notClean(): never {
  throw NOT_CLEAN;
}

const SERVICE_NAME = Buffer.from('service.name');
const WARNINGS_KEY = Buffer.from('waymark.warnings');

/** Per-request state of the scan. */
interface Scan {
  readonly r: WireReader;
  readonly rules: OtlpScanRules;
  /** Time bounds in nanoseconds as [high 32 bits, low 32 bits]: spans must start at or after `earliest` and start and end at or before `latest`. */
  readonly earliest?: readonly [number, number];
  readonly latest?: readonly [number, number];
  readonly roots: Array<readonly [string, string]>;
  spans: number;
}

/**
 * Scans an OTLP `ExportTraceServiceRequest` in protobuf without decoding it, for the collector's
 * fast path. Returns an `OtlpProtoBatch` only when the full path (decodeOtlpProto, then the
 * sanitizers with these rules) would accept every span as it is: ids valid, parent absent or
 * valid, kind and status known, no `waymark.warnings` attribute, strings valid UTF-8, values no
 * deeper than `maxAnyValueDepth`, a non-empty span name, end not before start, times inside the
 * window, no limit exceeded, exactly one non-empty string `service.name` per resource, a resource
 * and a scope at most once each. Returns undefined for anything else, malformed bytes included:
 * the caller then takes the full path, which repairs, rejects or refuses as it always does.
 * Conservative on purpose (string limits are checked on UTF-8 bytes, which are never fewer than
 * UTF-16 units): undefined costs a decode, a wrong batch would bypass a sanitizer.
 */
export function scanOtlpProto(bytes: Uint8Array, rules: OtlpScanRules): OtlpProtoBatch | undefined {
  const r = new WireReader(bytes);
  const scan: Scan = { r, rules, ...windowBounds(rules.window), roots: [], spans: 0 };
  const resources: ScannedResource[] = [];
  try {
    while (r.pos < r.limit) {
      const tag = r.tag();
      if (tag === 0x0a) resources.push(scanResourceSpans(scan));
      else r.skip(tag & 7);
    }
  } catch {
    return undefined; // not clean, or malformed (the full decoder then says how)
  }
  return new OtlpProtoBatch(r.buf, resources, scan.spans, scan.roots, rules.maxAnyValueDepth);
}

function windowBounds(window: OtlpScanRules['window']): { earliest?: readonly [number, number]; latest?: readonly [number, number] } {
  if (window === undefined) return {};
  const now = BigInt(Math.trunc(window.nowMs)) * 1_000_000n;
  const split = (nanos: bigint): readonly [number, number] => {
    const clamped = nanos < 0n ? 0n : nanos > 0xffffffffffffffffn ? 0xffffffffffffffffn : nanos;
    return [Number(clamped >> 32n), Number(clamped & 0xffffffffn)];
  };
  return { earliest: split(now - BigInt(Math.trunc(window.maxPastMs)) * 1_000_000n), latest: split(now + BigInt(Math.trunc(window.maxFutureMs)) * 1_000_000n) };
}

/** a < b for [high, low] pairs. */
const before = (aHi: number, aLo: number, b: readonly [number, number]) => aHi < b[0] || (aHi === b[0] && aLo < b[1]);
const after = (aHi: number, aLo: number, b: readonly [number, number]) => aHi > b[0] || (aHi === b[0] && aLo > b[1]);

function scanResourceSpans(scan: Scan): ScannedResource {
  const { r } = scan;
  const saved = r.enter(r.length());
  const first = r.pos;
  const header: number[] = [];
  let resource: ScannedAttributes | undefined;
  let resourceAt = -1;
  let contentAt = -1;
  // The resource first (protobuf fields may come in any order): its service name labels the roots.
  while (r.pos < r.limit) {
    const start = r.pos;
    const tag = r.tag();
    if (tag === 0x12) {
      r.skip(2);
      continue;
    }
    if (tag === 0x0a) {
      if (resource !== undefined) notClean();
      resourceAt = header.length;
      resource = scanResource(scan);
      contentAt = resource.contentAt;
    } else if (tag === 0x1a) scanString(scan);
    else r.skip(tag & 7);
    header.push(start, r.pos);
  }
  if (resource === undefined) notClean();
  const { serviceName } = resource;
  const scopes: ScannedScope[] = [];
  r.pos = first;
  while (r.pos < r.limit) {
    const tag = r.tag();
    if (tag === 0x12) scopes.push(scanScopeSpans(scan, serviceName));
    else r.skip(tag & 7);
  }
  r.leave(saved);
  return { header, scopes, resourceAt, contentAt, extra: missingTags(scan.rules.resourceTags, resource.keys) };
}

/** What `scanResource` learns of a Resource. */
interface ScannedAttributes {
  readonly serviceName: string;
  readonly contentAt: number;
  /** Its attribute keys, when the rules have tags to add (to know which are missing). */
  readonly keys: Set<string> | undefined;
}

/** A Resource: its attributes checked; its one non-empty string service.name. */
function scanResource(scan: Scan): ScannedAttributes {
  const { r } = scan;
  const saved = r.enter(r.length());
  const contentAt = r.pos;
  const keys = scan.rules.resourceTags?.length ? new Set<string>() : undefined;
  let serviceName: string | undefined;
  while (r.pos < r.limit) {
    const tag = r.tag();
    if (tag === 0x0a) {
      const name = scanKeyValue(scan, undefined, true, keys);
      if (name !== undefined) {
        if (serviceName !== undefined) notClean();
        serviceName = name;
      }
    } else if (tag === 0x10) r.uint32();
    else r.skip(tag & 7);
  }
  r.leave(saved);
  if (serviceName === undefined || serviceName === '') notClean();
  return { serviceName, contentAt, keys };
}

/** The KeyValue fields (Resource field 1) of the tags whose keys the resource lacks; undefined when none. */
function missingTags(tags: OtlpScanRules['resourceTags'], keys: Set<string> | undefined): Buffer | undefined {
  if (!tags || keys === undefined) return undefined;
  const fields: Buffer[] = [];
  for (const { key, value } of tags) {
    if (keys.has(key)) continue;
    const keyValue = Buffer.concat([lengthDelimited(0x0a, Buffer.from(key)), lengthDelimited(0x12, lengthDelimited(0x0a, Buffer.from(value)))]);
    fields.push(lengthDelimited(0x0a, keyValue));
  }
  return fields.length === 0 ? undefined : Buffer.concat(fields);
}

function lengthDelimited(tag: number, content: Buffer): Buffer {
  const head = Buffer.allocUnsafe(1 + varintLength(content.length));
  head[0] = tag;
  writeVarint(head, 1, content.length);
  return Buffer.concat([head, content]);
}

function scanScopeSpans(scan: Scan, serviceName: string): ScannedScope {
  const { r } = scan;
  const saved = r.enter(r.length());
  const header: number[] = [];
  const spans: number[] = [];
  let scopes = 0;
  while (r.pos < r.limit) {
    const start = r.pos;
    const tag = r.tag();
    if (tag === 0x12) {
      scanSpan(scan, serviceName, start, spans);
      continue;
    }
    if (tag === 0x0a) {
      if (++scopes > 1) notClean();
      scanScope(scan);
    } else if (tag === 0x1a) scanString(scan);
    else r.skip(tag & 7);
    header.push(start, r.pos);
  }
  r.leave(saved);
  return { header, spans };
}

function scanScope(scan: Scan): void {
  const { r } = scan;
  const saved = r.enter(r.length());
  while (r.pos < r.limit) {
    const tag = r.tag();
    if (tag === 0x0a || tag === 0x12) scanString(scan);
    else if (tag === 0x1a) scanKeyValue(scan, undefined, false);
    else if (tag === 0x20) r.uint32();
    else r.skip(tag & 7);
  }
  r.leave(saved);
}

/** One Span field (from its tag at `fieldStart`): checked, and recorded as [start, end, trace id offset]. */
function scanSpan(scan: Scan, serviceName: string, fieldStart: number, out: number[]): void {
  const { r, rules } = scan;
  const limits = rules.limits;
  const saved = r.enter(r.length());
  let traceAt = -1;
  let spanOk = false;
  let parent = 0; // 0 none, 1 valid, -1 all-zero (a root, silently)
  let nameStart = 0;
  let nameEnd = 0;
  let startHi = 0;
  let startLo = 0;
  let endHi = 0;
  let endLo = 0;
  let attributes = 0;
  let events = 0;
  let links = 0;
  let statuses = 0;
  while (r.pos < r.limit) {
    const tag = r.tag();
    switch (tag) {
      case 0x0a: {
        const length = r.length();
        traceAt = length === 16 && !allZero(r.buf, r.pos, 16) ? r.pos : -1;
        r.pos += length;
        break;
      }
      case 0x12: {
        const length = r.length();
        spanOk = length === 8 && !allZero(r.buf, r.pos, 8);
        r.pos += length;
        break;
      }
      case 0x1a:
        scanString(scan);
        break;
      case 0x22: {
        const length = r.length();
        if (length === 0) parent = 0;
        else if (length === 8) parent = allZero(r.buf, r.pos, 8) ? -1 : 1;
        else notClean();
        r.pos += length;
        break;
      }
      case 0x2a:
        [nameStart, nameEnd] = scanStringRange(scan);
        break;
      case 0x30:
        if (r.uint32() > 5) notClean();
        break;
      case 0x39:
        startLo = r.buf.readUInt32LE(fixedAt(r, 8));
        startHi = r.buf.readUInt32LE(r.pos - 4);
        break;
      case 0x41:
        endLo = r.buf.readUInt32LE(fixedAt(r, 8));
        endHi = r.buf.readUInt32LE(r.pos - 4);
        break;
      case 0x4a:
        attributes++;
        scanKeyValue(scan, limits?.maxAttributeValueLength, false);
        break;
      case 0x50:
      case 0x60:
      case 0x70:
        r.uint32();
        break;
      case 0x5a:
        events++;
        scanEvent(scan);
        break;
      case 0x6a:
        links++;
        scanLink(scan);
        break;
      case 0x7a:
        if (++statuses > 1) notClean();
        scanStatus(scan);
        break;
      case 0x85:
        fixedAt(r, 4);
        break;
      default:
        // A known field with another wire type is "unknown" to the decoder: leave it to the full path.
        if (tag >>> 3 <= 16) notClean();
        r.skip(tag & 7);
    }
  }
  r.leave(saved);
  if (traceAt < 0 || !spanOk || nameEnd === nameStart) notClean();
  if (before(endHi, endLo, [startHi, startLo])) notClean();
  if (scan.earliest && before(startHi, startLo, scan.earliest)) notClean();
  if (scan.latest && (after(startHi, startLo, scan.latest) || after(endHi, endLo, scan.latest))) notClean();
  if (limits) {
    if (attributes > (limits.maxAttributes ?? Infinity) || events > (limits.maxEvents ?? Infinity) || links > (limits.maxLinks ?? Infinity)) notClean();
  }
  if (parent !== 1) scan.roots.push([serviceName, r.buf.toString('utf8', nameStart, nameEnd)]);
  scan.spans++;
  out.push(fieldStart, r.pos, traceAt);
}

function scanEvent(scan: Scan): void {
  const { r, rules } = scan;
  const saved = r.enter(r.length());
  let attributes = 0;
  while (r.pos < r.limit) {
    const tag = r.tag();
    if (tag === 0x09) fixedAt(r, 8);
    else if (tag === 0x12) scanString(scan);
    else if (tag === 0x1a) {
      attributes++;
      scanKeyValue(scan, rules.limits?.maxAttributeValueLength, false);
    } else if (tag === 0x20) r.uint32();
    else if (tag >>> 3 <= 4) notClean();
    else r.skip(tag & 7);
  }
  r.leave(saved);
  if (attributes > (rules.limits?.maxAttributesPerEvent ?? Infinity)) notClean();
}

function scanLink(scan: Scan): void {
  const { r, rules } = scan;
  const saved = r.enter(r.length());
  let traceOk = false;
  let spanOk = false;
  let attributes = 0;
  while (r.pos < r.limit) {
    const tag = r.tag();
    if (tag === 0x0a || tag === 0x12) {
      const length = r.length();
      const ok = length === (tag === 0x0a ? 16 : 8) && !allZero(r.buf, r.pos, length);
      if (tag === 0x0a) traceOk = ok;
      else spanOk = ok;
      r.pos += length;
    } else if (tag === 0x1a) scanString(scan);
    else if (tag === 0x22) {
      attributes++;
      scanKeyValue(scan, rules.limits?.maxAttributeValueLength, false);
    } else if (tag === 0x28) r.uint32();
    else if (tag === 0x35) fixedAt(r, 4);
    else if (tag >>> 3 <= 6) notClean();
    else r.skip(tag & 7);
  }
  r.leave(saved);
  if (!traceOk || !spanOk || attributes > (rules.limits?.maxAttributesPerLink ?? Infinity)) notClean();
}

function scanStatus(scan: Scan): void {
  const { r } = scan;
  const saved = r.enter(r.length());
  while (r.pos < r.limit) {
    const tag = r.tag();
    if (tag === 0x12) scanString(scan);
    else if (tag === 0x18) {
      if (r.uint32() > 2) notClean();
    } else if (tag >>> 3 <= 3) notClean();
    else r.skip(tag & 7);
  }
  r.leave(saved);
}

/**
 * A KeyValue: key and value checked (`maxLength` caps string and bytes values, nested ones
 * included). A `waymark.warnings` key is not clean. With `serviceName`, returns the value when
 * the key is `service.name` (not clean unless it is a non-empty string).
 */
function scanKeyValue(scan: Scan, maxLength: number | undefined, serviceName: boolean, keys?: Set<string>): string | undefined {
  return scanKeyValueAt(scan, 1, maxLength, serviceName, keys);
}

/** `keys`: collects the key (decoded) of this KeyValue. */
function scanKeyValueAt(scan: Scan, depth: number, maxLength: number | undefined, serviceName: boolean, keys?: Set<string>): string | undefined {
  const { r } = scan;
  const saved = r.enter(r.length());
  let isService = false;
  let values = 0;
  let keyFields = 0;
  let stringStart = -1;
  let stringEnd = -1;
  while (r.pos < r.limit) {
    const tag = r.tag();
    if (tag === 0x0a) {
      if (++keyFields > 1) notClean();
      const [start, end] = scanStringRange(scan);
      if (depth === 1 && equalBytes(r.buf, start, end, WARNINGS_KEY)) notClean();
      isService = serviceName && equalBytes(r.buf, start, end, SERVICE_NAME);
      keys?.add(r.buf.toString('utf8', start, end));
    } else if (tag === 0x12) {
      values++;
      [stringStart, stringEnd] = scanAnyValue(scan, depth, maxLength);
    } else if (tag >>> 3 <= 2) notClean();
    else r.skip(tag & 7);
  }
  r.leave(saved);
  if (!isService) return undefined;
  if (values !== 1 || stringStart < 0 || stringEnd === stringStart) notClean();
  return r.buf.toString('utf8', stringStart, stringEnd);
}

/** An AnyValue; returns the range of its string when it is exactly one string, else [-1, -1]. */
function scanAnyValue(scan: Scan, depth: number, maxLength: number | undefined): [number, number] {
  const { r, rules } = scan;
  if (depth > rules.maxAnyValueDepth) notClean();
  const saved = r.enter(r.length());
  let fields = 0;
  let range: [number, number] = [-1, -1];
  while (r.pos < r.limit) {
    const tag = r.tag();
    fields++;
    switch (tag) {
      case 0x0a: {
        range = scanStringRange(scan);
        if (maxLength !== undefined && range[1] - range[0] > maxLength) notClean();
        break;
      }
      case 0x10:
      case 0x18:
        r.skip(0); // the decoder's bool() and int64() take the same varints
        break;
      case 0x21:
        fixedAt(r, 8);
        break;
      case 0x2a:
      case 0x32:
        scanList(scan, tag === 0x32, depth, maxLength);
        break;
      case 0x3a: {
        const length = r.length();
        if (maxLength !== undefined && length > maxLength) notClean();
        r.pos += length;
        break;
      }
      default:
        if (tag >>> 3 <= 7) notClean();
        r.skip(tag & 7);
        fields--;
    }
  }
  r.leave(saved);
  return fields === 1 ? range : [-1, -1];
}

function scanList(scan: Scan, keyValues: boolean, depth: number, maxLength: number | undefined): void {
  const { r } = scan;
  const saved = r.enter(r.length());
  while (r.pos < r.limit) {
    const tag = r.tag();
    if (tag === 0x0a) {
      if (keyValues) scanKeyValueAt(scan, depth + 1, maxLength, false);
      else scanAnyValue(scan, depth + 1, maxLength);
    } else if (tag >>> 3 === 1) notClean();
    else r.skip(tag & 7);
  }
  r.leave(saved);
}

function scanString(scan: Scan): void {
  scanStringRange(scan);
}

/** A length-delimited string field's content range; not clean unless valid UTF-8. */
function scanStringRange(scan: Scan): [number, number] {
  const { r } = scan;
  const length = r.length();
  const start = r.pos;
  const end = start + length;
  const buf = r.buf;
  for (let i = start; i < end; i++) {
    if ((buf[i] as number) >= 0x80) {
      if (!isUtf8(buf.subarray(start, end))) notClean();
      break;
    }
  }
  r.pos = end;
  return [start, end];
}

/** Skips a fixed-width field of `width` bytes; returns where it starts. */
function fixedAt(r: WireReader, width: number): number {
  const at = r.pos;
  if (at + width > r.limit) r.fail(`truncated fixed${width * 8}`);
  r.pos = at + width;
  return at;
}

function allZero(buf: Buffer, at: number, length: number): boolean {
  for (let i = at; i < at + length; i++) if (buf[i] !== 0) return false;
  return true;
}

function equalBytes(buf: Buffer, start: number, end: number, expected: Buffer): boolean {
  if (end - start !== expected.length) return false;
  for (let i = 0; i < expected.length; i++) if (buf[start + i] !== expected[i]) return false;
  return true;
}
