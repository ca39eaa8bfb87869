// Partition keys are `topic-partition`; topic names contain dashes, so split at the last `-digits`.

const KEY = /^(.*)-(\d+)$/;

/** Splits `orders-eu-3` into `['orders-eu', '3']`; undefined when the key has no numeric suffix. */
export function splitPartitionKey(key: string): readonly [topic: string, partition: string] | undefined {
  const m = KEY.exec(key);
  return m === null ? undefined : [m[1] ?? '', m[2] ?? ''];
}

/** Size of a Debug-printed id list such as `[1, 2, 3]` (inner text `1, 2, 3`); 0 for an empty list. */
export function listSize(inner: string): number {
  const trimmed = inner.trim();
  if (trimmed === '') return 0;
  let n = 1;
  for (let i = 0; i < trimmed.length; i++) if (trimmed.charCodeAt(i) === 44 /* , */) n++;
  return n;
}
