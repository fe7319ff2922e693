import { RequestEventSchema } from './src/model.js';
const objs = Array.from({length: 200000}, (_, i) => ({ url: `/api/orders/${i}`, method: 'GET', status_code: 200, latency_ms: 1.5, timestamp: 1796140800 + i }));
const texts = objs.map((o) => JSON.stringify(o));
for (const opt of [{}, { reportInput: true }]) {
  let t = performance.now(); for (const o of objs) RequestEventSchema.safeParse(o, opt); console.log('zod', JSON.stringify(opt), (performance.now() - t).toFixed(0), 'ms');
}
let t = performance.now(); for (const s of texts) JSON.parse(s); console.log('JSON.parse', (performance.now() - t).toFixed(0), 'ms');
const dec = new TextDecoder('utf-8', { fatal: true }); const bufs = texts.map((s) => Buffer.from(s));
t = performance.now(); for (const b of bufs) dec.decode(b); console.log('TextDecoder', (performance.now() - t).toFixed(0), 'ms');
t = performance.now(); for (const b of bufs) b.toString('utf8'); console.log('toString', (performance.now() - t).toFixed(0), 'ms');
const { isUtf8 } = await import('node:buffer');
t = performance.now(); for (const b of bufs) isUtf8(b); console.log('isUtf8', (performance.now() - t).toFixed(0), 'ms');
