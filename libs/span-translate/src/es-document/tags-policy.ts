import type { JaegerTag } from '../jaeger-model/jaeger-view';

/**
 * Which tags a span document writes as fields (`tag.<key>`, `process.tag.<key>`: one keyword
 * field each, searchable without a nested query) and which stay in the nested `tags` lists (one
 * hidden Lucene document per tag). Jaeger's flags `es.tags-as-fields.{all,include,dot-replacement}`.
 */
export interface TagsAsFieldsPolicy {
  /** Every eligible tag as a field (`es.tags-as-fields.all`). */
  readonly allAsFields: boolean;
  /** Tag keys written as fields when `allAsFields` is off (`es.tags-as-fields.include`). */
  readonly include: ReadonlySet<string>;
  /** Replaces `.` in field names, so `http.method` does not become an object path. */
  readonly dotReplacement: string;
}

/** Jaeger's `es.tags-as-fields.dot-replacement` default. */
export const DEFAULT_DOT_REPLACEMENT = '@';

/**
 * Waymark's default: every scalar tag as a field. The mapping caps the number of fields
 * (`index.mapping.total_fields.limit`) and, beyond it, keeps new keys in `_source` unindexed
 * instead of rejecting the document (see mappings.ts).
 */
export const WAYMARK_TAGS_POLICY: TagsAsFieldsPolicy = Object.freeze({ allAsFields: true, include: new Set<string>(), dotReplacement: DEFAULT_DOT_REPLACEMENT });

/** Jaeger's default: every tag nested. */
export const JAEGER_TAGS_POLICY: TagsAsFieldsPolicy = Object.freeze({ allAsFields: false, include: new Set<string>(), dotReplacement: DEFAULT_DOT_REPLACEMENT });

/** A usable dot replacement: a non-empty string without `.` (else field names would not read back). */
export const isDotReplacement = (value: unknown): value is string => typeof value === 'string' && value !== '' && !value.includes('.');

/** Why the policy cannot be used, or undefined when it can. */
export function tagsPolicyProblem(policy: TagsAsFieldsPolicy): string | undefined {
  return isDotReplacement(policy.dotReplacement) ? undefined : `dot replacement must be non-empty and contain no '.': '${policy.dotReplacement}'`;
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/**
 * The field name for a tag the policy selects, or undefined when it must stay nested. Beyond
 * the policy, a tag stays nested when a field could not give it back exactly or could break the
 * document:
 * - binary (Jaeger does the same);
 * - an int64 beyond ±(2^53 − 1), which a JSON number would round;
 * - a float64 that is NaN, ±Infinity (JSON cannot carry them: jaeger#6200 lost whole spans so)
 *   or −0; nested, they are strings typed `float64`;
 * - an empty or whitespace-only key (ES rejects such field names), a key that contains the dot
 *   replacement (it would read back with a `.`), or an all-digit field name (JSON objects list
 *   integer-like keys first, which would lose the tags' order).
 * Whether a field of the same name is already taken is the caller's check.
 */
export function fieldNameFor(policy: TagsAsFieldsPolicy, tag: JaegerTag): string | undefined {
  if (!policy.allAsFields && !policy.include.has(tag.key)) return undefined;
  if (tag.type === 'binary') return undefined;
  if (tag.type === 'int64' && (tag.value > MAX_SAFE || tag.value < -MAX_SAFE)) return undefined;
  if (tag.type === 'float64' && (!Number.isFinite(tag.value) || Object.is(tag.value, -0))) return undefined;
  if (tag.key.trim() === '' || tag.key.includes(policy.dotReplacement)) return undefined;
  const name = tag.key.replaceAll('.', policy.dotReplacement);
  return /^\d+$/.test(name) ? undefined : name;
}
