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

/** Waits until the panel shows a verdict (not progress). */
export async function panelVerdict(page: Page, timeoutMs = 60_000): Promise<PanelVerdict> {
  const verdict = page.locator(RESULT, { hasText: /^(Ledger OK|Verification FAILED)/ });
  await verdict.waitFor({ timeout: timeoutMs });
  const text = await verdict.textContent();
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
