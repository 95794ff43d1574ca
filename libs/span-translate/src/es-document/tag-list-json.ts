import type { Attribute } from '@waymark/span-model';
import { attributeValueToString } from '@waymark/span-model';
import type { JaegerTag } from '../jaeger-model/jaeger-view';
import { formatFloat } from './es-tag-value';
import { jsonNumber, jsonString, utf8Extra } from './json-text';
import type { JsonText } from './json-text';
import type { TagsAsFieldsPolicy } from './tags-policy';
import { encodeValue } from './typed-value';

/** What a tag key needs, whatever its value: computed once per key and batch. */
interface KeyInfo {
  /** `"<field name>":` when the policy and the key allow a field (the value's type aside); else undefined. */
  readonly field: string | undefined;
  /** `{"key":"<key>","type":"`: the start of the key's nested form. */
  readonly nested: string;
  /** UTF-8 bytes of `field` and `nested` beyond their length. */
  readonly fieldExtra: number;
  readonly nestedExtra: number;
  /** The number of the tag list in which this key last became a field (a second one stays nested). */
  usedIn: number;
}

const DIGITS = /^\d+$/;

/**
 * The JSON text of one tag list of a span document (the span's tags: nested `tags`, `tag`
 * fields, layout, exact values), written in one pass with exactly the result of `writeTags`
 * (tag-layout.ts) followed by JSON.stringify: the same field-or-nested decisions
 * (`fieldNameFor`, first field of a name wins), the same value texts (`toEsKeyValue`,
 * `toEsFieldValue`), the same layout characters. Tag keys repeat from span to span, so what
 * depends on the key alone (its field name, its quoted forms) is computed once per writer; a
 * writer serves one batch, with one policy.
 */
export class TagListJson {
  /** The nested tags, comma-separated, without brackets. */
  nested = '';
  /** The `tag` fields, comma-separated, without braces; empty when none. */
  fields = '';
  layout = '';
  /** The exact values (typed-value JSON) of array and kvlist attributes, comma-separated. */
  values = '';
  private list = 0;
  private readonly keys = new Map<string, KeyInfo>();

  /** `text` counts the UTF-8 bytes of what is written (see JsonText); the caller resets it. */
  constructor(
    private readonly policy: TagsAsFieldsPolicy,
    private readonly text: JsonText,
  ) {}

  /** Starts a new list. */
  begin(): void {
    this.nested = '';
    this.fields = '';
    this.layout = '';
    this.values = '';
    this.list++;
  }

  /** An attribute: a tag of its own value (attributeToJaegerTag), laid out by its type. */
  attribute({ key, value }: Attribute): void {
    const info = this.info(key);
    switch (value.type) {
      case 'string':
        if (this.takeField(info)) this.field(info, this.text.string(value.value), 'S');
        else this.nest(info, 'string', this.text.string(value.value), 's');
        return;
      case 'bool':
        if (this.takeField(info)) this.field(info, value.value ? 'true' : 'false', 'B');
        else this.nest(info, 'bool', value.value ? '"true"' : '"false"', 'b');
        return;
      case 'int': {
        // Within ±(2^53 − 1) exactly when its nearest double is a safe integer; then that is its value.
        const n = Number(value.value);
        if (Number.isSafeInteger(n) && this.takeField(info)) this.field(info, String(n), 'I');
        else this.nest(info, 'int64', `"${value.value.toString()}"`, 'i');
        return;
      }
      case 'double':
        if (Number.isFinite(value.value) && !Object.is(value.value, -0) && this.takeField(info)) this.field(info, jsonNumber(value.value), 'D');
        else this.nest(info, 'float64', `"${formatFloat(value.value)}"`, 'd');
        return;
      case 'bytes':
        this.nest(info, 'binary', `"${Buffer.from(value.value.buffer, value.value.byteOffset, value.value.byteLength).toString('hex')}"`, 'x');
        return;
      case 'empty':
        this.nest(info, 'string', '""', 'e');
        return;
      case 'array':
      case 'kvlist':
        this.nest(info, 'string', this.text.string(attributeValueToString(value)), value.type === 'array' ? 'a' : 'm');
        this.values += (this.values === '' ? '' : ',') + this.text.json(JSON.stringify(encodeValue(value)));
        return;
    }
  }

  /** A tag derived from another span field (`-` nested, `+` a field). */
  derived(tag: JaegerTag): void {
    const info = this.info(tag.key);
    switch (tag.type) {
      case 'string':
        if (this.takeField(info)) this.field(info, this.text.string(tag.value), '+');
        else this.nest(info, 'string', this.text.string(tag.value), '-');
        return;
      case 'bool':
        if (this.takeField(info)) this.field(info, tag.value ? 'true' : 'false', '+');
        else this.nest(info, 'bool', tag.value ? '"true"' : '"false"', '-');
        return;
      case 'int64': {
        const n = Number(tag.value);
        if (Number.isSafeInteger(n) && this.takeField(info)) this.field(info, String(n), '+');
        else this.nest(info, 'int64', `"${tag.value.toString()}"`, '-');
        return;
      }
      case 'float64':
        if (Number.isFinite(tag.value) && !Object.is(tag.value, -0) && this.takeField(info)) this.field(info, jsonNumber(tag.value), '+');
        else this.nest(info, 'float64', `"${formatFloat(tag.value)}"`, '-');
        return;
      case 'binary':
        this.nest(info, 'binary', `"${Buffer.from(tag.value.buffer, tag.value.byteOffset, tag.value.byteLength).toString('hex')}"`, '-');
        return;
    }
  }

  /** Whether the tag becomes a field: the key allows one and no earlier tag of this list took its name. */
  private takeField(info: KeyInfo): boolean {
    if (info.field === undefined || info.usedIn === this.list) return false;
    info.usedIn = this.list;
    return true;
  }

  private field(info: KeyInfo, valueJson: string, layout: string): void {
    this.fields += (this.fields === '' ? '' : ',') + (info.field as string) + valueJson;
    this.text.extraBytes += info.fieldExtra;
    this.layout += layout;
  }

  private nest(info: KeyInfo, type: string, valueJson: string, layout: string): void {
    this.nested += `${this.nested === '' ? '' : ','}${info.nested}${type}","value":${valueJson}}`;
    this.text.extraBytes += info.nestedExtra;
    this.layout += layout;
  }

  private info(key: string): KeyInfo {
    let info = this.keys.get(key);
    if (info === undefined) {
      const name = this.fieldNameOfKey(key);
      const field = name === undefined ? undefined : `${jsonString(name)}:`;
      const nested = `{"key":${jsonString(key)},"type":"`;
      info = { field, nested, fieldExtra: field === undefined ? 0 : utf8Extra(field), nestedExtra: utf8Extra(nested), usedIn: 0 };
      this.keys.set(key, info);
    }
    return info;
  }

  /** The key-dependent half of `fieldNameFor` (tags-policy.ts); the type-dependent half is in the callers. */
  private fieldNameOfKey(key: string): string | undefined {
    const { policy } = this;
    if (!policy.allAsFields && !policy.include.has(key)) return undefined;
    if (key.trim() === '' || key.includes(policy.dotReplacement)) return undefined;
    const name = key.replaceAll('.', policy.dotReplacement);
    return DIGITS.test(name) ? undefined : name;
  }
}
