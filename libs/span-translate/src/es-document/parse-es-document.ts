/**
 * The structural reading of a span document's `_source`, shared by both readers (Waymark's
 * exact one and the Jaeger-conventions one): ids normalized, numbers checked, tag lists left raw.
 * Lenient where Jaeger's own reader is (ids of any length up to 32/16 hex digits, missing lists),
 * strict where a span could not be built (no usable ids or times).
 */
export interface EsDocumentParts {
  /** 32 lowercase hex digits (Jaeger's 16-digit form and shorter legacy ids left-padded). */
  readonly traceIdHex: string;
  readonly spanIdHex: string;
  /** Jaeger's deprecated `parentSpanID`, when present. */
  readonly parentSpanIdHex: string | undefined;
  readonly operationName: string;
  readonly flags: number;
  readonly startTime: number;
  readonly duration: number;
  readonly references: readonly { readonly refType: unknown; readonly traceIdHex: string; readonly spanIdHex: string }[];
  readonly tags: readonly unknown[];
  readonly tag: Readonly<Record<string, unknown>> | undefined;
  readonly logs: readonly { readonly timestamp: number; readonly fields: readonly unknown[] }[];
  readonly process: { readonly serviceName: string; readonly tags: readonly unknown[]; readonly tag: Readonly<Record<string, unknown>> | undefined };
  readonly waymark: Readonly<Record<string, unknown>> | undefined;
}

type Json = Readonly<Record<string, unknown>>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const listOf = (value: unknown): readonly unknown[] => (Array.isArray(value) ? value : []);
const objectOf = (value: unknown): Json | undefined => (isObject(value) ? value : undefined);

/** Hex of at most `digits` digits, left-padded; anything else is returned as is, for the id validation to reject. */
function paddedHex(value: unknown, digits: number): string {
  const text = typeof value === 'string' ? value.toLowerCase() : '';
  return /^[0-9a-f]+$/.test(text) && text.length <= digits ? text.padStart(digits, '0') : text;
}

/** A non-negative integer from a JSON number or a decimal string (some tools write longs as strings). */
function integerOf(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : undefined;
}

/** The document's parts, or the reason it cannot be a span. */
export function parseEsDocument(source: unknown): EsDocumentParts | string {
  if (!isObject(source)) return 'span document is not an object';
  const traceIdHex = paddedHex(source['traceID'], 32);
  const spanIdHex = paddedHex(source['spanID'], 16);
  if (traceIdHex.length !== 32 || spanIdHex.length !== 16) return 'span document without a valid traceID and spanID';
  const startTime = integerOf(source['startTime']);
  const duration = integerOf(source['duration'] ?? 0);
  if (startTime === undefined || duration === undefined) return 'span document without a valid startTime and duration';
  const parent = source['parentSpanID'];
  const process = objectOf(source['process']) ?? {};
  const logs = listOf(source['logs']).filter(isObject).map((log) => ({ timestamp: integerOf(log['timestamp']) ?? startTime, fields: listOf(log['fields']) }));
  return {
    traceIdHex,
    spanIdHex,
    parentSpanIdHex: typeof parent === 'string' && parent !== '' ? paddedHex(parent, 16) : undefined,
    operationName: typeof source['operationName'] === 'string' ? source['operationName'] : '',
    flags: integerOf(source['flags']) ?? 0,
    startTime,
    duration,
    references: listOf(source['references'])
      .filter(isObject)
      .map((ref) => ({ refType: ref['refType'], traceIdHex: paddedHex(ref['traceID'], 32), spanIdHex: paddedHex(ref['spanID'], 16) })),
    tags: listOf(source['tags']),
    tag: objectOf(source['tag']),
    logs,
    process: { serviceName: typeof process['serviceName'] === 'string' ? process['serviceName'] : '', tags: listOf(process['tags']), tag: objectOf(process['tag']) },
    waymark: objectOf(source['waymark']),
  };
}
