/**
 * One way to show user-controlled text (endpoint keys, contract ids, file names, reasons) in every
 * report: characters that cannot be shown safely become visible escapes, so a control character,
 * a lone surrogate or a bidi override in a traffic file can never break a line, a table, an XML
 * document or a metrics line, nor hide itself.
 *
 *  - a backslash is written `\\`, so the mapping is injective: two different keys never look alike
 *    (GitLab keeps only the first of two test cases with the same name; OpenMetrics forbids two
 *    metrics with the same label set);
 *  - C0/C1 controls, DEL and the ASCII characters in `extra` become `\xHH`;
 *  - lone surrogates, noncharacters U+FFFE/U+FFFF, the BOM, zero-width and bidi formatting
 *    characters and the line/paragraph separators become `\u{HHHH}`.
 * Everything else (including non-ASCII letters) stays as it is.
 */
import { sep } from 'node:path';

const ALWAYS =
  /[\\\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufffe\uffff\ud800-\udfff]/;

const hex = (n: number, width: number): string => n.toString(16).toUpperCase().padStart(width, '0');

function needsEscape(cp: number, extra: string): boolean {
  if (cp === 0x5c || cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) return true;
  if (cp >= 0x200b && cp <= 0x200f) return true;
  if (cp >= 0x2028 && cp <= 0x202e) return true;
  if (cp >= 0x2060 && cp <= 0x2069) return true;
  if (cp === 0xfeff || cp === 0xfffe || cp === 0xffff) return true;
  if (cp >= 0xd800 && cp <= 0xdfff) return true;
  return cp < 0x80 && extra.includes(String.fromCharCode(cp));
}

const hasAny = (text: string, chars: string): boolean => {
  for (const c of chars) if (text.includes(c)) return true;
  return false;
};

/**
 * A file path as messages show it: where the separator is a backslash (Windows) with `/` instead,
 * since visible() doubles every backslash and `D:/a/repo/x.yml` reads (and opens) as the same file.
 * Elsewhere a backslash is part of a name and stays (visible() then shows it as `\\`).
 */
export function shownPath(path: string, separator: string = sep): string {
  return separator === '\\' ? path.split('\\').join('/') : path;
}

/** `text` with every character that must not appear raw written as a visible escape (see above). */
export function visible(text: string, extra = ''): string {
  if (!ALWAYS.test(text) && !hasAny(text, extra)) return text;
  return escapeWhere(text, (cp) => needsEscape(cp, extra));
}

/** User text inside a message: in double quotes, escaped as by visible() (a `"` inside becomes `\x22`). */
export const quoted = (text: string): string => `"${visible(text, '"')}"`;

function escapeWhere(text: string, mustEscape: (cp: number) => boolean): string {
  let out = '';
  for (const ch of text) {
    // for..of yields whole code points; a lone surrogate comes out on its own.
    const cp = ch.codePointAt(0)!;
    if (!mustEscape(cp)) out += ch;
    else if (cp === 0x5c) out += '\\\\';
    else if (cp < 0x100) out += `\\x${hex(cp, 2)}`;
    else out += `\\u{${hex(cp, 4)}}`;
  }
  return out;
}

/**
 * GitHub's runner reads a workflow command from a line that starts with `::name::` once leading
 * blanks are trimmed, and from a legacy `##[name]` anywhere in a line (actions/runner,
 * ActionCommand.TryParseV2 and TryParse).
 */
const COMMAND_START = /^(\s*):(?=:)/;
const LEGACY_COMMAND = /##\[/g;

/**
 * The last guard before text reaches a terminal or a CI log (the CLI's stdout and stderr, the
 * Action's log lines). User text is escaped where a message is built (visible(), quoted()); this
 * catches what was missed. Lines stay lines and backslashes stay as they are (so escapes already
 * made and Windows paths read the same), but every other character visible() escapes is escaped
 * (a terminal control sequence, a carriage return that redraws the line, a bidi override), and no
 * line can be read as a workflow command: a leading `::` becomes `\x3A:`, `##[` becomes `#\x23[`.
 */
export function logSafe(text: string): string {
  return text
    .split('\n')
    .map((line) =>
      (ALWAYS.test(line)
        ? escapeWhere(line, (cp) => cp !== 0x5c && cp !== 0x09 && needsEscape(cp, ''))
        : line
      )
        .replace(COMMAND_START, '$1\\x3A')
        .replace(LEGACY_COMMAND, '#\\x23['),
    )
    .join('\n');
}
