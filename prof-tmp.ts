import { readTraffic } from './src/traffic/index.js';
const t = performance.now(); const c = process.cpuUsage(); let n = 0;
for await (const item of readTraffic(process.argv[2]!)) n++;
const cpu = process.cpuUsage(c);
console.log(n, 'wall', ((performance.now() - t) / 1000).toFixed(2), 's cpu', ((cpu.user + cpu.system) / 1e6).toFixed(2), 's');
