/**
 * JSON text exactly as JSON.stringify writes it, for the hand-written serializers of the write
 * path (span-document-encoder.ts), which build a document's text without building its object.
 */

/** Printable ASCII without `"` and `\`: nothing to escape, and one UTF-8 byte per character. */
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
/** Any character beyond ASCII (a UTF-16 code unit above 0x7f). */
const BEYOND_ASCII = /[\u0080-\uffff]/;

/** `JSON.stringify(n)`: `null` for NaN and ±Infinity (the writers never give it one), `0` for -0. */
export const jsonNumber = (n: number): string => (Number.isFinite(n) ? String(n) : 'null');

/** UTF-8 bytes of `text` beyond one per UTF-16 code unit (0 for ASCII). */
export const utf8Extra = (text: string): number => (BEYOND_ASCII.test(text) ? Buffer.byteLength(text) - text.length : 0);

/**
 * Writes JSON strings and keeps count of the UTF-8 bytes they take beyond their length, so the
 * byte length of a document made of them is known without encoding it (a bulk request is
 * limited in bytes). Every piece of a document must pass through it, or be ASCII.
 */
export class JsonText {
  /** UTF-8 bytes beyond one per code unit of what was written since the last reset. */
  extraBytes = 0;

  /** `JSON.stringify(text)`; a plain string is quoted without calling into JSON.stringify. */
  string(text: string): string {
    if (PLAIN.test(text)) return `"${text}"`;
    return this.json(JSON.stringify(text));
  }

  /** JSON text made elsewhere (JSON.stringify), counted. */
  json(text: string): string {
    this.extraBytes += utf8Extra(text);
    return text;
  }
}

/** `JSON.stringify(text)`, uncounted. */
export const jsonString = (text: string): string => (PLAIN.test(text) ? `"${text}"` : JSON.stringify(text));
