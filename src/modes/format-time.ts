// Event time (unix seconds, microsecond precision) back to chronik's own timestamp form.

/** `1762596905.322442` → `2025-11-08T10:15:05.322442Z`. */
export function formatEventTime(seconds: number): string {
  let whole = Math.floor(seconds);
  let micro = Math.round((seconds - whole) * 1e6);
  if (micro >= 1e6) {
    whole += 1;
    micro -= 1e6;
  }
  return `${new Date(whole * 1000).toISOString().slice(0, 19)}.${String(micro).padStart(6, '0')}Z`;
}
