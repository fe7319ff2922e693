/**
 * Report renderers: summary.md, junit.xml, metrics.txt, governance.env, result.json.
 * Every RunResult here is built by `run()` / `endpoint()` (test/support/results.ts) and varied per test; expected values
 * are read back from the rendered files with independent readers (a GFM table splitter, xmllint, a
 * strict OpenMetrics parser, GitLab's metrics and dotenv line parsers ported from their sources) and
 * compared with the RunResult, never with a stored copy of the output.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { marked } from 'marked';
import { afterAll, describe, expect, it } from 'vitest';
import { DECISION_ORDER, type Decision, severity } from '../src/model.js';
import { ADVICE } from '../src/report/advice.js';
import { MAX_FINDINGS } from '../src/report/findings.js';
import { renderReportHtml } from '../src/report/html.js';
import {
  DOTENV_MAX_BYTES,
  DOTENV_MAX_VALUE,
  ReportInputError,
  RunResultSchema,
  renderDotenv,
  renderJunit,
  renderMetrics,
  renderResultJson,
  renderSummary,
  SUMMARY_MAX_BYTES,
  type SummaryOptions,
  visible,
  writeReports,
} from '../src/report/index.js';
import { MAX_UNKNOWN_GROUPS } from '../src/report/summary.js';
import { groupPrefix } from '../src/report/unknown.js';
import type { EndpointResult, RunResult } from '../src/result.js';
import { fuzzOptions } from './support/fuzz.js';
import {
  type OmFamily,
  OpenMetricsError,
  parseOpenMetrics,
  parseOpenMetricsBytes,
} from './support/openmetrics-parser.js';
import { endpoint, mixed, run } from './support/results.js';

/** The order every human-facing report lists endpoints in: worst verdict first, then by key. */
const worstFirstKeys = (endpoints: EndpointResult[]): string[] =>
  [...endpoints]
    .sort(
      (a, b) =>
        severity(b.verdict) - severity(a.verdict) ||
        (a.endpoint_key < b.endpoint_key ? -1 : a.endpoint_key > b.endpoint_key ? 1 : 0),
    )
    .map((e) => e.endpoint_key);

/** Keys a traffic file can put into a report; every format must survive each of them. */
const HOSTILE_KEYS = [
  'GET /pipes|in|a|row',
  'GET /`tick` and ``double`` ```',
  '`leading and trailing`',
  'GET /<script>alert(1)</script><img src=x onerror=alert(2)>',
  'GET /"double" and \'single\' quotes',
  'GET /line\nbreak\r\nand\ttab',
  'GET /nul\u0000bell\u0007esc\u001b[31mdel\u007fnel\u0085',
  'GET /hash#fragment # EOF',
  'GET /equals=sign,contract="x"',
  'GET /back\\slash\\|pipe\\',
  '\\',
  'GET /bidi\u202eevil\u2066isolate\u2069 zero\u200bwidth \ufeffbom \u2028sep',
  'GET /lone\ud800surrogate\udfff',
  'GET /refs @user #12 !34 ~label $x^2$ :smile: [[ATTACHMENT|/etc/passwd]] ]]> &amp;',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${{ … }} is the hostile input
  'GET /**bold** _em_ [link](javascript:alert(1)) <!-- c --> ${{ secrets.X }}',
  `GET /${'x'.repeat(10_000)}`,
  'GET /unicode/café/日本/😀',
  ' ',
  '',
];

const hostile = (): EndpointResult[] =>
  HOSTILE_KEYS.map((key, i) =>
    endpoint(key, DECISION_ORDER[i % 4], { contract_id: HOSTILE_KEYS[(i + 3) % HOSTILE_KEYS.length]! }),
  );

// ------------------------------------------------------------------------------------------------
// Independent readers
// ------------------------------------------------------------------------------------------------

/** Inverse of the reports' visible escaping; throws on anything visible() cannot have produced. */
function unvisible(text: string): string {
  return text.replace(/\\(?:\\|x([0-9A-F]{2})|u\{([0-9A-F]{4,6})\})|\\/g, (m, x, u) => {
    if (m === '\\\\') return '\\';
    if (x !== undefined) return String.fromCharCode(Number.parseInt(x, 16));
    if (u !== undefined) {
      const cp = Number.parseInt(u, 16);
      return cp >= 0xd800 && cp <= 0xdfff ? String.fromCharCode(cp) : String.fromCodePoint(cp);
    }
    throw new Error(`not a visible escape at ${JSON.stringify(text.slice(0, 40))}`);
  });
}

/** cmark-gfm's table row splitting: `\` + any char is one unit, `|` splits, then `\|` → `|`. */
function splitRow(row: string): string[] {
  const cells: string[] = [];
  let cell = '';
  const body = row.trim().replace(/^\|/, '');
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '\\' && i + 1 < body.length) {
      cell += c + body[i + 1];
      i++;
    } else if (c === '|') {
      cells.push(cell);
      cell = '';
    } else cell += c;
  }
  if (cell.trim() !== '') cells.push(cell);
  return cells.map((c) => c.trim().replace(/\\\|/g, '|'));
}

/** The content of a CommonMark code span (one fence of n backticks, one padding space stripped). */
function codeSpanContent(span: string): string {
  const m = /^(`+)(.*)\1$/s.exec(span);
  if (!m) throw new Error(`not a code span: ${span.slice(0, 60)}`);
  const inner = m[2]!;
  return inner.startsWith(' ') && inner.endsWith(' ') && inner.trim() !== '' ? inner.slice(1, -1) : inner;
}

function section(md: string, heading: string): string {
  const start = md.indexOf(`\n${heading}`);
  if (start < 0) throw new Error(`no section ${heading}`);
  const next = md.indexOf('\n### ', start + 1);
  return md.slice(start + 1, next < 0 ? undefined : next);
}

/** The data rows of the first table in a section, split into cells. */
function tableRows(md: string, heading: string): string[][] {
  return section(md, heading)
    .split('\n')
    .filter((l) => l.startsWith('| '))
    .slice(2)
    .map(splitRow);
}

const endpointRows = (md: string): string[][] => tableRows(md, '### Endpoints with a contract');

/** Inline Markdown from `text()` read back: its backslash escapes removed. */
const plainText = (markdown: string): string => markdown.replace(/\\(.)/g, '$1');

/** Text of HTML with its entities decoded (what a reader sees, tags aside). */
const decodeHtml = (html: string): string =>
  html.replace(
    /&(lt|gt|quot|#39|amp);/g,
    (_, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[e]!,
  );

/** Ruby's Shellwords.shellsplit (Ruby 3.x), which GitLab's metrics parser applies to each line. */
function shellsplit(line: string): string[] {
  const ws = '[ \\t\\n\\v\\f\\r]';
  const re = new RegExp(
    `${ws}*(?:([^\\0 \\t\\n\\v\\f\\r\\\\'"]+)|'([^\\0']*)'|"((?:[^\\0"\\\\]|\\\\[^\\0])*)"|(\\\\[^\\0]?)|(\\S))(${ws}|$)?`,
    'y',
  );
  const words: string[] = [];
  let field = '';
  for (let m = re.exec(line); m !== null && m[0] !== ''; m = re.exec(line)) {
    const [, word, sq, dq, esc, garbage, sep] = m;
    if (garbage !== undefined)
      throw new Error(`${garbage === '\0' ? 'Nul character' : 'Unmatched quote'} in ${line}`);
    field +=
      word ?? sq ?? (dq !== undefined ? dq.replace(/\\([$`"\\\n])/g, '$1') : esc!.replace(/\\(.)/gs, '$1'));
    if (sep !== undefined) {
      words.push(field);
      field = '';
    }
  }
  return words;
}

/** Gitlab::Ci::Parsers::Metrics::Generic: strip from `#`, shellsplit, first word name, second value. */
function gitlabMetrics(text: string): Map<string, string> {
  const metrics = new Map<string, string>();
  for (const line of text.split(/(?<=\n)/)) {
    if (line.trim() === '') continue;
    const [name, ...values] = shellsplit(line.replace(/#.*$/m, ''));
    if (!name || values.length === 0) continue;
    if (metrics.has(name)) throw new Error(`GitLab would see metric ${name} twice`);
    metrics.set(name, values[0]!);
  }
  return metrics;
}

/** Ci::ParseDotenvArtifactService: every line `/^(.*?)=(.*)$/`, both sides stripped. */
function gitlabDotenv(text: string): Map<string, string> {
  const vars = new Map<string, string>();
  for (const line of text.split(/(?<=\n)/)) {
    const m = /^(.*?)=(.*)$/m.exec(line);
    if (!m) throw new Error(`Invalid Format: ${JSON.stringify(line)}`);
    vars.set(m[1]!.trim(), m[2]!.trim());
  }
  return vars;
}

const family = (families: OmFamily[], name: string): OmFamily => {
  const f = families.find((x) => x.name === `traffic_governance_${name}`);
  if (!f) throw new Error(`no family ${name}`);
  return f;
};

/** The value of the sample with exactly these labels (decoded with unvisible). */
function sampleValue(f: OmFamily, sampleName: string, labels: Record<string, string>): number {
  const found = f.samples.filter(
    (s) =>
      s.name === sampleName &&
      Object.keys(s.labels).length === Object.keys(labels).length &&
      Object.entries(labels).every(([k, v]) => s.labels[k] !== undefined && unvisible(s.labels[k]!) === v),
  );
  expect(found, `${sampleName} ${JSON.stringify(labels).slice(0, 120)}`).toHaveLength(1);
  return found[0]!.value;
}

const utf8RoundTrips = (s: string): boolean => Buffer.from(s, 'utf8').toString('utf8') === s;

const tmpRoot = mkdtempSync(join(tmpdir(), 'tg-report-'));
afterAll(() => rmSync(tmpRoot, { recursive: true, force: true }));
let tmpSeq = 0;
const tmpFile = (name: string, content: string): string => {
  const path = join(tmpRoot, `${tmpSeq++}-${name}`);
  writeFileSync(path, content, 'utf8');
  return path;
};

// ------------------------------------------------------------------------------------------------
// visible escaping (shared by every format)
// ------------------------------------------------------------------------------------------------

describe('visible escaping', () => {
  it('round-trips any string, so distinct keys never render alike', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => {
        expect(unvisible(visible(a))).toBe(a);
        expect(unvisible(visible(a, '#='))).toBe(a);
        if (a !== b) expect(visible(a, '#=')).not.toBe(visible(b, '#='));
      }),
      fuzzOptions(2000, 2000),
    );
  });

  it('leaves no control, format or surrogate character behind', () => {
    for (const key of HOSTILE_KEYS) {
      const shown = visible(key, '#');
      expect(shown).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff#]/);
      expect(utf8RoundTrips(shown)).toBe(true);
    }
    expect(visible('/plain/path-ok')).toBe('/plain/path-ok');
  });
});

// ------------------------------------------------------------------------------------------------
// summary.md
// ------------------------------------------------------------------------------------------------

describe('summary.md', () => {
  const lines = (r: RunResult, options?: SummaryOptions) => renderSummary(r, options).split('\n');

  it('opens with the verdict in an alert block of its colour, and what it means for the tier', () => {
    const control = lines(run(mixed()));
    expect(control.slice(0, 4)).toEqual([
      '## Traffic Governance',
      '',
      '> [!CAUTION]',
      '> **Verdict: DROP** — CONTROL: this job fails (exit code 1).',
    ]);
    expect(control[5]).toBe(
      '> 97 requests: ALLOW 85 · THROTTLE 3 · QUARANTINE 3 · DROP 6. 5 endpoints (DROP 2, QUARANTINE 1, THROTTLE 1, ALLOW 1).',
    );

    const observe = lines(run(mixed(), { tier: 'OBSERVE_ONLY' }));
    expect(observe[3]).toBe('> **Verdict: DROP** — OBSERVE_ONLY: reported, not enforced (exit code 0).');

    const warn = lines(run([endpoint('GET /q', 'QUARANTINE'), endpoint('GET /a')]));
    expect(warn.slice(2, 4)).toEqual([
      '> [!WARNING]',
      expect.stringMatching(/^> \*\*Verdict: QUARANTINE\*\* — CONTROL: a warning, exit code 3 /),
    ]);
    const throttle = lines(run([endpoint('GET /t', 'THROTTLE')], { tier: 'AUTONOMOUS' }));
    expect(throttle.slice(2, 4)).toEqual([
      '> [!NOTE]',
      '> **Verdict: THROTTLE** — AUTONOMOUS: this job passes (exit code 0).',
    ]);
    expect(lines(run([endpoint('GET /a')]))[2]).toBe('> [!TIP]');
    // A stopped run is red whatever its verdict.
    expect(lines(run([endpoint('GET /a')], { error: 'bad', exit_code: 2 }))[2]).toBe('> [!CAUTION]');

    expect(control.slice(0, 6).join('\n')).not.toMatch(/[\u{1F300}-\u{1FAFF}\u2600-\u27BF]/u);
    expect(lines(run(mixed()), { title: 'Gate | <b>prod</b>' })[0]).toBe('## Gate | \\<b\\>prod\\<\\/b\\>');
  });

  it('links the run when its URL is http(s), encoded so it stays one link', () => {
    const url = 'https://github.com/o/r/actions/runs/42';
    expect(lines(run(mixed()), { runUrl: url })[5]).toMatch(
      / \[Open the run\]\(https:\/\/github\.com\/o\/r\/actions\/runs\/42\)\.$/,
    );
    const odd = renderSummary(run(mixed()), { runUrl: 'https://gitlab.example/g/p/-/jobs/7?x=(a) b' });
    expect(odd).toContain('[Open the run](https://gitlab.example/g/p/-/jobs/7?x=%28a%29%20b).');
    for (const bad of ['javascript:alert(1)', 'not a url', '']) {
      expect(renderSummary(run(mixed()), { runUrl: bad })).not.toContain('Open the run');
    }
    expect(renderSummary(run(mixed()))).not.toContain('Open the run');
  });

  it('shows why a run stopped as plain text inside the alert, never as a code block', () => {
    const error = 'rejected 30 of 100 lines (30.00%), over max_rejected_ratio 0.01\n```\n<b>x</b> @team \\';
    const md = renderSummary(run(mixed(), { error, exit_code: 2 }));
    const head = md.split('\n');
    expect(head[3]).toBe(
      '> **Verdict: DROP** — the run stopped on bad input or configuration: this job fails (exit code 2).',
    );
    expect(head[7]).toMatch(/^> \*\*Why it stopped:\*\* rejected 30 of 100 lines/);
    expect(md).not.toMatch(/^\s*(>\s*)?```/m);
    // Rendered by a GFM renderer: one paragraph in the alert, the three lines as text with line breaks.
    const html = marked.parse(md.slice(0, md.indexOf('\n### ')), { gfm: true, async: false });
    expect(html).not.toMatch(/<pre|<code|<b>x/);
    const alert = /<blockquote>([\s\S]*?)<\/blockquote>/.exec(html)![1]!;
    const shown = decodeHtml(alert.replace(/<br>\n?/g, '\n').replace(/<[^>]+>/g, ''));
    expect(shown).toContain(`Why it stopped: ${error}`);
  });

  it('lists findings only for endpoints that are not ALLOW, worst first, with why and what to do', () => {
    const endpoints = [
      ...mixed().map((e) =>
        e.endpoint_key === 'DELETE /z'
          ? { ...e, reasons: { METHOD_DISALLOWED: 1, RATE_LIMIT_VIOLATION: 3 } }
          : e,
      ),
      endpoint('GET /slow', 'THROTTLE', {
        latency_ms: { p50: 90, p95: 700, p99: 900, slo: 300 },
        rpm: { peak: 10, limit: 120 },
        errors: 0,
        error_rate: 0,
      }),
      endpoint('GET /ok', 'ALLOW'),
    ];
    const rows = tableRows(renderSummary(run(endpoints)), '### Findings');
    expect(rows.map((r) => r[1])).toEqual([
      '`DELETE /z`',
      '`POST /c`',
      '1 unknown endpoint in 1 group: `/unknown` (1)',
      '`GET /b/{id}`',
      '`GET /slow`',
    ]);
    expect(rows.map((r) => r[0])).toEqual([
      '**DROP**',
      '**DROP**',
      '**QUARANTINE**',
      '**THROTTLE**',
      '**THROTTLE**',
    ]);
    for (const row of rows) expect(row).toHaveLength(4);
    const [dropZ, dropC, unknown, , slow] = rows as [string[], string[], string[], string[], string[]];
    // Words and fixes follow the main reasons, the one most requests gave first.
    expect(plainText(dropZ[2]!)).toBe('peak 130 rpm > limit 120, methods DELETE ×3, PATCH ×1 not allowed');
    expect(dropZ[3]).toBe(`${ADVICE.RATE_LIMIT_VIOLATION}. ${ADVICE.METHOD_DISALLOWED}.`);
    expect(plainText(dropC[2]!)).toBe('circuit OPEN 1×, peak 130 rpm > limit 120');
    expect(dropC[3]).toBe(`${ADVICE.CIRCUIT_STATE}. ${ADVICE.RATE_LIMIT_VIOLATION}.`);
    expect(plainText(unknown[2]!)).toBe('no contract matches this path');
    expect(unknown[3]).toBe(`${ADVICE.UNKNOWN_ENDPOINT}.`);
    expect(plainText(slow[2]!)).toBe('p95 700 ms > SLO 300 ms');
    expect(slow[3]).toBe(`${ADVICE.LATENCY_SCORE}.`);
    expect(renderSummary(run([endpoint('GET /a')]))).toContain(
      '### Findings (0)\n\nNone: every endpoint’s verdict is ALLOW.',
    );
  });

  it('puts endpoints with a contract before the unknown ones of the same verdict', () => {
    const unknown = (key: string) => endpoint(key, 'DROP', { kind: 'unknown', contract_id: null });
    const rows = tableRows(
      renderSummary(run([unknown('GET /a/1'), endpoint('GET /z', 'DROP')])),
      '### Findings',
    );
    expect(rows.map((r) => r[1])).toEqual(['`GET /z`', '1 unknown endpoint in 1 group: `/a` (1)']);
  });

  it('caps the findings at 25 rows and says how many more result.json has', () => {
    const many = Array.from({ length: 40 }, (_, i) =>
      endpoint(`GET /f/${String(i).padStart(2, '0')}`, 'DROP'),
    );
    const md = renderSummary(run(many));
    const rows = tableRows(md, '### Findings');
    expect(rows).toHaveLength(MAX_FINDINGS);
    expect(rows.map((r) => r[1])).toEqual(many.slice(0, MAX_FINDINGS).map((e) => `\`${e.endpoint_key}\``));
    expect(section(md, '### Findings')).toContain('*15 more findings in result.json.*');
    expect(section(md, '### Findings (40)')).not.toContain('<details>');
  });

  it('groups unknown endpoints by the first path segment and names each one once', () => {
    const unknown = (key: string, verdict: Decision = 'QUARANTINE') =>
      endpoint(key, verdict, { kind: 'unknown', contract_id: null });
    const endpoints = [
      unknown('GET /wp-admin/setup.php'),
      unknown('POST /wp-admin/ajax?x=1', 'DROP'),
      unknown('GET /.env'),
      unknown('GET /'),
      unknown('GET (other unknown paths)'),
      unknown('GET /static/app.js', 'ALLOW'),
      endpoint('GET /api/a'),
    ];
    const md = renderSummary(run(endpoints));
    const list = section(md, '### Unknown endpoints');
    expect(list.split('\n')[0]).toBe('### Unknown endpoints (6 in 5 groups)');
    expect(list.split('\n').filter((l) => l.startsWith('- '))).toEqual([
      '- `/wp-admin` — 2 endpoints, 40 requests, worst verdict DROP: `POST /wp-admin/ajax?x=1`, `GET /wp-admin/setup.php`',
      '- `/` — 1 endpoint, 20 requests, worst verdict QUARANTINE: `GET /`',
      '- `/.env` — 1 endpoint, 20 requests, worst verdict QUARANTINE: `GET /.env`',
      '- `GET (other unknown paths)` — 1 endpoint, 20 requests, worst verdict QUARANTINE',
      '- `/static` — 1 endpoint, 17 requests, worst verdict ALLOW: `GET /static/app.js`',
    ]);
    // (`GET (other unknown paths)` has no path: it is its own group, named as one.)
    for (const e of endpoints.filter((x) => x.kind === 'unknown' && x.endpoint_key.includes(' /'))) {
      expect(md.split(`\`${e.endpoint_key}\``).length - 1, e.endpoint_key).toBe(1);
    }
    // One findings row per verdict names the groups of that verdict, the largest first; ALLOW is no finding.
    expect(tableRows(md, '### Findings').map((r) => r[1])).toEqual([
      '2 unknown endpoints in 1 group: `/wp-admin` (2)',
      '3 unknown endpoints in 3 groups: `/` (1), `/.env` (1), `GET (other unknown paths)` (1)',
    ]);
    expect(groupPrefix('GET /a/b/c')).toBe('/a');
    expect(groupPrefix('GET /a?b/c')).toBe('/a');
    expect(groupPrefix('GET /a#b')).toBe('/a');
  });

  it('names 10 members per group and 50 groups at most, counting the rest', () => {
    const unknown = (key: string) => endpoint(key, 'QUARANTINE', { kind: 'unknown', contract_id: null });
    const big = Array.from({ length: 25 }, (_, i) => unknown(`GET /big/${String(i).padStart(2, '0')}`));
    const single = Array.from({ length: 60 }, (_, i) => unknown(`GET /s${String(i).padStart(2, '0')}`));
    const md = renderSummary(run([...big, ...single]));
    const list = section(md, '### Unknown endpoints');
    const items = list.split('\n').filter((l) => l.startsWith('- '));
    expect(items).toHaveLength(MAX_UNKNOWN_GROUPS);
    expect(items[0]).toMatch(
      /^- `\/big` — 25 endpoints, 500 requests, worst verdict QUARANTINE: `GET \/big\/00`, .*`GET \/big\/09`, … 15 more$/,
    );
    expect(list).toContain('<details><summary>61 groups of unknown endpoints</summary>');
    expect(list).toContain('*11 more groups of unknown endpoints in result.json.*');
    expect(tableRows(md, '### Findings').map((r) => r[1])).toEqual([
      '85 unknown endpoints in 61 groups: `/big` (25), `/s00` (1), `/s01` (1), `/s02` (1), `/s03` (1), …',
    ]);
  });

  it('shows endpoints whose p95 is above their SLO, even when every request was allowed', () => {
    const slow = endpoint('GET /slow', 'ALLOW', { latency_ms: { p50: 200, p95: 699, p99: 700, slo: 300 } });
    const md = renderSummary(run([slow, endpoint('GET /fast'), endpoint('GET /x', 'DROP')]));
    const slo = section(md, '### Latency above the SLO (1)');
    expect(slo).toContain('latency alone never lifts a decision above ALLOW');
    expect(tableRows(md, '### Latency above the SLO')).toEqual([['`GET /slow`', '699', '300', '**ALLOW**']]);
    expect(renderSummary(run([endpoint('GET /fast')]))).not.toContain('### Latency above the SLO');
  });

  it('collapses every endpoint with a contract into one narrow table, worst first, with the numbers of each', () => {
    const endpoints = mixed();
    const md = renderSummary(run(endpoints));
    const table = section(md, '### Endpoints with a contract (4)');
    expect(table).toContain('<details><summary>4 endpoints with a contract</summary>');
    expect(table).toContain('by at least 0.00% of its requests');
    const rows = endpointRows(md);
    const contracts = endpoints.filter((e) => e.kind === 'contract');
    expect(rows.map((r) => unvisible(codeSpanContent(r[0]!)))).toEqual(worstFirstKeys(contracts));
    for (const row of rows) {
      expect(row).toHaveLength(6);
      const e = endpoints.find((x) => x.endpoint_key === unvisible(codeSpanContent(row[0]!)))!;
      expect(row[1]).toBe(`**${e.verdict}**`);
      expect(row[2]).toBe(String(e.requests));
      expect(row[3]).toBe(`${(e.error_rate * 100).toFixed(2)}%`);
      // p95 80 is under the SLO of 100; peak 130 is over the limit of 120.
      expect(row[4]).toBe('80 / 100');
      expect(row[5]).toBe('**130** / 120');
    }
    // Same RunResult with the endpoints in another order: same bytes.
    expect(renderSummary(run([...endpoints].reverse()))).toBe(md);
  });

  it('lists disallowed methods', () => {
    const disallowed = section(renderSummary(run(mixed())), '### Disallowed methods');
    expect(disallowed).toMatch(
      /- `DELETE \/z` \(contract `contract-\d+`\): `DELETE` ×3, `PATCH` ×1 of 20 requests — endpoint verdict DROP/,
    );
    expect(renderSummary(run([endpoint('GET /a')]))).not.toContain('### Disallowed methods');
  });

  it('reports input counts, the rejected ratio against its limit and the first rejected lines', () => {
    const r = run(mixed());
    const input = section(renderSummary(r), '### Input');
    expect(input).toContain('Read 100 lines: 99 accepted, 1 rejected (1.00% of lines read; limit 1.00%).');
    expect(input).toContain('| `traffic/e2e.har` | har | 60 | 59 | 1 |');
    expect(input).toContain('| `traffic/access.log` | nginx | 40 | 40 | 0 |');
    expect(input).toContain('- `traffic/e2e.har:7` at `$.log.entries[3]` — `status 999 > 599`');

    const over = run(mixed(), {
      input: {
        ...r.input,
        rejected: 30,
        accepted: 70,
        rejected_ratio: 0.3,
        rejected_samples: r.input.rejected_samples,
      },
    });
    const overInput = section(renderSummary(over), '### Input');
    expect(overInput).toContain('(30.00% of lines read; limit 1.00%) — **over the limit**');
    expect(overInput).toContain('First rejected lines (1 of 30):');
  });

  it('names the policy version and hash, the ledger file, head and record count', () => {
    const r = run(mixed());
    const md = renderSummary(r);
    expect(md).toContain(`- Policy: \`shop-policy\` version \`1.2.0\`, hash \`${r.policy.hash}\``);
    expect(md).toContain(
      `- Ledger: \`out/ledger.jsonl\`, head \`${r.ledger.head_hash}\`, ${r.ledger.records} records`,
    );
  });

  it('appends the extra sections after the report', () => {
    const md = renderSummary(run(mixed()), { extraSections: ['### Package\n\nhttps://gitlab.example/p/1'] });
    expect(md.endsWith('### Package\n\nhttps://gitlab.example/p/1\n')).toBe(true);
    expect(md.indexOf('### Package')).toBeGreaterThan(md.indexOf('### Policy and ledger'));
  });

  it('keeps every hostile key inside its own cell, readable back exactly', () => {
    const endpoints = hostile();
    const md = renderSummary(run(endpoints));
    expect(utf8RoundTrips(md)).toBe(true);
    expect(md).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f\u202e\ud800-\udfff]/u);
    const rows = endpointRows(md);
    expect(rows).toHaveLength(endpoints.length);
    const shown = rows.map((row) => {
      expect(row).toHaveLength(6);
      return row[0]!;
    });
    const expected = worstFirstKeys(endpoints);
    shown.forEach((cell, i) => {
      const key = expected[i]!;
      if (key === '') expect(cell).toBe('*(empty)*');
      else if (Array.from(key).length > 200) {
        expect(cell).toMatch(/ … \(\d+ chars\)$/);
        expect(key.startsWith(unvisible(codeSpanContent(cell.replace(/ … \(\d+ chars\)$/, ''))))).toBe(true);
      } else expect(unvisible(codeSpanContent(cell))).toBe(key);
    });
    // The findings table keeps four cells per row too, with keys shortened to 60 characters.
    for (const row of tableRows(md, '### Findings')) {
      expect(row).toHaveLength(4);
      if (row[1] !== '*(empty)*')
        expect(Array.from(unvisible(codeSpanContent(row[1]!.replace(/…$/, '')))).length).toBeLessThanOrEqual(
          60,
        );
    }
    // Nothing outside code spans: a raw tag, mention or reference would be interpreted.
    const outsideCode = [...rows, ...tableRows(md, '### Findings')]
      .flat()
      .map((c) => c.replace(/(`+).*?\1/gs, ''))
      .join(' ');
    expect(outsideCode).not.toMatch(/<script|@user|#12|\[\[ATTACHMENT/);
  });

  it('keeps user text in the Why cell inside a code span', () => {
    const hostileMethods = { '<img src=x onerror=alert(1)>|@user #12': 2, PATCH: 1 };
    const md = renderSummary(run([endpoint('POST /x', 'DROP', { disallowed_methods: hostileMethods })]));
    const [row] = tableRows(md, '### Findings');
    expect(row).toHaveLength(4);
    expect(row![2]).toBe(
      '`methods <img src=x onerror=alert(1)>|@user #12 ×2, PATCH ×1 not allowed`, peak 130 rpm \\> limit 120',
    );
    const html = marked.parse(md, { gfm: true, async: false });
    expect(html).not.toMatch(/<img/);
  });

  it('stays under its 256 KiB default by cutting rows, never the headline, and says how many', () => {
    const many = Array.from({ length: 12_000 }, (_, i) =>
      endpoint(`GET /service/${String(i).padStart(5, '0')}/${'segment/'.repeat(8)}`, DECISION_ORDER[i % 4]),
    );
    const r = run(many);
    const md = renderSummary(r);
    expect(SUMMARY_MAX_BYTES).toBe(256 * 1024);
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(SUMMARY_MAX_BYTES);
    expect(md.split('\n')[3]).toBe('> **Verdict: DROP** — CONTROL: this job fails (exit code 1).');
    expect(tableRows(md, '### Findings')).toHaveLength(MAX_FINDINGS);
    const rows = endpointRows(md);
    const note =
      /\*(\d+) more endpoints with a contract in result\.json \(\1 left out to keep this summary under 262144 bytes\)\.\*/.exec(
        md,
      );
    expect(note).not.toBeNull();
    expect(rows.length).toBeGreaterThan(100);
    expect(rows.length + Number(note![1])).toBe(many.length);
    // The rows kept are the first ones of the full order: the worst verdicts.
    expect(rows.map((row) => unvisible(codeSpanContent(row[0]!)))).toEqual(
      worstFirstKeys(many).slice(0, rows.length),
    );
    // The fixed parts survive the cut.
    expect(md).toContain('### Policy and ledger');
  });

  it('honours a smaller maxBytes, cutting lists in turn, and falls back to the headline when nothing else fits', () => {
    const many = Array.from({ length: 200 }, (_, i) =>
      endpoint(`GET /u${String(i).padStart(3, '0')}`, 'QUARANTINE', { kind: 'unknown', contract_id: null }),
    );
    const r = run(many);
    for (const maxBytes of [4096, 8192, 20_000]) {
      const md = renderSummary(r, { maxBytes });
      expect(Buffer.byteLength(md)).toBeLessThanOrEqual(maxBytes);
      expect(md.split('\n')[3]).toMatch(/^> \*\*Verdict: QUARANTINE\*\*/);
      const left = /\*(\d+) more groups of unknown endpoints in result\.json/.exec(md);
      expect(left).not.toBeNull();
      const listed = section(md, '### Unknown endpoints')
        .split('\n')
        .filter((l) => l.startsWith('- '));
      expect(listed.length + Number(left![1])).toBe(many.length);
    }
    const huge = renderSummary(run(mixed(), { error: 'E'.repeat(50_000), exit_code: 2 }), { maxBytes: 4096 });
    expect(Buffer.byteLength(huge)).toBeLessThanOrEqual(4096);
    expect(huge.split('\n')[3]).toMatch(/^> \*\*Verdict: DROP\*\* — the run stopped/);
    expect(huge).toContain('**Why it stopped:**');
    expect(huge).toContain('result.json has the full report');
    expect(() => renderSummary(run(mixed()), { maxBytes: 100 })).toThrow(RangeError);
  });
});

// ------------------------------------------------------------------------------------------------
// junit.xml
// ------------------------------------------------------------------------------------------------

const XSD = join(import.meta.dirname, 'fixtures/junit/jenkins-junit.xsd');
const xmllintMissing = spawnSync('xmllint', ['--version']).error !== undefined;
if (xmllintMissing && !process.env.CI) {
  console.warn(
    '\n!!!!!!!! xmllint not found: the junit.xml XSD tests are SKIPPED here. Install libxml2-utils; CI runs them. !!!!!!!!\n',
  );
}

function xmllint(args: string[]): string {
  const res = spawnSync('xmllint', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (res.error) throw res.error;
  if (res.status !== 0) throw new Error(`xmllint ${args.join(' ')} failed:\n${res.stderr}`);
  return res.stdout;
}
/** xmllint prints the XPath result followed by one newline. */
const xpath = (file: string, expr: string): string => xmllint(['--xpath', expr, file]).replace(/\n$/, '');
const count = (file: string, expr: string): number => Number(xpath(file, `count(${expr})`));

describe.skipIf(xmllintMissing && !process.env.CI)('junit.xml', () => {
  const validate = (xml: string): string => {
    const file = tmpFile('junit.xml', xml);
    xmllint(['--noout', '--schema', XSD, file]);
    return file;
  };

  it('validates against the JUnit XSD, with counts that match its testcases', () => {
    for (const r of [
      run(mixed()),
      run([]),
      run(hostile()),
      run(mixed(), { error: 'too much garbage', exit_code: 2 }),
    ]) {
      const file = validate(renderJunit(r));
      for (const level of ['/testsuites', '/testsuites/testsuite']) {
        expect(Number(xpath(file, `string(${level}/@tests)`))).toBe(count(file, '//testcase'));
        expect(Number(xpath(file, `string(${level}/@failures)`))).toBe(count(file, '//testcase[failure]'));
        expect(Number(xpath(file, `string(${level}/@errors)`))).toBe(count(file, '//testcase[error]'));
      }
      // The XSD allows `skipped` on the testsuite only.
      expect(Number(xpath(file, 'string(/testsuites/testsuite/@skipped)'))).toBe(
        count(file, '//testcase[skipped]'),
      );
      expect(count(file, '/testsuites/testsuite')).toBe(1);
      expect(xpath(file, 'string(/testsuites/testsuite/@name)')).toBe('traffic-governance');
      expect(count(file, '//testcase')).toBe(r.endpoints.length + (r.error ? 1 : 0));
    }
  });

  it('carries the input counts read / accepted / rejected as suite properties', () => {
    const r = run(mixed());
    r.input = { ...r.input, read: 1000, accepted: 993, rejected: 7, rejected_ratio: 0.007 };
    const file = validate(renderJunit(r));
    const property = (name: string) => xpath(file, `string(//properties/property[@name="${name}"]/@value)`);
    expect([property('input_read'), property('input_accepted'), property('input_rejected')]).toEqual([
      '1000',
      '993',
      '7',
    ]);
  });

  it('maps DROP to a failure, QUARANTINE to skipped, THROTTLE to system-out, ALLOW to a plain pass, each led by its reasons', () => {
    const endpoints = mixed();
    const file = validate(renderJunit(run(endpoints)));
    const tc = (key: string) => `//testcase[@name=${JSON.stringify(key)}]`;
    for (const e of endpoints) {
      expect(count(file, tc(e.endpoint_key))).toBe(1);
      expect(xpath(file, `string(${tc(e.endpoint_key)}/@classname)`)).toBe(e.contract_id ?? 'unknown');
    }
    const firstLine = (key: string, element: string) =>
      xpath(file, `string(${tc(key)}/${element})`).split('\n')[0];
    const reached = 'reached by 15.00% of 20 requests';
    // DROP: a failure whose message (and first line: GitLab shows the text) gives the reasons.
    const methods = `DROP: methods DELETE ×3, PATCH ×1 not allowed — ${reached}`;
    expect(xpath(file, `string(${tc('DELETE /z')}/failure/@message)`)).toBe(methods);
    expect(firstLine('DELETE /z', 'failure')).toBe(methods);
    expect(xpath(file, `string(${tc('POST /c')}/failure/@message)`)).toBe(
      `DROP: circuit OPEN 1×, peak 130 rpm > limit 120 — ${reached}`,
    );
    // QUARANTINE: skipped (the XSD allows it no attribute), never a failure.
    expect(count(file, `${tc('GET /unknown/x')}/*`)).toBe(1);
    expect(firstLine('GET /unknown/x', 'skipped')).toBe(
      `QUARANTINE (warning): no contract matches this path — ${reached}`,
    );
    expect(count(file, `${tc('GET /b/{id}')}/*`)).toBe(1);
    expect(firstLine('GET /b/{id}', 'system-out')).toBe(`THROTTLE: peak 130 rpm > limit 120 — ${reached}`);
    expect(count(file, `${tc('GET /a')}/*`)).toBe(0);
    for (const e of endpoints.filter((x) => x.verdict !== 'ALLOW')) {
      const body = xpath(file, `string(${tc(e.endpoint_key)}/*)`);
      expect(body).toContain(`decisions: ${DECISION_ORDER.map((d) => `${d} ${e.decisions[d]}`).join(', ')}`);
      expect(body).toContain(`errors: ${e.errors} of ${e.requests} requests`);
    }
    for (const level of ['/testsuites', '/testsuites/testsuite']) {
      expect(xpath(file, `string(${level}/@failures)`)).toBe('2');
    }
    expect(xpath(file, 'string(/testsuites/testsuite/@skipped)')).toBe('1');
  });

  it('has no failure in a QUARANTINE-only run (GitLab counts its endpoints as skipped)', () => {
    const scan = ['GET /.env', 'GET /wp-login.php'].map((key) =>
      endpoint(key, 'QUARANTINE', { kind: 'unknown', contract_id: null, reasons: { UNKNOWN_ENDPOINT: 3 } }),
    );
    const file = validate(renderJunit(run([...scan, endpoint('GET /a')])));
    expect(xpath(file, 'string(/testsuites/@failures)')).toBe('0');
    expect(xpath(file, 'string(/testsuites/testsuite/@failures)')).toBe('0');
    expect(xpath(file, 'string(/testsuites/testsuite/@skipped)')).toBe('2');
    expect(count(file, '//failure')).toBe(0);
  });

  it('turns result.error into an <error> testcase "input" (or "verification" for exit 4)', () => {
    const file = validate(
      renderJunit(run(mixed(), { error: 'rejected 30 of 100 lines\nsecond line', exit_code: 2 })),
    );
    expect(count(file, '//testcase[@name="input"]/error')).toBe(1);
    expect(xpath(file, 'string(//testcase[@name="input"]/error/@message)')).toBe(
      'The run stopped: rejected 30 of 100 lines',
    );
    expect(xpath(file, 'string(//testcase[@name="input"]/error)')).toContain(
      'traffic/e2e.har:7 $.log.entries[3]: status 999 > 599',
    );
    const verify = validate(renderJunit(run(mixed(), { error: 'artifact hash mismatch', exit_code: 4 })));
    expect(count(verify, '//testcase[@name="verification"]/error')).toBe(1);
  });

  it('keeps hostile keys and contract ids exact (after visible escaping) in valid XML', () => {
    const endpoints = hostile();
    const file = validate(renderJunit(run(endpoints)));
    const keys = worstFirstKeys(endpoints);
    keys.forEach((key, i) => {
      const tc = `/testsuites/testsuite/testcase[${i + 1}]`;
      expect(unvisible(xpath(file, `string(${tc}/@name)`))).toBe(key);
      const e = endpoints.find((x) => x.endpoint_key === key)!;
      expect(unvisible(xpath(file, `string(${tc}/@classname)`))).toBe(e.contract_id);
    });
  });

  it('stays valid for arbitrary keys', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ unit: 'binary', maxLength: 40 }), { minLength: 1, maxLength: 30 }),
        (keys) => {
          const endpoints = keys.map((k, i) => endpoint(k, DECISION_ORDER[i % 4], { contract_id: k }));
          const file = validate(renderJunit(run(endpoints)));
          expect(count(file, '//testcase')).toBe(keys.length);
        },
      ),
      fuzzOptions(25, 25),
    );
  });
});

// ------------------------------------------------------------------------------------------------
// metrics.txt
// ------------------------------------------------------------------------------------------------

describe('metrics.txt', () => {
  const parse = (text: string): OmFamily[] => parseOpenMetricsBytes(Buffer.from(text, 'utf8'));

  it('passes the strict OpenMetrics parse, with TYPE and HELP on every family and # EOF last', () => {
    for (const r of [
      run(mixed()),
      run([]),
      run(hostile()),
      run([endpoint('GET /none', 'ALLOW', { requests: 0 })]),
    ]) {
      const text = renderMetrics(r);
      const families = parse(text);
      expect(text.endsWith('\n# EOF\n')).toBe(true);
      for (const f of families) {
        expect(f.name.startsWith('traffic_governance_')).toBe(true);
        expect(f.typed).toBe(true);
        expect(f.help).toBeTruthy();
        if (f.type === 'counter') for (const s of f.samples) expect(s.name).toBe(`${f.name}_total`);
        const labelNames = new Set(f.samples.map((s) => Object.keys(s.labels).sort().join(',')));
        expect(labelNames.size).toBeLessThanOrEqual(1);
      }
    }
  });

  it('carries the RunResult numbers for each endpoint, found by its (decoded) label', () => {
    for (const endpoints of [mixed(), hostile()]) {
      const r = run(endpoints, { input: { ...run([]).input, rejected: 4, read: 104 } });
      const families = parse(renderMetrics(r));
      const verdict = family(families, 'verdict');
      const p95 = family(families, 'latency_p95_seconds');
      const errors = family(families, 'error_ratio');
      expect([p95.unit, errors.unit]).toEqual(['seconds', 'ratio']);
      for (const e of endpoints) {
        const ep = { endpoint: e.endpoint_key };
        expect(sampleValue(verdict, verdict.name, ep)).toBe(severity(e.verdict));
        expect(sampleValue(p95, p95.name, ep)).toBe(e.latency_ms.p95 / 1000);
        expect(sampleValue(errors, errors.name, ep)).toBe(e.error_rate);
      }
      expect(family(families, 'run_verdict').samples[0]!.value).toBe(severity(r.verdict));
      expect(family(families, 'run_exit_code').samples[0]!.value).toBe(r.exit_code);
      expect(family(families, 'input_rejected').samples[0]).toMatchObject({
        name: 'traffic_governance_input_rejected_total',
        value: 4,
      });
      expect(family(families, 'input_read').samples[0]!.value).toBe(104);
      // The contract's limits, for endpoints that have a contract (and, for the budget, a result that records it).
      const slo = family(families, 'latency_slo_seconds');
      const contracts = endpoints.filter((e) => e.kind === 'contract');
      expect(slo.samples).toHaveLength(contracts.length);
      for (const e of contracts)
        expect(sampleValue(slo, slo.name, { endpoint: e.endpoint_key })).toBe(e.latency_ms.slo / 1000);
      const budget = family(families, 'error_budget_ratio');
      const budgeted = contracts.filter((e) => e.error_budget !== undefined);
      expect(budget.samples).toHaveLength(budgeted.length);
      for (const e of budgeted)
        expect(sampleValue(budget, budget.name, { endpoint: e.endpoint_key })).toBe(e.error_budget);
    }
  });

  it('keeps to the run families and five per endpoint (GitLab lists every row in its widget)', () => {
    const endpoints = mixed();
    const families = parse(renderMetrics(run(endpoints)));
    expect(families.map((f) => f.name.replace('traffic_governance_', ''))).toEqual([
      'run_verdict',
      'run_exit_code',
      'input_read',
      'input_rejected',
      'verdict',
      'latency_p95_seconds',
      'latency_slo_seconds',
      'error_ratio',
      'error_budget_ratio',
    ]);
    const contracts = endpoints.filter((e) => e.kind === 'contract').length;
    expect(families.flatMap((f) => f.samples)).toHaveLength(4 + 3 * endpoints.length + contracts + 1);
  });

  it('writes a NaN p95 for an endpoint without requests', () => {
    const families = parse(
      renderMetrics(run([endpoint('GET /idle', 'ALLOW', { requests: 0, errors: 0, error_rate: 0 })])),
    );
    const [p95] = family(families, 'latency_p95_seconds').samples;
    expect(p95!.value).toBeNaN();
  });

  it("reads the same in GitLab's metrics parser: one name per sample, the same value", () => {
    for (const endpoints of [mixed(), hostile()]) {
      const text = renderMetrics(run(endpoints));
      const samples = parse(text).flatMap((f) => f.samples);
      const gitlab = gitlabMetrics(text);
      expect(gitlab.size).toBe(samples.length);
      const sampleLines = text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
      for (const line of sampleLines) {
        expect(line).not.toContain('#');
        const value = line.slice(line.lastIndexOf(' ') + 1);
        expect([...gitlab.values()]).toContain(value);
      }
    }
  });

  it('stays valid for arbitrary keys and contract ids', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ unit: 'binary', maxLength: 30 }), { minLength: 1, maxLength: 20 }),
        (keys) => {
          const endpoints = keys.map((k, i) =>
            endpoint(k, DECISION_ORDER[i % 4], { contract_id: keys[(i + 1) % keys.length]! }),
          );
          const text = renderMetrics(run(endpoints));
          expect(family(parse(text), 'verdict').samples).toHaveLength(keys.length);
          expect(gitlabMetrics(text).size).toBe(parse(text).flatMap((f) => f.samples).length);
        },
      ),
      fuzzOptions(300, 300),
    );
  });

  it('is checked by a parser that rejects what the spec forbids', () => {
    const ok = '# TYPE a counter\n# HELP a x\na_total 1\n# EOF\n';
    expect(parseOpenMetrics(ok)).toHaveLength(1);
    const bad = [
      '# TYPE a counter\na_total 1\n', // no EOF
      '# TYPE a counter\na_total 1\n# EOF\na_total 2\n', // after EOF
      '# TYPE a counter\na 1\n# EOF\n', // counter sample without _total
      '# TYPE a gauge\na 1\n# TYPE a gauge\n# EOF\n', // family twice
      '# TYPE a gauge\na{x="1"} 1\na{x="1"} 2\n# EOF\n', // duplicate label set
      '# TYPE a gauge\na{x="1"} 1\n# TYPE b gauge\nb 1\na{x="2"} 1\n# EOF\n', // interleaved family
      '# TYPE a gauge\na{x="1\\q"} 1\n# EOF\n', // undefined escape
      '# TYPE a gauge\na{x="1"x"} 1\n# EOF\n', // unescaped quote
      '# TYPE a gauge\na{1x="1"} 1\n# EOF\n', // bad label name
      '# TYPE a gauge\na{_x="1"} 1\n# EOF\n', // reserved label name
      '# TYPE a gauge\n# UNIT a seconds\na 1\n# EOF\n', // unit not a suffix
      '# TYPE a gauge\na 1\r\n# EOF\n', // CR
      '# TYPE a gauge\n# comment\na 1\n# EOF\n', // free comment
      '# TYPE a gauge\na 1.2.3\n# EOF\n', // bad number
      '# TYPE a counter\na_total -1\n# EOF\n', // negative counter
      '# TYPE a summary\na{quantile="1.5"} 1\n# EOF\n', // quantile out of range
      '# TYPE a counter\na_total 1\n# TYPE a_created gauge\na_created 1\n# EOF\n', // name clash
      '# TYPE a gauge\na  1\n# EOF\n', // double space
    ];
    for (const text of bad)
      expect(() => parseOpenMetrics(text), JSON.stringify(text)).toThrow(OpenMetricsError);
    expect(() => parseOpenMetricsBytes(Buffer.from([0x61, 0x20, 0xff, 0x0a]))).toThrow(/UTF-8/);
  });
});

// ------------------------------------------------------------------------------------------------
// governance.env
// ------------------------------------------------------------------------------------------------

describe('governance.env', () => {
  const KEYS = [
    'GOVERNANCE_VERDICT',
    'GOVERNANCE_TIER',
    'GOVERNANCE_EXIT_CODE',
    'GOVERNANCE_POLICY_VERSION',
    'GOVERNANCE_POLICY_HASH',
    'GOVERNANCE_LEDGER_HEAD',
    'GOVERNANCE_RECORDS',
    'GOVERNANCE_REJECTED',
  ];

  /** GitLab's dotenv rules, checked line by line. */
  function checkDotenvRules(text: string): Map<string, string> {
    expect(Buffer.byteLength(text)).toBeLessThan(DOTENV_MAX_BYTES);
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.slice(0, -1).split('\n');
    expect(lines.length).toBeLessThanOrEqual(20);
    for (const line of lines) {
      expect(line).toMatch(/^[A-Za-z_][A-Za-z0-9_]*=[^\s"'`$#\\]*$/);
      expect(line).not.toMatch(/[\u0000-\u001f\u007f]/);
    }
    return gitlabDotenv(text);
  }

  it('holds the eight variables with the RunResult values, by GitLab’s rules', () => {
    const r = run(mixed());
    const vars = checkDotenvRules(renderDotenv(r));
    expect([...vars.keys()]).toEqual(KEYS);
    expect(vars.get('GOVERNANCE_VERDICT')).toBe('DROP');
    expect(vars.get('GOVERNANCE_TIER')).toBe('CONTROL');
    expect(vars.get('GOVERNANCE_EXIT_CODE')).toBe('1');
    expect(vars.get('GOVERNANCE_POLICY_VERSION')).toBe('1.2.0');
    expect(vars.get('GOVERNANCE_POLICY_HASH')).toBe(r.policy.hash);
    expect(vars.get('GOVERNANCE_LEDGER_HEAD')).toBe(r.ledger.head_hash);
    expect(vars.get('GOVERNANCE_RECORDS')).toBe(String(r.ledger.records));
    expect(vars.get('GOVERNANCE_REJECTED')).toBe('1');
  });

  it('percent-encodes hostile values and cuts long ones, staying under the size limit', () => {
    const version = '1.0.0 $(rm -rf ~)\n"quoted" #x\u0000 é';
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${…} must never reach a later job
    const head = '%41 ${CI_JOB_TOKEN}';
    const r = run(mixed(), {
      policy: { version, hash: 'h'.repeat(20_000), name: 'x' },
      ledger: { file: 'l', head_hash: head, records: 0 },
    });
    const vars = checkDotenvRules(renderDotenv(r));
    expect(decodeURIComponent(vars.get('GOVERNANCE_POLICY_VERSION')!)).toBe(version);
    expect(decodeURIComponent(vars.get('GOVERNANCE_LEDGER_HEAD')!)).toBe(head);
    const hash = vars.get('GOVERNANCE_POLICY_HASH')!;
    expect(hash.length).toBeLessThanOrEqual(DOTENV_MAX_VALUE);
    expect(hash).toMatch(/^h+\.\.\.$/);
    const longEscapes = run(mixed(), { policy: { version: '$'.repeat(5000), hash: 'x' } });
    const cut = checkDotenvRules(renderDotenv(longEscapes)).get('GOVERNANCE_POLICY_VERSION')!;
    expect(cut).toMatch(/^(%24)+\.\.\.$/);
  });
});

// ------------------------------------------------------------------------------------------------
// result.json and writeReports
// ------------------------------------------------------------------------------------------------

describe('result.json', () => {
  it('is the RunResult, schema-valid, keys in schema order, record keys sorted', () => {
    const r = run(mixed());
    const json = renderResultJson(r);
    expect(json.endsWith('}\n')).toBe(true);
    const parsed = JSON.parse(json);
    expect(RunResultSchema.parse(parsed)).toEqual(r);
    expect(Object.keys(parsed)).toEqual(Object.keys(RunResultSchema.shape).filter((k) => k in r));
    const dropped = parsed.endpoints.find((e: EndpointResult) => e.endpoint_key === 'DELETE /z');
    expect(Object.keys(dropped.disallowed_methods)).toEqual(['DELETE', 'PATCH']);
    expect(Object.keys(dropped.reasons)).toEqual([
      'LATENCY_SCORE',
      'METHOD_DISALLOWED',
      'OVERRIDE_METHOD_DISALLOWED',
    ]);
    // A result written before reasons and error_budget were recorded stays readable, and is written as it was.
    const older = parsed.endpoints.find((e: EndpointResult) => e.endpoint_key === 'GET /a');
    expect(['reasons', 'error_budget'].filter((k) => k in older)).toEqual([]);
    expect(json).toContain('\n  "verdict": "DROP",\n');
  });

  it('round-trips hostile keys through JSON exactly', () => {
    const r = run(hostile());
    expect(JSON.parse(renderResultJson(r))).toEqual(r);
  });

  it('refuses an invalid RunResult, and writeReports then writes nothing', () => {
    const bad = [
      { ...run(mixed()), verdict: 'MAYBE' },
      { ...run(mixed()), extra: 1 },
      run([endpoint('GET /a'), endpoint('GET /a')]),
      run([endpoint('GET /a', 'ALLOW', { error_rate: 2 })]),
    ] as RunResult[];
    for (const r of bad) {
      expect(() => renderResultJson(r)).toThrow(ReportInputError);
      for (const render of [renderSummary, renderJunit, renderMetrics, renderDotenv]) {
        expect(() => render(r)).toThrow(ReportInputError);
      }
      const dir = join(tmpRoot, `bad-${tmpSeq++}`);
      expect(() => writeReports(r, dir)).toThrow(ReportInputError);
      expect(existsSync(dir)).toBe(false);
    }
    expect(() => renderResultJson(bad[2]!)).toThrow(
      /\$\.endpoints\[1\]\.endpoint_key: "GET \/a" appears twice/,
    );
    expect(() => renderResultJson(bad[0]!)).toThrow(/\$\.verdict/);
  });
});

describe('writeReports', () => {
  it('writes the six files and returns their paths', () => {
    const r = run(mixed());
    const dir = join(tmpRoot, 'out', 'nested');
    const paths = writeReports(r, dir);
    expect(paths).toEqual({
      summary: join(dir, 'summary.md'),
      junit: join(dir, 'junit.xml'),
      metrics: join(dir, 'metrics.txt'),
      dotenv: join(dir, 'governance.env'),
      result: join(dir, 'result.json'),
      html: join(dir, 'report.html'),
    });
    expect(readFileSync(paths.summary, 'utf8')).toBe(renderSummary(r));
    expect(readFileSync(paths.junit, 'utf8')).toBe(renderJunit(r));
    expect(readFileSync(paths.metrics, 'utf8')).toBe(renderMetrics(r));
    expect(readFileSync(paths.dotenv, 'utf8')).toBe(renderDotenv(r));
    expect(readFileSync(paths.result, 'utf8')).toBe(renderResultJson(r));
    expect(readFileSync(paths.html, 'utf8')).toBe(renderReportHtml(r));
    expect(readdirSync(dir).sort()).toEqual([
      'governance.env',
      'junit.xml',
      'metrics.txt',
      'report.html',
      'result.json',
      'summary.md',
    ]);
  });

  it('is deterministic: the same RunResult gives byte-identical files, whatever the input order', () => {
    for (const endpoints of [mixed(), hostile()]) {
      const a = writeReports(run(endpoints), join(tmpRoot, `det-a-${tmpSeq++}`));
      const b = writeReports(
        structuredClone(run([...endpoints].reverse())),
        join(tmpRoot, `det-b-${tmpSeq++}`),
      );
      for (const key of ['summary', 'junit', 'metrics', 'dotenv'] as const) {
        expect(readFileSync(b[key]).equals(readFileSync(a[key])), key).toBe(true);
      }
      // result.json keeps the input's endpoint order (it is the data); the same input gives the same bytes.
      const c = writeReports(structuredClone(run(endpoints)), join(tmpRoot, `det-c-${tmpSeq++}`));
      expect(readFileSync(c.result).equals(readFileSync(a.result))).toBe(true);
    }
  });
});
