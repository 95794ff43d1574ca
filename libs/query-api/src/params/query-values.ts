/** A query-string value as fastify hands it over: absent, once, or repeated. */
export type QueryValue = string | readonly string[] | undefined;

/** The first value, as Go's `FormValue`; '' counts as absent. */
export function single(value: QueryValue): string | undefined {
  const first = typeof value === 'string' ? value : value?.[0];
  return first === undefined || first === '' ? undefined : first;
}

/** Every value of a repeatable parameter, empty ones left out. */
export function every(value: QueryValue): string[] {
  if (value === undefined) return [];
  return (typeof value === 'string' ? [value] : [...value]).filter((item) => item !== '');
}

/** The first of several accepted spellings of one parameter that is present (e.g. v3's snake and camel case). */
export function firstOf(query: Readonly<Record<string, QueryValue>>, names: readonly string[]): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = single(query[name]);
    if (value !== undefined) return { name, value };
  }
  return undefined;
}
