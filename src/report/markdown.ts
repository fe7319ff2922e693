/**
 * Markdown building blocks that stay inert in GitHub's job summary (cmark-gfm) and in a GitLab MR
 * note (GLFM): user-controlled text goes into code spans or fenced blocks, where neither HTML,
 * emphasis, links, `@mentions`, `#123`/`!123` references nor emoji are interpreted.
 *
 * Table cells: GFM splits a row at every `|` not preceded by an odd run of backslashes, even inside
 * code spans, and then drops the backslash of `\|`. Every helper here emits backslashes in pairs
 * only (`visible` doubles them, `text` escapes them), so `tableRow` can turn each `|` into `\|`.
 */
import { visible } from './text.js';

const longestRun = (text: string, char: string): number => {
  let best = 0;
  let run = 0;
  for (const c of text) {
    run = c === char ? run + 1 : 0;
    if (run > best) best = run;
  }
  return best;
};

/** `value` as an inline code span (visible escapes for what cannot be shown). */
export function code(value: string): string {
  const content = visible(value);
  if (content === '') return '*(empty)*';
  const fence = '`'.repeat(longestRun(content, '`') + 1);
  const allSpaces = /^ +$/.test(content);
  const pad = !allSpaces && /^[` ]|[` ]$/.test(content) ? ' ' : '';
  return `${fence}${pad}${content}${pad}${fence}`;
}

/** Plain inline text: every ASCII punctuation character except `|` is backslash-escaped. */
export function text(value: string): string {
  return visible(value).replace(/[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{}~]/g, '\\$&');
}

/** Plain text of several lines (hard line breaks): wraps on a narrow page, unlike a code block. */
export function plainLines(value: string): string {
  return value
    .split('\n')
    .map((line) => text(line))
    .join('\\\n');
}

/** One table row; the cells are Markdown already (from `code`, `text` or our own words). */
export function tableRow(cells: readonly string[]): string {
  return `| ${cells.map((c) => c.replaceAll('|', '\\|')).join(' | ')} |`;
}

/** A table header and its delimiter row; `align` is 'l' or 'r' per column. */
export function tableHead(headers: readonly string[], align: string): string {
  const delimiter = [...align].map((a) => (a === 'r' ? '---:' : ':---'));
  return `${tableRow(headers)}\n| ${delimiter.join(' | ')} |`;
}

/** A fenced code block; `lines` are user text, shown verbatim except for visible escapes. */
export function fenced(lines: readonly string[]): string {
  const body = lines.map((l) => visible(l));
  const fence = '`'.repeat(Math.max(3, ...body.map((l) => longestRun(l, '`') + 1)));
  return `${fence}text\n${body.join('\n')}\n${fence}`;
}

/** A collapsed block (GitHub and GitLab both render Markdown inside it after a blank line). */
export function details(summary: string, body: string): string {
  return `<details><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}
