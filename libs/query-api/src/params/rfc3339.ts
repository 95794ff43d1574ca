const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * An RFC 3339 time with up to nanosecond fraction (Go's `time.RFC3339Nano`, which API v3
 * takes) as whole microseconds since the epoch, or undefined when malformed or before 1970.
 */
export function rfc3339ToMicros(text: string): number | undefined {
  const match = RFC3339.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, fraction = '', zone = 'Z'] = match;
  const iso = `${year}-${month}-${day}T${hour}:${minute}:${second}${zone.toUpperCase() === 'Z' ? 'Z' : zone}`;
  const ms = Date.parse(iso);
  // Date.parse rolls 2024-02-30 over to March: refuse dates that do not exist.
  if (Number.isNaN(ms) || Number(month) > 12 || Number(day) > 31 || Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return undefined;
  if (new Date(Date.UTC(Number(year), Number(month) - 1, Number(day))).getUTCDate() !== Number(day)) return undefined;
  const micros = ms * 1000 + Number(fraction.padEnd(6, '0').slice(0, 6) || '0');
  return micros >= 0 && Number.isSafeInteger(micros) ? micros : undefined;
}
