import type { estypes } from '@elastic/elasticsearch';

/**
 * Exact tag matches in Elasticsearch span documents of every layout. Tag keys and values are
 * data: they only ever appear as `term` values or literal field names, never in `regexp`,
 * `wildcard`, `query_string` or any other query with a syntax (Jaeger sends values as regular
 * expressions, so `@`, `#`, `<…>`, `&`, `~` act as operators: jaeger#9382, #5290). Keyword fields
 * keep at most 256 characters indexed (`ignore_above`), so longer values cannot be searched.
 */

type Query = estypes.QueryDslQueryContainer;

/** The nested lists of `{key, value}` tags: span tags, process tags, log fields. */
export const NESTED_TAG_PATHS = ['tags', 'process.tags', 'logs.fields'] as const;

const nestedKeyValue = (path: string, key: string, value: string): Query => ({
  nested: { path, query: { bool: { filter: [{ term: { [`${path}.key`]: key } }, { term: { [`${path}.value`]: value } }] } } },
});

/**
 * The `tag.<name>` field a writer would use for `key` (`.` replaced), or undefined when no
 * writer makes one: an empty key, or a key holding the replacement itself (`a@b` must not match
 * the field of `a.b`; such keys are always nested).
 */
export function tagFieldName(key: string, dotReplacement: string): string | undefined {
  if (key.trim() === '' || key.includes(dotReplacement)) return undefined;
  return key.replaceAll('.', dotReplacement);
}

/**
 * One document matches `key = value` when any of these holds: the span's tag field
 * `tag.<key'>` or the process's `process.tag.<key'>` (tags as fields, Waymark's default and
 * Jaeger's option), a nested `tags` / `process.tags` / `logs.fields` entry (Jaeger's default),
 * or, for `service.name`, the process's service name (the resource attribute lives there only).
 */
export function tagMatch(key: string, value: string, dotReplacement: string): Query {
  const field = tagFieldName(key, dotReplacement);
  const should: Query[] = [];
  if (field !== undefined) should.push({ term: { [`tag.${field}`]: value } }, { term: { [`process.tag.${field}`]: value } });
  for (const path of NESTED_TAG_PATHS) should.push(nestedKeyValue(path, key, value));
  if (key === 'service.name') should.push({ term: { 'process.serviceName': value } });
  return { bool: { should, minimum_should_match: 1 } };
}

/** A span tag (not process or log) `key = value`, both layouts: for `span.kind`. */
export function spanTagMatch(key: string, value: string, dotReplacement: string): Query {
  const field = tagFieldName(key, dotReplacement);
  const should: Query[] = [nestedKeyValue('tags', key, value)];
  if (field !== undefined) should.push({ term: { [`tag.${field}`]: value } });
  return { bool: { should, minimum_should_match: 1 } };
}

/** A span that has a span tag `key` at all, with any value, in either layout. */
export function spanTagExists(key: string, dotReplacement: string): Query {
  const field = tagFieldName(key, dotReplacement);
  const should: Query[] = [{ nested: { path: 'tags', query: { term: { 'tags.key': key } } } }];
  if (field !== undefined) should.push({ exists: { field: `tag.${field}` } });
  return { bool: { should, minimum_should_match: 1 } };
}
