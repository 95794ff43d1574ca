/**
 * Typed attribute values, as OTLP's AnyValue defines them. 64-bit integers are bigints so no
 * value above 2^53 loses precision; doubles may be NaN or ±Infinity, which storage adapters
 * must write as strings.
 */
export type AttributeValue =
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'bool'; readonly value: boolean }
  | { readonly type: 'int'; readonly value: bigint }
  | { readonly type: 'double'; readonly value: number }
  | { readonly type: 'bytes'; readonly value: Uint8Array }
  | { readonly type: 'array'; readonly value: readonly AttributeValue[] }
  | { readonly type: 'kvlist'; readonly value: readonly Attribute[] }
  /** OTLP's AnyValue with no value set. */
  | { readonly type: 'empty' };

export type AttributeType = AttributeValue['type'];

export interface Attribute {
  readonly key: string;
  readonly value: AttributeValue;
}

export const stringValue = (value: string): AttributeValue => ({ type: 'string', value });
export const boolValue = (value: boolean): AttributeValue => ({ type: 'bool', value });
export const intValue = (value: bigint | number): AttributeValue => ({ type: 'int', value: BigInt(value) });
export const doubleValue = (value: number): AttributeValue => ({ type: 'double', value });
export const bytesValue = (value: Uint8Array): AttributeValue => ({ type: 'bytes', value });

export const attr = (key: string, value: AttributeValue): Attribute => ({ key, value });

/** The first attribute with this key, or undefined. */
export function findAttribute(attributes: readonly Attribute[], key: string): AttributeValue | undefined {
  for (const attribute of attributes) if (attribute.key === key) return attribute.value;
  return undefined;
}

/** The value of a string attribute, or undefined when absent or of another type. */
export function findString(attributes: readonly Attribute[], key: string): string | undefined {
  const value = findAttribute(attributes, key);
  return value?.type === 'string' ? value.value : undefined;
}

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i] as number);
  return btoa(binary);
}

function toJson(value: AttributeValue): unknown {
  switch (value.type) {
    case 'string':
    case 'bool':
      return value.value;
    case 'int':
      return Number.isSafeInteger(Number(value.value)) ? Number(value.value) : value.value.toString();
    case 'double':
      return Number.isFinite(value.value) ? value.value : String(value.value);
    case 'bytes':
      return base64(value.value);
    case 'array':
      return value.value.map(toJson);
    case 'kvlist':
      return Object.fromEntries(value.value.map((kv) => [kv.key, toJson(kv.value)]));
    case 'empty':
      return null;
  }
}

/**
 * A value as text, the way Jaeger and the OTel translators flatten it: scalars as themselves,
 * bytes as base64, arrays and maps as JSON.
 */
export function attributeValueToString(value: AttributeValue): string {
  switch (value.type) {
    case 'string':
      return value.value;
    case 'bool':
    case 'int':
    case 'double':
      return String(value.value);
    case 'bytes':
      return base64(value.value);
    case 'empty':
      return '';
    default:
      return JSON.stringify(toJson(value));
  }
}
