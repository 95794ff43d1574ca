import type { Attribute, AttributeType, AttributeValue } from '@waymark/span-model';
import type { JaegerTag } from '../jaeger-model/jaeger-view';
import type { EsFieldValue, EsKeyValue } from './es-span-document';
import { parseEsField, parseEsKeyValue, tagToAttributeValue, toEsFieldValue, toEsKeyValue } from './es-tag-value';
import { fieldNameFor } from './tags-policy';
import type { TagsAsFieldsPolicy } from './tags-policy';
import { decodeValue, encodeValue, ExtrasMismatch } from './typed-value';
import type { TypedValue } from './typed-value';

/**
 * Writes a tag list into Jaeger's nested list and tag fields and records its layout (see
 * waymark-extras.ts for the layout characters), and reads it back exactly.
 */

/** One entry of a tag list: an attribute, a tag derived from another field, or the `service.name` that `process.serviceName` holds. */
export type TagSlot =
  | { readonly kind: 'attribute'; readonly value: AttributeValue; readonly tag: JaegerTag }
  | { readonly kind: 'derived'; readonly tag: JaegerTag }
  | { readonly kind: 'service-name' };

export interface WrittenTags {
  readonly nested: EsKeyValue[];
  readonly fields: Record<string, EsFieldValue> | undefined;
  readonly layout: string;
  /** Exact values of the array and kvlist attributes, in order. */
  readonly values: TypedValue[];
}

const TYPE_CHARS: Readonly<Record<AttributeType, string>> = { string: 's', bool: 'b', int: 'i', double: 'd', bytes: 'x', array: 'a', kvlist: 'm', empty: 'e' };
/** Only attributes whose Jaeger tag is their own value may be fields: arrays, maps and empty values stay nested. */
const FIELD_TYPES: ReadonlySet<AttributeType> = new Set(['string', 'bool', 'int', 'double']);

/** Without a policy (log fields, which Jaeger always nests) every tag is nested. */
export function writeTags(slots: readonly TagSlot[], policy: TagsAsFieldsPolicy | undefined): WrittenTags {
  const nested: EsKeyValue[] = [];
  const fields = new Map<string, EsFieldValue>();
  const values: TypedValue[] = [];
  let layout = '';
  for (const slot of slots) {
    if (slot.kind === 'service-name') {
      layout += '*';
      continue;
    }
    const fieldable = policy !== undefined && (slot.kind === 'derived' || FIELD_TYPES.has(slot.value.type));
    const name = fieldable ? fieldNameFor(policy, slot.tag) : undefined;
    const asField = name !== undefined && !fields.has(name);
    if (asField) fields.set(name, toEsFieldValue(slot.tag));
    else nested.push(toEsKeyValue(slot.tag));
    if (slot.kind === 'derived') {
      layout += asField ? '+' : '-';
    } else {
      const char = TYPE_CHARS[slot.value.type];
      layout += asField ? char.toUpperCase() : char;
      if (slot.value.type === 'array' || slot.value.type === 'kvlist') values.push(encodeValue(slot.value));
    }
  }
  // fromEntries defines own properties, so even a key like `__proto__` stays a plain field.
  return { nested, fields: fields.size > 0 ? Object.fromEntries(fields) : undefined, layout, values };
}

export interface StoredTags {
  readonly layout: string;
  readonly nested: readonly unknown[];
  readonly fields: Readonly<Record<string, unknown>> | undefined;
  readonly values: readonly unknown[];
  readonly dotReplacement: string;
  /** What a `*` stands for. */
  readonly serviceName: string;
}

export interface ReadTags {
  readonly attributes: Attribute[];
  /** The `-`/`+` tags, in order, for the caller to decode into their fields. */
  readonly derived: JaegerTag[];
}

/** The tag list back, exactly; throws {@link ExtrasMismatch} when the stored tags do not fit the layout. */
export function readTags(stored: StoredTags): ReadTags {
  const fieldEntries = stored.fields ? Object.entries(stored.fields) : [];
  let nestedAt = 0;
  let fieldAt = 0;
  let valueAt = 0;
  const nextNested = (): JaegerTag => {
    const parsed = parseEsKeyValue(stored.nested[nestedAt++]);
    if (!parsed || parsed.problem !== undefined) throw new ExtrasMismatch(parsed?.problem ?? 'layout expects another nested tag');
    return parsed.tag;
  };
  const nextField = (): JaegerTag => {
    const entry = fieldEntries[fieldAt++];
    const parsed = entry && parseEsField(entry[0], entry[1], stored.dotReplacement);
    if (!parsed || parsed.problem !== undefined) throw new ExtrasMismatch(parsed?.problem ?? 'layout expects another field tag');
    return parsed.tag;
  };
  const attributes: Attribute[] = [];
  const derived: JaegerTag[] = [];
  for (const char of stored.layout) {
    if (char === '*') attributes.push({ key: 'service.name', value: { type: 'string', value: stored.serviceName } });
    else if (char === '-') derived.push(nextNested());
    else if (char === '+') derived.push(nextField());
    else {
      const tag = char === char.toLowerCase() ? nextNested() : nextField();
      const value = attributeOf(char.toLowerCase(), tag, () => stored.values[valueAt++]);
      attributes.push({ key: tag.key, value });
    }
  }
  if (nestedAt !== stored.nested.length || fieldAt !== fieldEntries.length || valueAt !== stored.values.length) {
    throw new ExtrasMismatch('layout does not account for every stored tag');
  }
  return { attributes, derived };
}

function attributeOf(char: string, tag: JaegerTag, nextValue: () => unknown): AttributeValue {
  const plain = tagToAttributeValue(tag);
  switch (char) {
    case 's':
    case 'b':
    case 'i':
    case 'x':
      if (TYPE_CHARS[plain.type] === char) return plain;
      break;
    case 'd':
      // A double written as a field reads back as an int when integral (JSON has no 2.0).
      if (tag.type === 'float64') return plain;
      if (tag.type === 'int64') return { type: 'double', value: Number(tag.value) };
      break;
    case 'a':
    case 'm': {
      const value = decodeValue(nextValue());
      if (tag.type === 'string' && TYPE_CHARS[value.type] === char) return value;
      break;
    }
    case 'e':
      if (tag.type === 'string' && tag.value === '') return { type: 'empty' };
      break;
  }
  throw new ExtrasMismatch(`tag '${tag.key}' of type ${tag.type} does not fit layout '${char}'`);
}
