// Names that logrotate and its kin give the generations of a log: `<path>.1`, `<path>-20261126`, `<path>_old`.

/**
 * True when `path` names a rotated generation of `base`: `base` followed by `.`, `-` or `_` and more.
 * @example
 * isRotatedName('/var/log/chronik/server.log.1', '/var/log/chronik/server.log'); // true
 */
export function isRotatedName(path: string, base: string): boolean {
  return path.length > base.length + 1 && path.startsWith(base) && '.-_'.includes(path.charAt(base.length));
}
