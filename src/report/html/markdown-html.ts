/**
 * summary.md as HTML, the way GitHub shows it: marked (GFM) plus GitHub's alert blocks
 * (`> [!CAUTION]`), and a subset of github-markdown-css that decides widths. report.html shows
 * its findings this way, and scripts/summary-page.ts renders the summary's screenshot with it.
 * Safe to inline: summary.md puts every user-controlled text in a code span or escapes it
 * (report/markdown.ts), so the only raw HTML that passes through is our own `<details>`.
 */
import { Marked, type Tokens } from 'marked';

const ALERT_TITLES: Record<string, string> = {
  NOTE: 'Note',
  TIP: 'Tip',
  IMPORTANT: 'Important',
  WARNING: 'Warning',
  CAUTION: 'Caution',
};

/** marked with GFM, plus GitHub's alert blocks, which marked leaves as quotes. */
const gfm = new Marked({
  gfm: true,
  renderer: {
    blockquote(this: { parser: { parse(tokens: Tokens.Generic[]): string } }, token: Tokens.Blockquote) {
      const body = this.parser.parse(token.tokens);
      const alert = /^<p>\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]\n/.exec(body);
      if (alert === null) return `<blockquote>\n${body}</blockquote>\n`;
      const kind = alert[1]!;
      return (
        `<div class="markdown-alert markdown-alert-${kind.toLowerCase()}">` +
        `<p class="markdown-alert-title">${ALERT_TITLES[kind]}</p>\n<p>${body.slice(alert[0].length)}</div>\n`
      );
    },
  },
});

export function markdownHtml(markdown: string): string {
  return gfm.parse(markdown, { async: false });
}

/** The markdown body's styles; `width` is its CSS width declaration (e.g. `width: 1012px`). */
export const markdownCss = (width: string): string => `
.markdown-body { box-sizing: border-box; ${width}; padding: 16px 24px; color: #1f2328;
  font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif;
  font-size: 16px; line-height: 1.5; word-wrap: break-word; }
.markdown-body h2 { font-size: 1.5em; font-weight: 600; margin: 0 0 16px; padding-bottom: .3em; border-bottom: 1px solid #d1d9e0b3; }
.markdown-body h3 { font-size: 1.25em; font-weight: 600; margin: 24px 0 16px; }
.markdown-body h4 { font-size: 1em; font-weight: 600; margin: 24px 0 16px; }
.markdown-body p, .markdown-body ul, .markdown-body table, .markdown-body details, .markdown-body .markdown-alert { margin: 0 0 16px; }
.markdown-body ul { padding-left: 2em; }
.markdown-body table { display: block; width: max-content; max-width: 100%; overflow: auto; border-spacing: 0; border-collapse: collapse; font-variant: tabular-nums; }
.markdown-body th { font-weight: 600; }
.markdown-body th, .markdown-body td { padding: 6px 13px; border: 1px solid #d1d9e0; }
.markdown-body tr:nth-child(2n) { background: #f6f8fa; }
.markdown-body code { padding: .2em .4em; margin: 0; font-size: 85%; white-space: break-spaces; background: #818b981f; border-radius: 6px;
  font-family: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace; }
.markdown-body a { color: #0969da; }
.markdown-body blockquote { margin: 0 0 16px; padding: 0 1em; color: #59636e; border-left: .25em solid #d1d9e0; }
.markdown-alert { padding: 8px 16px; border-left: .25em solid; }
.markdown-alert > :last-child { margin-bottom: 0; }
.markdown-alert .markdown-alert-title { font-weight: 500; margin-bottom: 4px; }
.markdown-alert-note { border-color: #0969da; } .markdown-alert-note .markdown-alert-title { color: #0969da; }
.markdown-alert-tip { border-color: #1a7f37; } .markdown-alert-tip .markdown-alert-title { color: #1a7f37; }
.markdown-alert-important { border-color: #8250df; } .markdown-alert-important .markdown-alert-title { color: #8250df; }
.markdown-alert-warning { border-color: #9a6700; } .markdown-alert-warning .markdown-alert-title { color: #9a6700; }
.markdown-alert-caution { border-color: #d1242f; } .markdown-alert-caution .markdown-alert-title { color: #d1242f; }
`;
