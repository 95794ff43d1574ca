/**
 * Rewrites JSON text so that integer literals too long to be exact as doubles (16 digits or more)
 * become strings, which JSON.parse then keeps digit for digit. OTLP/JSON accepts int64 and uint64
 * values as strings and numbers alike, so the meaning is unchanged; only the precision that
 * JSON.parse would lose is kept. Numbers with a fraction or exponent, and everything inside
 * strings, are left as they are. Linear in the text; the text is assumed to be JSON (invalid
 * text stays invalid, and JSON.parse reports it).
 */
export function quoteLongIntegers(text: string): string {
  let out = '';
  let copied = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // Skip a string literal, honouring backslash escapes.
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i += 2;
        else if (d === 0x22) break;
        else i++;
      }
      i++;
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      const start = i;
      if (c === 0x2d) i++;
      const digitsStart = i;
      while (i < n && isDigit(text.charCodeAt(i))) i++;
      const digits = i - digitsStart;
      const next = i < n ? text.charCodeAt(i) : 0;
      const isInteger = next !== 0x2e && next !== 0x65 && next !== 0x45; // no '.', 'e' or 'E'
      if (isInteger && digits >= 16) {
        out += `${text.slice(copied, start)}"${text.slice(start, i)}"`;
        copied = i;
      }
      while (i < n && isNumberChar(text.charCodeAt(i))) i++;
    } else i++;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
// Rest of a number token after its integer digits: fraction, exponent, sign.
const isNumberChar = (c: number): boolean => isDigit(c) || c === 0x2e || c === 0x65 || c === 0x45 || c === 0x2b || c === 0x2d;
