// HTTP basic auth against bcrypt hashes, as exporter-toolkit does it: a successful check is cached (bcrypt's cost
// is paid once per credential, not per scrape), an unknown user costs the same as a wrong password, and wrong
// guesses are rate-limited per client address before any bcrypt work is done.

import { createHash } from 'node:crypto';
import { bcryptVerify } from './bcrypt.js';

/** A hash of a password nobody has, to spend the same time on an unknown user as on a known one. */
const DECOY = '$2b$10$7sO8RY0s4oJ1dX3NW0E8mO0qQf1cX5p0Iu2bXy0f3dkMS5cQqYk8a';

export interface BasicAuthOptions {
  /** Failed attempts per client address within `windowMs` before answers become 429 without checking. */
  readonly maxFailures?: number;
  readonly windowMs?: number;
  readonly now?: () => number;
  /** The password check (bcrypt); injectable so that a test can count how often it is paid. */
  readonly verify?: (password: string, hash: string) => Promise<boolean>;
}

export type AuthResult = 'ok' | 'denied' | 'limited';

export interface BasicAuth {
  /** Checks an Authorization header value for `users` (user → bcrypt hash). */
  check(users: ReadonlyMap<string, string>, header: string | undefined, client: string): Promise<AuthResult>;
}

/**
 * @example
 * const auth = createBasicAuth({});
 * await auth.check(users, request.headers.authorization, request.ip); // 'ok' | 'denied' | 'limited'
 */
export function createBasicAuth(options: BasicAuthOptions): BasicAuth {
  const maxFailures = options.maxFailures ?? 10;
  const windowMs = options.windowMs ?? 60_000;
  const now = options.now ?? Date.now;
  const verify = options.verify ?? bcryptVerify;
  const good = new Set<string>();
  const pending = new Map<string, Promise<boolean>>();
  const failures = new Map<string, { count: number; since: number }>();

  const failed = (client: string): void => {
    const f = failures.get(client);
    if (f === undefined || now() - f.since > windowMs) {
      if (failures.size > 10_000) failures.clear(); // bounded: an attacker with many addresses resets it, never grows it
      failures.set(client, { count: 1, since: now() });
    } else {
      f.count++;
    }
  };

  return {
    async check(users, header, client) {
      const f = failures.get(client);
      if (f !== undefined && now() - f.since <= windowMs && f.count >= maxFailures) return 'limited';
      const m = header === undefined ? null : /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
      if (m === null) {
        failed(client);
        return 'denied';
      }
      const decoded = Buffer.from(m[1] ?? '', 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      const user = colon < 0 ? decoded : decoded.slice(0, colon);
      const password = colon < 0 ? '' : decoded.slice(colon + 1);
      const hash = users.get(user);
      const key = createHash('sha256').update(user).update('\u0000').update(password).update('\u0000').update(hash ?? '').digest('base64');
      if (hash !== undefined && good.has(key)) return 'ok';
      let verifying = pending.get(key);
      if (verifying === undefined) {
        verifying = verify(password, hash ?? DECOY).then((ok) => ok && hash !== undefined);
        pending.set(key, verifying);
        void verifying.finally(() => pending.delete(key));
      }
      if (await verifying) {
        if (good.size > 1000) good.clear();
        good.add(key);
        return 'ok';
      }
      failed(client);
      return 'denied';
    },
  };
}
