/**
 * Worker threads that run one of our modules again: the module passes its own `import.meta.url`.
 * Bundled, that is the bundle itself (dist/…/index.js, whose entry points start nothing off the main
 * thread) and every module's top level sees `workerRole()`; in development it is the TypeScript
 * source, loaded through tsx.
 */
import { fileURLToPath } from 'node:url';
import { isMainThread, Worker, workerData } from 'node:worker_threads';

interface RoleData {
  role: string;
}

/**
 * The file a worker runs for a module URL: the bundle's own path (on Windows `D:\a\…\index.js`,
 * a UNC `\\server\share\…` path or percent-encoded names decoded), or undefined for TypeScript
 * source, which needs the tsx loader first.
 */
export function workerFile(moduleUrl: string, windows = process.platform === 'win32'): string | undefined {
  const file = fileURLToPath(moduleUrl, { windows });
  return file.endsWith('.ts') ? undefined : file;
}

export function startModuleWorker(moduleUrl: string, role: string, data: object = {}): Worker {
  const options = { workerData: { ...data, role } satisfies RoleData };
  const file = workerFile(moduleUrl);
  if (file !== undefined) return new Worker(file, options);
  const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(moduleUrl)}); });`;
  return new Worker(boot, { ...options, eval: true });
}

/** The role this thread was started for (undefined on the main thread), and its data. */
export function workerRole(): string | undefined {
  return isMainThread ? undefined : (workerData as RoleData | null)?.role;
}
