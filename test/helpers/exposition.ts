// Reads sample values out of a Prometheus text exposition, for assertions on named series.

/** The value of the series written exactly as `name{labels}` (labels in exposition order), or undefined. */
export function sample(text: string, series: string): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith(`${series} `)) return Number(line.slice(series.length + 1));
  }
  return undefined;
}
