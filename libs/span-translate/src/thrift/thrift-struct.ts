import type { FieldHeader, ThriftReader } from './thrift-reader';

/**
 * Reads one struct: calls `onField` for each field header, which reads the value and returns true
 * when it knows the field id *and* its wire type; any other field is skipped, whatever its type,
 * as generated Thrift code does (a known id with the wrong type is skipped too, so a required field
 * sent with the wrong type counts as missing).
 */
export function readStruct(reader: ThriftReader, onField: (field: FieldHeader) => boolean): void {
  reader.nested(() => {
    for (let field = reader.readFieldBegin(); field; field = reader.readFieldBegin()) {
      if (!onField(field)) reader.skip(field.type);
    }
  });
}

/** Reads a list whose elements have `elementType`; a list of any other element type is skipped and read as empty. */
export function readList<T>(reader: ThriftReader, elementType: number, readElement: () => T): T[] | undefined {
  return reader.nested(() => {
    const header = reader.readListBegin();
    if (header.elementType !== elementType) {
      for (let i = 0; i < header.size; i++) reader.skip(header.elementType);
      return undefined;
    }
    // The size was checked against the remaining bytes, but grow as elements arrive anyway:
    // a size that fits the input can still be far larger than the elements really decoded.
    const items: T[] = [];
    for (let i = 0; i < header.size; i++) items.push(readElement());
    return items;
  });
}

export const MessageType = { CALL: 1, REPLY: 2, EXCEPTION: 3, ONEWAY: 4 } as const;

export interface MessageHeader {
  readonly name: string;
  readonly type: number;
  readonly seqId: number;
}

const VERSION_MASK = 0xffff0000 | 0;
const VERSION_1 = 0x80010000 | 0;

/**
 * A message header in either form TBinaryProtocol writers use: strict (i32 version|type, name,
 * seqid — the default of every current library) or the old non-strict form (name, byte type,
 * seqid). Jaeger's `POST /api/traces` body carries no message, only a bare `Batch` struct; the
 * agent's UDP `emitBatch` call does.
 */
export function readMessageBegin(reader: ThriftReader): MessageHeader {
  const first = reader.readI32();
  if (first < 0) {
    if ((first & VERSION_MASK) !== VERSION_1) reader.fail(`bad message version 0x${(first >>> 0).toString(16)}`);
    const name = reader.readString();
    return { name, type: first & 0xff, seqId: reader.readI32() };
  }
  const name = reader.readStringBody(first);
  const type = reader.readByte();
  return { name, type, seqId: reader.readI32() };
}
