import { attributeValueToString } from '@waymark/span-model';
import type { AttributeValue } from '@waymark/span-model';
import type { JaegerTag } from './jaeger-view';

/**
 * An attribute as a Jaeger tag, as OTCC's `attributeToJaegerProtoTag` converts it: string, bool,
 * int (→ int64) and double (→ float64) keep their type, bytes become `binary`, arrays and maps
 * become a string holding their JSON text, and an empty value becomes the empty string.
 * The conversion is lossy for arrays, maps and empty values; the Elasticsearch document keeps
 * what it loses in its `waymark` extras.
 */
export function attributeToJaegerTag(key: string, value: AttributeValue): JaegerTag {
  switch (value.type) {
    case 'string':
      return { key, type: 'string', value: value.value };
    case 'bool':
      return { key, type: 'bool', value: value.value };
    case 'int':
      return { key, type: 'int64', value: value.value };
    case 'double':
      return { key, type: 'float64', value: value.value };
    case 'bytes':
      return { key, type: 'binary', value: value.value };
    case 'empty':
      return { key, type: 'string', value: '' };
    case 'array':
    case 'kvlist':
      return { key, type: 'string', value: attributeValueToString(value) };
  }
}
