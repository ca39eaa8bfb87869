// Certificates made at test time with openssl: a CA, a server certificate for 127.0.0.1/localhost, and client
// certificates with chosen subject alternative names.

import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const openssl = (args: readonly string[], cwd: string): void => { execFileSync('openssl', args, { cwd, stdio: 'pipe' }); };

export interface Pki {
  readonly dir: string;
  /** File names inside `dir`. */
  readonly ca: string;
  issue(name: string, cn: string, sans: string, usage: 'serverAuth' | 'clientAuth'): { cert: string; key: string };
  read(file: string): string;
}

/** A fresh CA in `dir` (EC P-256 keys: fast). */
export function createPki(dir: string): Pki {
  openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=chronik-test-ca'], dir);
  return {
    dir,
    ca: 'ca.crt',
    issue(name, cn, sans, usage) {
      openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`], dir);
      writeFileSync(join(dir, `${name}.ext`), `subjectAltName=${sans}\nextendedKeyUsage=${usage}\n`);
      openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.crt`, '-days', '2', '-extfile', `${name}.ext`], dir);
      return { cert: `${name}.crt`, key: `${name}.key` };
    },
    read: (file) => readFileSync(join(dir, file), 'utf8'),
  };
}
