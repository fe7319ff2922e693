/** Timestamp parsers for the formats the readers meet, to seconds since the epoch (fractions kept). */

const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?(?:([Zz])|([+-])(\d{2}):?(\d{2}))$/;
const CLF = /^(\d{2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * Seconds for a wall-clock time, or undefined when a field is out of range (Feb 30, 25:00, ...).
 * Date.UTC silently rolls such values over, so the result is checked against the input.
 */
function utcMillis(year: number, month: number, day: number, hour: number, minute: number, second: number) {
  const date = new Date(Date.UTC(year, month, day, hour, minute, second));
  date.setUTCFullYear(year); // Date.UTC maps years 0–99 to 1900–1999
  const same =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second;
  return same ? date.getTime() : undefined;
}

function offsetSeconds(sign: string, hours: string, minutes: string): number | undefined {
  const h = Number(hours);
  const m = Number(minutes);
  if (h > 23 || m > 59) return undefined;
  return (sign === '-' ? -1 : 1) * (h * 3600 + m * 60);
}

/** RFC 3339 / ISO 8601 date-time with a zone (HAR startedDateTime, k6 Point time; up to nanoseconds). */
export function parseIsoTime(text: string): number | undefined {
  const m = ISO_8601.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, fraction, zulu, sign, oh, om] = m;
  const base = utcMillis(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const offset = zulu ? 0 : offsetSeconds(sign!, oh!, om!);
  if (base === undefined || offset === undefined) return undefined;
  // Whole milliseconds are summed exactly and divided once, so a millisecond time gives the same
  // number as Date.parse(text) / 1000.
  const fractionMs = fraction ? Number(fraction.padEnd(9, '0')) / 1e6 : 0;
  return (base - offset * 1000 + fractionMs) / 1000;
}

/** Common Log Format time, as nginx `$time_local` and Apache `%t` write it: `10/Oct/2026:13:55:36 +0200`. */
export function parseClfTime(text: string): number | undefined {
  const m = CLF.exec(text);
  if (!m) return undefined;
  const [, d, mon, y, h, mi, s, sign, oh, om] = m;
  const month = MONTHS.indexOf(mon!);
  if (month === -1) return undefined;
  const base = utcMillis(Number(y), month, Number(d), Number(h), Number(mi), Number(s));
  const offset = offsetSeconds(sign!, oh!, om!);
  if (base === undefined || offset === undefined) return undefined;
  return (base - offset * 1000) / 1000;
}
