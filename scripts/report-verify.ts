/**
 * Drives report.html's "Verify the ledger" panel in Chromium: picks the ledger and checkpoint files
 * and waits for the verdict. Shared by test/report-verify.test.ts and the bench.
 */
import type { Page } from 'playwright-core';

export interface PanelVerdict {
  ok: boolean;
  /** The panel's result text. */
  text: string;
}

const RESULT = '#tg-verify-result';
const settled = (text: string | null): boolean =>
  text !== null && (text.startsWith('Ledger OK') || text.startsWith('Verification FAILED'));

/** Runs in the page (a string: this project compiles without the DOM library). */
const SETTLED = `(() => {
  const text = document.querySelector('${RESULT}')?.textContent ?? '';
  return text.startsWith('Ledger OK') || text.startsWith('Verification FAILED');
})()`;

/** Waits until the panel shows a verdict (not progress). */
export async function panelVerdict(page: Page, timeoutMs = 60_000): Promise<PanelVerdict> {
  await page.waitForFunction(SETTLED, undefined, { timeout: timeoutMs, polling: 50 });
  const text = await page.textContent(RESULT);
  if (!settled(text)) throw new Error(`no verdict: ${text}`);
  return { ok: text!.startsWith('Ledger OK'), text: text! };
}

/** Picks the two files with the panel's file inputs (on a freshly opened page), then waits for the verdict. */
export async function verifyWithPanel(
  page: Page,
  ledgerPath: string,
  checkpointPath: string,
  timeoutMs?: number,
): Promise<PanelVerdict> {
  await page.setInputFiles('#tg-verify-ledger', ledgerPath);
  await page.setInputFiles('#tg-verify-checkpoint', checkpointPath);
  return panelVerdict(page, timeoutMs);
}
