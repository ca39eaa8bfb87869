// bcrypt ($2a$/$2b$/$2y$), for basic auth hashes in the web config. Blowfish's initial P-array and S-boxes are
// the hexadecimal digits of π's fraction, computed once on first use (Machin's formula on BigInts) rather than
// pasted in. The 2^cost key schedule runs in slices that yield to the event loop, so a login never stalls a scrape.

import { randomBytes, timingSafeEqual } from 'node:crypto';

const ALPHABET = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const WORDS = 18 + 4 * 256;
const MAGIC = 'OrpheanBeholderScryDoubt';

let piWords: Uint32Array | undefined;

/** The first `words` 32-bit words of π's fractional part (Blowfish's "nothing up my sleeve" constants). */
function piFraction(words: number): Uint32Array {
  const bits = BigInt(words * 32 + 64);
  const one = 1n << bits;
  const atanInv = (x: bigint): bigint => {
    let term = one / x;
    let sum = term;
    const x2 = x * x;
    for (let k = 1n; term !== 0n; k++) {
      term /= x2;
      const t = term / (2n * k + 1n);
      sum += k % 2n === 1n ? -t : t;
    }
    return sum;
  };
  const pi = 16n * atanInv(5n) - 4n * atanInv(239n);
  const fraction = (pi - 3n * one) >> 64n;
  const out = new Uint32Array(words);
  for (let i = 0; i < words; i++) out[i] = Number((fraction >> BigInt((words - 1 - i) * 32)) & 0xffffffffn);
  return out;
}

class Blowfish {
  readonly p: Uint32Array;
  readonly s: Uint32Array;
  constructor() {
    piWords ??= piFraction(WORDS);
    this.p = piWords.slice(0, 18);
    this.s = piWords.slice(18);
  }

  /** Enciphers (l, r) in place in `lr`. */
  encipher(lr: Uint32Array, at: number): void {
    const { p, s } = this;
    let l = lr[at] as number; // at is a valid index
    let r = lr[at + 1] as number;
    for (let i = 0; i < 16; i += 2) {
      l ^= p[i] as number;
      r ^= ((((s[l >>> 24] as number) + (s[256 | ((l >>> 16) & 0xff)] as number)) ^ (s[512 | ((l >>> 8) & 0xff)] as number)) + (s[768 | (l & 0xff)] as number));
      r ^= p[i + 1] as number;
      l ^= ((((s[r >>> 24] as number) + (s[256 | ((r >>> 16) & 0xff)] as number)) ^ (s[512 | ((r >>> 8) & 0xff)] as number)) + (s[768 | (r & 0xff)] as number));
    }
    lr[at] = r ^ (p[17] as number);
    lr[at + 1] = l ^ (p[16] as number);
  }

  /** Blowfish key expansion, salted as in EksBlowfish (`salt` undefined: the plain schedule). */
  expand(key: Uint8Array, salt: Uint8Array | undefined): void {
    let kp = 0;
    const keyWord = (): number => {
      let w = 0;
      for (let i = 0; i < 4; i++) {
        w = (w << 8) | (key[kp] as number); // kp < key.length
        kp = (kp + 1) % key.length;
      }
      return w >>> 0;
    };
    for (let i = 0; i < 18; i++) this.p[i] = (this.p[i] as number) ^ keyWord();
    let sp = 0;
    const saltWord = (): number => {
      if (salt === undefined) return 0;
      let w = 0;
      for (let i = 0; i < 4; i++) {
        w = (w << 8) | (salt[sp] as number); // sp < salt.length
        sp = (sp + 1) % salt.length;
      }
      return w >>> 0;
    };
    const lr = new Uint32Array(2);
    for (let i = 0; i < 18; i += 2) {
      lr[0] = (lr[0] as number) ^ saltWord();
      lr[1] = (lr[1] as number) ^ saltWord();
      this.encipher(lr, 0);
      this.p[i] = lr[0] as number;
      this.p[i + 1] = lr[1] as number;
    }
    for (let i = 0; i < 1024; i += 2) {
      lr[0] = (lr[0] as number) ^ saltWord();
      lr[1] = (lr[1] as number) ^ saltWord();
      this.encipher(lr, 0);
      this.s[i] = lr[0] as number;
      this.s[i + 1] = lr[1] as number;
    }
  }
}

function decode64(text: string, bytes: number): Uint8Array | undefined {
  const out = new Uint8Array(bytes);
  let bits = 0;
  let acc = 0;
  let n = 0;
  for (const c of text) {
    const v = ALPHABET.indexOf(c);
    if (v < 0) return undefined;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      if (n < bytes) out[n++] = (acc >> bits) & 0xff;
    }
  }
  return n === bytes ? out : undefined;
}

function encode64(data: Uint8Array): string {
  let out = '';
  for (let i = 0; i < data.length; i += 3) {
    const b0 = data[i] as number; // i < length
    const b1 = data[i + 1];
    const b2 = data[i + 2];
    out += ALPHABET[b0 >> 2];
    out += ALPHABET[((b0 & 3) << 4) | ((b1 ?? 0) >> 4)];
    if (b1 === undefined) break;
    out += ALPHABET[((b1 & 15) << 2) | ((b2 ?? 0) >> 6)];
    if (b2 === undefined) break;
    out += ALPHABET[b2 & 63];
  }
  return out;
}

const HASH = /^\$(2[aby])\$(\d{2})\$([./A-Za-z0-9]{22})([./A-Za-z0-9]{31})$/;

/** True for a string in the bcrypt format (`$2b$10$` + 53 characters). */
export const isBcryptHash = (s: string): boolean => HASH.test(s) && Number(HASH.exec(s)?.[2]) >= 4 && Number(HASH.exec(s)?.[2]) <= 31;

const yieldNow = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function compute(password: string, cost: number, salt: Uint8Array): Promise<Uint8Array> {
  const key = Buffer.concat([Buffer.from(password, 'utf8'), Buffer.alloc(1)]).subarray(0, 72); // NUL-terminated, at most 72 bytes
  const bf = new Blowfish();
  bf.expand(key, salt);
  const rounds = 2 ** cost;
  for (let i = 0; i < rounds; i++) {
    bf.expand(key, undefined);
    bf.expand(salt, undefined);
    if ((i & 15) === 15) await yieldNow();
  }
  const text = new Uint32Array(6);
  for (let i = 0; i < 6; i++) text[i] = Buffer.from(MAGIC, 'latin1').readUInt32BE(i * 4);
  for (let i = 0; i < 64; i++) for (let j = 0; j < 6; j += 2) bf.encipher(text, j);
  const out = Buffer.alloc(24);
  for (let i = 0; i < 6; i++) out.writeUInt32BE(text[i] as number, i * 4);
  return out.subarray(0, 23);
}

/**
 * Checks a password against a bcrypt hash; false (never an exception) for a malformed hash.
 * @example
 * await bcryptVerify('hello', '$2b$10$…'); // true or false
 */
export async function bcryptVerify(password: string, hash: string): Promise<boolean> {
  const m = HASH.exec(hash);
  if (m === null || !isBcryptHash(hash)) return false;
  const salt = decode64(m[3] ?? '', 16);
  const expected = decode64(m[4] ?? '', 23);
  if (salt === undefined || expected === undefined) return false;
  const got = await compute(password, Number(m[2]), salt);
  return timingSafeEqual(got, expected);
}

/**
 * Hashes a password with a random salt, as `$2b$<cost>$…`.
 * @example
 * await bcryptHash('hello', 10); // '$2b$10$…'
 */
export async function bcryptHash(password: string, cost = 10): Promise<string> {
  if (!Number.isInteger(cost) || cost < 4 || cost > 31) throw new RangeError(`Expected a bcrypt cost from 4 to 31, got ${cost}`);
  const salt = randomBytes(16);
  const hash = await compute(password, cost, salt);
  return `$2b$${String(cost).padStart(2, '0')}$${encode64(salt).slice(0, 22)}${encode64(hash).slice(0, 31)}`;
}
