/**
 * The "Verify the ledger" panel of report.html, mounted into <section id="tg-verify">: takes
 * ledger.jsonl and ledger.checkpoint (dropped, picked, or fetched from the page's folder when the
 * page is served over http(s)), runs the verification in a Web Worker (verify-worker.ts, its bundle
 * inlined as <script type="text/plain" id="tg-verify-worker">) so the page never freezes, shows
 * progress, then the result, compared with the head and count this report was written with.
 */
import type { ReportData } from '../data.js';
import type { VerifyPassed, VerifyReply, VerifyRequest } from './verify-protocol.js';

const PROVES =
  'This check reads every line of the ledger in your browser, nothing is uploaded. When it passes, it proves: ' +
  'every record’s hash recomputes over the bytes of its line and links to the record before it (sequence and previous_hash), ' +
  'from one genesis record to the run’s verdict records in the order a run writes them; ' +
  'the Merkle root over all lines and the record count equal those in ledger.checkpoint; ' +
  'and the last record’s hash and the count equal the ledger head and record count this report was written with. ' +
  'It is the check of “verify-ledger --fast --checkpoint”.';
const STRICT =
  'What only the CLI adds: “traffic-governance verify-ledger” without --fast also proves that every line is ' +
  'canonical JSON (RFC 8785) in valid UTF-8 and that the genesis record has the genesis schema, which catches a writer that ' +
  'wrote non-canonical lines with correct hashes; and with --checkpoint … --public-key it checks the checkpoint’s Ed25519 ' +
  'signature with the key you trust (this page reads a signed checkpoint but does not check its signatures).';

const data = JSON.parse(document.getElementById('tg-data')!.textContent!) as ReportData;
const workerSource = document.getElementById('tg-verify-worker')?.textContent ?? '';
const section = document.getElementById('tg-verify');

/** `DIR/ledger.jsonl` → `ledger.jsonl`: the files sit beside report.html. */
const baseName = (path: string): string =>
  path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
const ledgerName = baseName(data.ledger.file);
const checkpointName =
  data.ledger.checkpoint === null ? 'ledger.checkpoint' : baseName(data.ledger.checkpoint);

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text?: string,
  attributes: Record<string, string> = {},
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
}

/** The report's own head and count: a ledger whose chain and checkpoint hold may still be another run's. */
function againstReport(done: VerifyPassed): { line: number; problem: string } | null {
  const { records, head_hash } = data.ledger;
  if (done.records !== records)
    return {
      line: Math.min(done.records, records) + 1,
      problem: `this report was written with a ledger of ${records} records; this one has ${done.records} (with a checkpoint that matches it): another run’s ledger and checkpoint`,
    };
  if (done.head !== head_hash)
    return {
      line: done.records,
      problem: `the last record’s hash ${done.head} is not the ledger head this report was written with, ${head_hash}: another run’s ledger and checkpoint`,
    };
  return null;
}

function mount(root: HTMLElement): void {
  root.append(element('h3', 'Verify the ledger'), element('p', PROVES), element('p', STRICT));
  const drop = element('div', undefined, { id: 'tg-verify-drop', tabindex: '0' });
  drop.append(element('p', `Drop ${ledgerName} and ${checkpointName} here, or pick them: `));
  const ledgerInput = element('input', undefined, { type: 'file', id: 'tg-verify-ledger', accept: '.jsonl' });
  const checkpointInput = element('input', undefined, {
    type: 'file',
    id: 'tg-verify-checkpoint',
    accept: '.checkpoint',
  });
  const ledgerLabel = element('label', `${ledgerName} `);
  ledgerLabel.append(ledgerInput);
  const checkpointLabel = element('label', ` ${checkpointName} `);
  checkpointLabel.append(checkpointInput);
  drop.append(ledgerLabel, checkpointLabel);
  drop.style.border = '2px dashed #d1d9e0';
  drop.style.borderRadius = '6px';
  drop.style.padding = '8px 16px';
  root.append(drop);
  let fetchButton: HTMLButtonElement | undefined;
  if (location.protocol === 'http:' || location.protocol === 'https:') {
    fetchButton = element('button', `Fetch ${ledgerName} and ${checkpointName} from this folder`, {
      type: 'button',
      id: 'tg-verify-fetch',
    });
    const line = element('p');
    line.append(fetchButton);
    root.append(line);
  }
  const bar = element('progress', undefined, { id: 'tg-verify-progress', max: '1', value: '0' });
  bar.hidden = true;
  const result = element('p', '', { id: 'tg-verify-result', role: 'status' });
  root.append(bar, result);

  const files: { ledger?: Blob; checkpoint?: Blob } = {};
  let worker: Worker | undefined;
  const say = (text: string, colour = ''): void => {
    result.textContent = text;
    result.style.color = colour;
  };

  async function start(ledger: Blob, checkpoint: Blob): Promise<void> {
    worker?.terminate();
    const url = URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' }));
    const current = new Worker(url);
    worker = current;
    URL.revokeObjectURL(url);
    bar.hidden = false;
    bar.value = 0;
    say('Verifying…');
    current.onmessage = (event: MessageEvent<VerifyReply>) => {
      const reply = event.data;
      if (reply.type === 'progress') {
        bar.value = reply.total === 0 ? 1 : reply.bytes / reply.total;
        say(`Verifying… ${reply.records.toLocaleString('en-US')} records checked`);
        return;
      }
      current.terminate();
      bar.value = 1;
      const failure = reply.ok ? againstReport(reply) : reply;
      if (failure === null && reply.ok) {
        say(
          `Ledger OK: ${reply.records} records, head ${reply.head}, Merkle root ${reply.root}: the chain is intact, matches the checkpoint’s root and size, and the head and count this report was written with.`,
          '#1a7f37',
        );
      } else if (failure !== null) {
        const where = failure.line > 0 ? `line ${failure.line}: ` : '';
        say(`Verification FAILED: ${where}${failure.problem}`, '#d1242f');
      }
    };
    current.onerror = (event) =>
      say(`Verification FAILED: the verifier stopped: ${event.message}`, '#d1242f');
    const request: VerifyRequest = { type: 'verify', ledger, checkpoint: await checkpoint.text() };
    current.postMessage(request);
  }

  const take = (list: FileList | null | undefined): void => {
    for (const file of list ?? []) {
      if (file.name.endsWith('.checkpoint')) files.checkpoint = file;
      else files.ledger = file;
    }
    if (files.ledger && files.checkpoint) void start(files.ledger, files.checkpoint);
    else say(`Now ${files.ledger ? checkpointName : ledgerName}, please.`);
  };
  ledgerInput.addEventListener('change', () => take(ledgerInput.files));
  checkpointInput.addEventListener('change', () => take(checkpointInput.files));
  drop.addEventListener('dragover', (event) => event.preventDefault());
  drop.addEventListener('drop', (event) => {
    event.preventDefault();
    take(event.dataTransfer?.files);
  });
  fetchButton?.addEventListener('click', async () => {
    say(`Fetching ${ledgerName} and ${checkpointName}…`);
    try {
      const [ledger, checkpoint] = await Promise.all(
        [ledgerName, checkpointName].map(async (name) => {
          const response = await fetch(new URL(name, location.href));
          if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
          return response.blob();
        }),
      );
      await start(ledger!, checkpoint!);
    } catch (error) {
      say(`Cannot fetch the ledger files beside this page: ${(error as Error).message}`, '#d1242f');
    }
  });
}

if (section !== null) mount(section);
