// Time to stable leadership, per node and in event time (metric contract, "Time to stable leadership").
// Pure: the caller passes the time of every step; nothing here reads a clock.

/** What the tracker reports; the node state turns these into metric updates. */
export interface StabilityEffects {
  /** First stability of a startup: seconds from the banner to the moment T leadership became stable. */
  observe(seconds: number): void;
  /** `chronik_log_leadership_stable` changed. */
  stable(value: boolean): void;
  /** A disruption ended a stable period. */
  disrupted(): void;
  /** A startup ended without an observation (300 s passed, or a new banner came first). */
  unstableStartup(): void;
}

/** Plain data, so that a checkpoint can hold it as JSON. */
export interface StabilityState {
  /** Banner time of the startup still waiting for its observation; null when none is pending. */
  pendingStartup: number | null;
  /** Banner time of the current startup (for the observation), null before any banner. */
  startup: number | null;
  settled: boolean;
  /** Candidate T: when the node became settled, or the last disruption if later. */
  since: number | null;
  stable: boolean;
}

/** A startup without an observation this long after its banner never gets one. */
export const STARTUP_DEADLINE_SECONDS = 300;

export function initialStability(): StabilityState {
  return { pendingStartup: null, startup: null, settled: false, since: null, stable: false };
}

/** Resolves every window that has run out by `now`, in the order they ran out. */
export function advanceStability(s: StabilityState, now: number, windowSeconds: number, fx: StabilityEffects): void {
  for (;;) {
    const stableAt = !s.stable && s.settled && s.since !== null ? s.since + windowSeconds : Infinity;
    const closeAt = s.pendingStartup === null ? Infinity : s.pendingStartup + STARTUP_DEADLINE_SECONDS;
    if (stableAt > now && closeAt > now) return;
    if (stableAt <= closeAt) {
      s.stable = true;
      fx.stable(true);
      if (s.pendingStartup !== null && s.since !== null) {
        fx.observe(Math.max(0, s.since - s.pendingStartup));
        s.pendingStartup = null;
      }
    } else {
      s.pendingStartup = null;
      fx.unstableStartup();
    }
  }
}

/** A disruption at `t` (role change, leader L1 → L2, new election, failed election or proposal, partition leader change). */
export function disruptStability(s: StabilityState, t: number, fx: StabilityEffects): void {
  if (s.stable) {
    s.stable = false;
    fx.stable(false);
    fx.disrupted();
  }
  s.since = t;
}

/** The node's settledness from its role and term (leader, or follower at a term above 0). */
export function settleStability(s: StabilityState, settled: boolean, t: number): void {
  if (settled && !s.settled) s.since = s.since === null || s.since < t ? t : s.since;
  if (!settled) s.since = null;
  s.settled = settled;
}

/** A startup banner at `t` (after advancing to `t`): a pending startup is closed as unstable, all is reset. */
export function startStability(s: StabilityState, t: number, fx: StabilityEffects): void {
  if (s.pendingStartup !== null) fx.unstableStartup();
  if (s.stable) fx.stable(false);
  s.pendingStartup = t;
  s.startup = t;
  s.settled = false;
  s.since = null;
  s.stable = false;
}
