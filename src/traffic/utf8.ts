/** Strict UTF-8 decoding: invalid bytes are an error (with their offset), never U+FFFD. */

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The text, or a reason naming the first invalid byte (1-based, like a column). */
export function decodeUtf8(bytes: Uint8Array): { text: string } | { reason: string } {
  try {
    return { text: strict.decode(bytes) };
  } catch {
    return { reason: `invalid UTF-8 at byte ${firstInvalidOffset(bytes) + 1}: the input must be UTF-8 text` };
  }
}

/**
 * 0-based offset of the lead byte of the first sequence that does not decode. Validity is monotone
 * over prefixes in streaming mode (an incomplete sequence at the end of a prefix is not an error
 * yet), so a binary search finds the longest such prefix; if it ends inside an incomplete sequence,
 * that sequence is the culprit. Only runs on the error path.
 */
function firstInvalidOffset(bytes: Uint8Array): number {
  let valid = 0;
  let invalid = bytes.length + 1;
  while (invalid - valid > 1) {
    const mid = (valid + invalid) >>> 1;
    if (decodes(bytes.subarray(0, mid), true)) valid = mid;
    else invalid = mid;
  }
  if (decodes(bytes.subarray(0, valid), false)) return valid;
  let lead = valid - 1;
  while (lead > 0 && (bytes[lead]! & 0xc0) === 0x80) lead--;
  return lead;
}

function decodes(bytes: Uint8Array, stream: boolean): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream });
    return true;
  } catch {
    return false;
  }
}
