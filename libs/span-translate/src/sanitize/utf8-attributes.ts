import { attributeValueToString, bytesValue, stringValue } from '@waymark/span-model';
import type { Attribute, AttributeValue } from '@waymark/span-model';
import { isWellFormed, originalBytes, toWellFormed } from './lossless-utf8';

/** What a UTF-8 repair did, for the span's warning. */
export interface Utf8Notes {
  /** Where invalid text was replaced, e.g. `span name`, `attribute key`. */
  readonly places: Set<string>;
  /** The attributes that now hold original bytes. */
  readonly kept: string[];
}

export const newNotes = (): Utf8Notes => ({ places: new Set(), kept: [] });

/** A bytes attribute holding the exact bytes a string was decoded from. */
export function originalAttribute(key: string, text: string, notes: Utf8Notes): Attribute {
  notes.kept.push(key);
  return { key, value: bytesValue(originalBytes(text)) };
}

/** The string, or its U+FFFD repair; `place` is noted when repaired. */
export function repairText(text: string, place: string, notes: Utf8Notes): string {
  if (isWellFormed(text)) return text;
  notes.places.add(place);
  return toWellFormed(text);
}

/** The value with every nested string repaired; the same object when nothing needed it. */
export function repairValue(value: AttributeValue): AttributeValue {
  switch (value.type) {
    case 'string':
      return isWellFormed(value.value) ? value : stringValue(toWellFormed(value.value));
    case 'array': {
      const items = value.value.map(repairValue);
      return items.every((item, i) => item === value.value[i]) ? value : { type: 'array', value: items };
    }
    case 'kvlist': {
      const items = value.value.map((kv) => ({ key: isWellFormed(kv.key) ? kv.key : toWellFormed(kv.key), value: repairValue(kv.value) }));
      return items.every((kv, i) => kv.key === value.value[i]?.key && kv.value === value.value[i]?.value) ? value : { type: 'kvlist', value: items };
    }
    default:
      return value;
  }
}

/**
 * Attributes with invalid UTF-8 repaired (U+FFFD), the same array when all were valid. Following
 * Jaeger v2, the originals are kept as bytes attributes appended to the list:
 * - an invalid key → `invalid-tag-key-N` holding `key:value` (the attribute stays, under the repaired key);
 * - an invalid top-level string value → `invalid-tag-value-N` holding `key:value`;
 * - strings nested in arrays and maps are repaired in place without a copy of the original.
 */
export function repairAttributes(attributes: readonly Attribute[], where: string, notes: Utf8Notes): readonly Attribute[] {
  let out: Attribute[] | undefined;
  const originals: Attribute[] = [];
  attributes.forEach((attribute, index) => {
    const keyValid = isWellFormed(attribute.key);
    const value = repairValue(attribute.value);
    if (keyValid && value === attribute.value) {
      out?.push(attribute);
      return;
    }
    out ??= attributes.slice(0, index);
    const original = `${attribute.key}:${attribute.value.type === 'string' ? attribute.value.value : attributeValueToString(attribute.value)}`;
    if (!keyValid) {
      notes.places.add(`${where} key`);
      originals.push(originalAttribute(`invalid-tag-key-${originals.length + 1}`, original, notes));
    } else if (attribute.value.type === 'string') {
      notes.places.add(`${where} value`);
      originals.push(originalAttribute(`invalid-tag-value-${originals.length + 1}`, original, notes));
    } else {
      notes.places.add(`nested ${where} value`);
    }
    out.push({ key: keyValid ? attribute.key : toWellFormed(attribute.key), value });
  });
  return out ? [...out, ...originals] : attributes;
}
