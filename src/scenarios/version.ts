// chronik version strings (`v2.2.1`) compared numerically.

/** A parsed `vMAJOR.MINOR.PATCH`. */
export type Version = readonly [number, number, number];

const VERSION_RE = /^v?(\d+)\.(\d+)\.(\d+)$/;

/** Parses `v2.2.1` or `2.2.1`; throws on anything else. */
export function parseVersion(text: string): Version {
  const match = VERSION_RE.exec(text);
  if (match === null) {
    throw new TypeError(`Expected a version like \`v2.2.1\`, got \`${text}\``);
  }
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

/** Negative, zero or positive like `Array.prototype.sort` comparators. */
export function compareVersions(a: string, b: string): number {
  const x = parseVersion(a);
  const y = parseVersion(b);
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
}

/** True when `since <= version <= until`. */
export function versionInRange(version: string, since: string, until: string): boolean {
  return compareVersions(since, version) <= 0 && compareVersions(version, until) <= 0;
}
