// The exporter-toolkit web config file (`--web.config.file`, as node_exporter and Prometheus read it): TLS,
// client certificates, basic auth with bcrypt hashes, response headers and a rate limit. Parsed into a frozen
// value with the certificate material already read (relative paths are relative to the file's directory).

import { readFile } from 'node:fs/promises';
import { createSecureContext, type SecureContextOptions } from 'node:tls';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { ConfigError, formatIssues } from '../config/index.js';
import { isBcryptHash } from './bcrypt.js';

const TLS_VERSIONS = { TLS10: 'TLSv1', TLS11: 'TLSv1.1', TLS12: 'TLSv1.2', TLS13: 'TLSv1.3' } as const;
type TlsVersionName = keyof typeof TLS_VERSIONS;
const CLIENT_AUTH = ['NoClientCert', 'RequestClientCert', 'RequireAnyClientCert', 'VerifyClientCertIfGiven', 'RequireAndVerifyClientCert'] as const;
export type ClientAuthType = (typeof CLIENT_AUTH)[number];

/** Go's names of the TLS 1.2 cipher suites → OpenSSL's. */
const CIPHERS: Readonly<Record<string, string>> = {
  TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256: 'ECDHE-ECDSA-AES128-GCM-SHA256',
  TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256: 'ECDHE-RSA-AES128-GCM-SHA256',
  TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384: 'ECDHE-ECDSA-AES256-GCM-SHA384',
  TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384: 'ECDHE-RSA-AES256-GCM-SHA384',
  TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305: 'ECDHE-ECDSA-CHACHA20-POLY1305',
  TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256: 'ECDHE-ECDSA-CHACHA20-POLY1305',
  TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305: 'ECDHE-RSA-CHACHA20-POLY1305',
  TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256: 'ECDHE-RSA-CHACHA20-POLY1305',
  TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA: 'ECDHE-ECDSA-AES128-SHA',
  TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA: 'ECDHE-RSA-AES128-SHA',
  TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA: 'ECDHE-ECDSA-AES256-SHA',
  TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA: 'ECDHE-RSA-AES256-SHA',
  TLS_RSA_WITH_AES_128_GCM_SHA256: 'AES128-GCM-SHA256',
  TLS_RSA_WITH_AES_256_GCM_SHA384: 'AES256-GCM-SHA384',
  TLS_RSA_WITH_AES_128_CBC_SHA: 'AES128-SHA',
  TLS_RSA_WITH_AES_256_CBC_SHA: 'AES256-SHA',
};
/** TLS 1.3 suites are not configurable in Go; kept enabled when cipher_suites narrows TLS 1.2. */
const TLS13_CIPHERS = 'TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256';
const CURVES: Readonly<Record<string, string>> = { CurveP256: 'P-256', CurveP384: 'P-384', CurveP521: 'P-521', X25519: 'X25519' };
/** The headers exporter-toolkit lets a config set, with the values it accepts (undefined: any). */
const HEADERS: Readonly<Record<string, readonly string[] | undefined>> = {
  'Content-Security-Policy': undefined,
  'X-Frame-Options': ['deny', 'sameorigin'],
  'X-Content-Type-Options': ['nosniff'],
  'X-XSS-Protection': undefined,
  'Strict-Transport-Security': undefined,
};

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/;
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

const schema = z.strictObject({
  tls_server_config: z.strictObject({
    cert: z.string().min(1).optional(),
    key: z.string().min(1).optional(),
    client_ca: z.string().min(1).optional(),
    cert_file: z.string().min(1).optional(),
    key_file: z.string().min(1).optional(),
    client_auth_type: z.enum(CLIENT_AUTH).default('NoClientCert'),
    client_ca_file: z.string().min(1).optional(),
    client_allowed_sans: z.array(z.string().min(1)).optional(),
    min_version: z.enum(Object.keys(TLS_VERSIONS) as [TlsVersionName, ...TlsVersionName[]]).default('TLS12'),
    max_version: z.enum(Object.keys(TLS_VERSIONS) as [TlsVersionName, ...TlsVersionName[]]).default('TLS13'),
    cipher_suites: z.array(z.string().refine((c) => c in CIPHERS, `a TLS 1.2 cipher suite of Go's crypto/tls (${Object.keys(CIPHERS).join(', ')})`)).optional(),
    prefer_server_cipher_suites: z.boolean().default(true),
    curve_preferences: z.array(z.string().refine((c) => c in CURVES, `one of ${Object.keys(CURVES).join(', ')}`)).optional(),
  }).optional(),
  http_server_config: z.strictObject({
    http2: z.boolean().default(true),
    headers: z.record(z.string(), z.string()).default({}),
  }).prefault({}),
  basic_auth_users: z.record(z.string().min(1), z.string().refine(isBcryptHash, 'a bcrypt hash ($2a$, $2b$ or $2y$, cost 4–31): see `chronik-log-exporter hash-password`')).default({}),
  rate_limit: z.strictObject({
    interval: z.union([z.number().nonnegative().transform((s) => s * 1000), z.string().regex(DURATION, 'a duration such as "1s" or "100ms"').transform((s) => {
      const m = DURATION.exec(s);
      return Number(m?.[1]) * UNIT_MS[(m?.[2] ?? 's') as keyof typeof UNIT_MS]; // the regex admits only these units
    })]),
    burst: z.number().int().min(0),
  }).optional(),
});

/** TLS as node:tls wants it, and what must be checked after the handshake. */
export interface TlsSettings {
  readonly context: SecureContextOptions;
  readonly clientAuth: ClientAuthType;
  readonly allowedSans: readonly string[];
}

export interface WebConfig {
  /** The file it came from, and every file it made us read (watched for changes). */
  readonly files: readonly string[];
  readonly tls: TlsSettings | undefined;
  /** User → bcrypt hash; empty: no basic auth. */
  readonly users: ReadonlyMap<string, string>;
  readonly headers: Readonly<Record<string, string>>;
  readonly http2: boolean;
  readonly rateLimit: { readonly intervalMs: number; readonly burst: number } | undefined;
}

/**
 * Reads and validates a web config file; every problem at once, as a ConfigError (exit 2).
 * @example
 * const web = await loadWebConfig('web-config.yml'); // web.tls, web.users …
 */
export async function loadWebConfig(file: string): Promise<WebConfig> {
  let raw: unknown;
  try {
    raw = parse(await readFile(file, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code; // fs errors carry a code, yaml's do not
    throw new ConfigError(file, [code === undefined ? `not valid YAML: ${(error as Error).message}` : `cannot read the file (${code})`]);
  }
  const result = schema.safeParse(raw ?? {});
  if (!result.success) throw new ConfigError(file, formatIssues(result.error.issues, raw));
  const c = result.data;
  const problems: string[] = [];
  const files = [file];
  const base = dirname(resolve(file));

  const material = async (inline: string | undefined, path: string | undefined, key: string, fileKey: string, required: boolean): Promise<string | undefined> => {
    if (inline !== undefined && path !== undefined) {
      problems.push(`tls_server_config: give ${key} or ${fileKey}, not both`);
      return undefined;
    }
    if (inline !== undefined) return inline;
    if (path === undefined) {
      if (required) problems.push(`tls_server_config.${fileKey}: expected a file name (or ${key} inline), got nothing`);
      return undefined;
    }
    const full = resolve(base, path);
    files.push(full);
    try {
      return await readFile(full, 'utf8');
    } catch (error) {
      problems.push(`tls_server_config.${fileKey}: cannot read ${full} (${(error as NodeJS.ErrnoException).code ?? String(error)})`); // fs errors carry a code
      return undefined;
    }
  };

  let tls: TlsSettings | undefined;
  const t = c.tls_server_config;
  if (t !== undefined) {
    const cert = await material(t.cert, t.cert_file, 'cert', 'cert_file', true);
    const key = await material(t.key, t.key_file, 'key', 'key_file', true);
    const ca = await material(t.client_ca, t.client_ca_file, 'client_ca', 'client_ca_file', false);
    const verifies = t.client_auth_type === 'VerifyClientCertIfGiven' || t.client_auth_type === 'RequireAndVerifyClientCert';
    if (verifies && ca === undefined) problems.push(`tls_server_config.client_ca_file: expected a CA file for client_auth_type ${t.client_auth_type}, got nothing`);
    if (t.client_allowed_sans !== undefined && t.client_auth_type !== 'RequireAnyClientCert' && t.client_auth_type !== 'RequireAndVerifyClientCert') {
      problems.push(`tls_server_config.client_allowed_sans: expected client_auth_type RequireAnyClientCert or RequireAndVerifyClientCert, got ${t.client_auth_type}`);
    }
    if (Number(t.min_version.slice(3)) > Number(t.max_version.slice(3))) problems.push(`tls_server_config.min_version: expected at most max_version (${t.max_version}), got ${t.min_version}`);
    const context: SecureContextOptions = {
      ...(cert === undefined ? {} : { cert }),
      ...(key === undefined ? {} : { key }),
      ...(ca === undefined ? {} : { ca }),
      minVersion: TLS_VERSIONS[t.min_version],
      maxVersion: TLS_VERSIONS[t.max_version],
      honorCipherOrder: t.prefer_server_cipher_suites,
      ...(t.cipher_suites === undefined ? {} : { ciphers: [...t.cipher_suites.map((s) => CIPHERS[s]), TLS13_CIPHERS].join(':') }),
      ...(t.curve_preferences === undefined ? {} : { ecdhCurve: t.curve_preferences.map((s) => CURVES[s]).join(':') }),
    };
    if (cert !== undefined && key !== undefined) {
      try {
        createSecureContext(context);
      } catch (error) {
        problems.push(`tls_server_config: the certificate, key or CA cannot be used (${(error as Error).message})`); // OpenSSL errors
      }
    }
    tls = { context, clientAuth: t.client_auth_type, allowedSans: t.client_allowed_sans ?? [] };
  }

  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(c.http_server_config.headers)) {
    const canonical = Object.keys(HEADERS).find((h) => h.toLowerCase() === name.toLowerCase());
    if (canonical === undefined) {
      problems.push(`http_server_config.headers.${name}: expected one of ${Object.keys(HEADERS).join(', ')}, got \`${name}\``);
      continue;
    }
    const allowed = HEADERS[canonical];
    if (allowed !== undefined && !allowed.includes(value.toLowerCase())) problems.push(`http_server_config.headers.${name}: expected ${allowed.join(' or ')}, got ${JSON.stringify(value)}`);
    else if (value !== '') headers[canonical] = value;
  }
  if (problems.length > 0) throw new ConfigError(file, problems);
  return Object.freeze({
    files,
    tls,
    users: new Map(Object.entries(c.basic_auth_users)),
    headers,
    http2: c.http_server_config.http2,
    rateLimit: c.rate_limit === undefined || c.rate_limit.interval === 0 ? undefined : { intervalMs: c.rate_limit.interval, burst: c.rate_limit.burst },
  });
}
