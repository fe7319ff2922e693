/**
 * A report posted as a comment that later runs edit in place (a GitHub pull request comment, a GitLab
 * merge request note): it starts with a hidden marker naming its key, and it fits the platform's limit.
 */

/**
 * The hidden marker for a key. The key is percent-encoded (and `-` too), so no key can close the
 * HTML comment early or make two different keys produce the same marker.
 */
export function commentMarker(key: string): string {
  const safe = encodeURIComponent(key).replace(/-/g, '%2D');
  return `<!-- traffic-governance:${safe} -->`;
}

/** Marker + markdown, cut to `limit` UTF-16 code units with `cutNote` (a Markdown paragraph) saying so. */
export function markedBody(marker: string, markdown: string, limit: number, cutNote: string): string {
  const head = `${marker}\n`;
  if (head.length + markdown.length <= limit) return head + markdown;
  const tail = `\n\n${cutNote}`;
  let cut = markdown.slice(0, limit - head.length - tail.length);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1); // never split a surrogate pair
  return head + cut + tail;
}
