/** The part of picomatch (4.x, no bundled types) that src/traffic/filter.ts uses. */
declare module 'picomatch/posix.js' {
  interface PicomatchOptions {
    /** Let `*` and `**` match segments that start with a dot. */
    dot?: boolean;
    /** Throw on a glob that makes an invalid regular expression (instead of never matching). */
    debug?: boolean;
  }
  function picomatch(glob: string | readonly string[], options?: PicomatchOptions): (path: string) => boolean;
  export default picomatch;
}
