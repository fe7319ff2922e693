/** The CLI's main() in this process, its output captured: what `traffic-governance …` would print and exit with. */
import type { CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

export interface Captured {
  code: number;
  out: string;
  err: string;
}

/** A `cli(argv, extra)` that runs in `cwd` with an empty environment unless `extra` says otherwise. */
export function cliIn(cwd: string) {
  return async (argv: string[], extra: Partial<CliIo> = {}): Promise<Captured> => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      env: {},
      cwd,
      ...extra,
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
}
