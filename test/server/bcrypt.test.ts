// bcrypt against published vectors and against the system's libxcrypt (through Python's crypt module).

import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { bcryptHash, bcryptVerify, isBcryptHash } from '../../src/server/bcrypt.js';

/** Hashes with libxcrypt (the C library behind crypt(3) on Debian): an independent implementation. */
const systemHash = (password: string, cost: number): string =>
  execFileSync('python3', ['-W', 'ignore', '-c', 'import crypt,sys; print(crypt.crypt(sys.argv[1], crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=1<<int(sys.argv[2]))))', password, String(cost)], { encoding: 'utf8' }).trim();

describe('bcrypt', () => {
  it.each([
    // OpenBSD's and John the Ripper's published vectors
    ['U*U', '$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW'],
    ['', '$2a$06$DCq7YPn5Rq63x1Lad4cll.TV4S6ytwfsfvkgY8jIucDrjc8deX1s.'],
    ['a', '$2a$06$m0CrhHm10qJ3lXRY.5zDGO3rS2KdeeWLuGmsfGlMfOxih58VYVfxe'],
    ['abcdefghijklmnopqrstuvwxyz', '$2a$06$.rCVZVOThsIa97pEDOxvGuRRgzG64bvtJ0938xuqzv18d3ZpQhstC'],
  ])('verifies %j against a published vector', async (password, hash) => {
    expect(await bcryptVerify(password, hash)).toBe(true);
    expect(await bcryptVerify(`${password}x`, hash)).toBe(false);
  });

  it('agrees with libxcrypt both ways, including UTF-8 and the 72-byte limit', async () => {
    for (const password of ['hello', 'pässwörd ✓', 'x'.repeat(80)]) {
      const theirs = systemHash(password, 4);
      expect(await bcryptVerify(password, theirs)).toBe(true);
      expect(await bcryptVerify('wrong', theirs)).toBe(false);
      const ours = await bcryptHash(password, 4);
      expect(isBcryptHash(ours)).toBe(true);
      const check = execFileSync('python3', ['-W', 'ignore', '-c', 'import crypt,sys; print(crypt.crypt(sys.argv[1], sys.argv[2]) == sys.argv[2])', password, ours], { encoding: 'utf8' }).trim();
      expect(check).toBe('True');
    }
    expect(await bcryptVerify('x'.repeat(72), systemHash('x'.repeat(80), 4))).toBe(true); // bytes past 72 do not count
  });

  it('treats malformed hashes as a mismatch', async () => {
    expect(await bcryptVerify('a', 'plain-text')).toBe(false);
    expect(await bcryptVerify('a', '$2x$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW')).toBe(false);
    expect(await bcryptVerify('a', '$2a$03$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW')).toBe(false);
  });
});
