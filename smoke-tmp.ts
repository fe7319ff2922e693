import { readTraffic, detectFormat } from './src/traffic/index.js';
for (const f of process.argv.slice(2)) {
  try {
    console.log(f, await detectFormat(f));
    let ok = 0; const bad: unknown[] = []; let first: unknown;
    for await (const item of readTraffic(f)) { if (item.ok) { ok++; first ??= item; } else bad.push(item); }
    console.log(' ok', ok, 'first', JSON.stringify(first)); for (const b of bad) console.log(' bad', JSON.stringify(b));
  } catch (e) { console.log(' ERR', (e as Error).message); }
}
