/**
 * Thrift wire type ids (TType), as every Thrift protocol numbers them. UTF8 and UTF16 are legacy
 * aliases some old generators emitted for strings; the binary protocol encodes them like STRING.
 */
export const TType = {
  STOP: 0,
  VOID: 1,
  BOOL: 2,
  BYTE: 3,
  DOUBLE: 4,
  I16: 6,
  I32: 8,
  I64: 10,
  STRING: 11,
  STRUCT: 12,
  MAP: 13,
  SET: 14,
  LIST: 15,
  UTF8: 16,
  UTF16: 17,
} as const;

export type TTypeId = (typeof TType)[keyof typeof TType];

/**
 * The fewest bytes one value of a type can occupy in TBinaryProtocol, used to reject a declared
 * container size that the remaining input cannot possibly hold before anything is allocated.
 * Undefined for ids that are not valid value types.
 */
export function minimumEncodedSize(type: number): number | undefined {
  switch (type) {
    case TType.BOOL:
    case TType.BYTE:
    case TType.STRUCT: // an empty struct is just its STOP byte
      return 1;
    case TType.I16:
      return 2;
    case TType.I32:
    case TType.STRING:
    case TType.UTF8:
    case TType.UTF16:
      return 4;
    case TType.DOUBLE:
    case TType.I64:
      return 8;
    case TType.SET:
    case TType.LIST:
      return 5;
    case TType.MAP:
      return 6;
    default:
      return undefined;
  }
}
