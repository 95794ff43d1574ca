import type { Attribute, AttributeValue } from '@waymark/span-model';

/**
 * A working copy of a span's tags from which the translators take the reserved ones
 * (`span.kind`, `otel.status_code`, …) before the rest become attributes. Taking a key removes
 * its first occurrence only: a duplicated reserved tag leaves its other copies as attributes, so
 * nothing the client sent disappears.
 */
export class TagBag {
  private readonly items: Attribute[];

  constructor(tags: readonly Attribute[]) {
    this.items = [...tags];
  }

  get size(): number {
    return this.items.length;
  }

  get(key: string): AttributeValue | undefined {
    return this.items.find((item) => item.key === key)?.value;
  }

  getString(key: string): string | undefined {
    const value = this.get(key);
    return value?.type === 'string' ? value.value : undefined;
  }

  remove(key: string): void {
    const index = this.items.findIndex((item) => item.key === key);
    if (index >= 0) this.items.splice(index, 1);
  }

  /** Removes and returns the first value of `key`, whatever its type. */
  take(key: string): AttributeValue | undefined {
    const index = this.items.findIndex((item) => item.key === key);
    if (index < 0) return undefined;
    const [item] = this.items.splice(index, 1);
    return item?.value;
  }

  /** Removes and returns the first value of `key` only when it is a string; other types stay as attributes. */
  takeString(key: string): string | undefined {
    const index = this.items.findIndex((item) => item.key === key);
    const item = this.items[index];
    if (item?.value.type !== 'string') return undefined;
    this.items.splice(index, 1);
    return item.value.value;
  }

  /** Removes the first `key` when `accept` maps its value to a result; returns that result. */
  takeIf<T>(key: string, accept: (value: AttributeValue) => T | undefined): T | undefined {
    const index = this.items.findIndex((item) => item.key === key);
    const item = this.items[index];
    if (!item) return undefined;
    const result = accept(item.value);
    if (result !== undefined) this.items.splice(index, 1);
    return result;
  }

  toArray(): Attribute[] {
    return this.items;
  }
}
