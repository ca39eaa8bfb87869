// There is no container engine here: the Dockerfile's steps must stay the commands CI runs, and this test says so.

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string>; bin: Record<string, string>; engines: { node: string } };
const runs = [...dockerfile.matchAll(/^RUN (.+)$/gm)].map((m) => m[1] ?? '');

describe('Dockerfile', () => {
  it('builds with the same npm commands as CI, naming scripts that exist', () => {
    expect(runs).toContain('npm ci');
    expect(runs).toContain('npm run build');
    expect(runs).toContain('npm prune --omit=dev');
    for (const run of runs) {
      const script = /^npm run (\S+)/.exec(run)?.[1];
      if (script !== undefined) expect(Object.keys(pkg.scripts)).toContain(script);
    }
    expect(readFileSync(join(root, '.ci/run'), 'utf8')).toMatch(/^npm ci/m);
  });

  it('runs the package bin on the Node 24 LTS slim image, as a non-root user, with a health check on /healthz', () => {
    expect(dockerfile).toMatch(/^FROM node:24-slim AS build$/m);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^EXPOSE 13900$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\n.*\/healthz/m);
    const entry = /^ENTRYPOINT \["node", "([^"]+)"\]$/m.exec(dockerfile)?.[1];
    expect(entry).toBe(pkg.bin['chronik-log-exporter']);
    // checkpoints on by default, on the declared volume
    const volume = /^VOLUME \["([^"]+)"\]$/m.exec(dockerfile)?.[1];
    expect(volume).toBeDefined();
    expect(dockerfile).toMatch(new RegExp(`^CMD \\[.*"--state\\.dir", "${volume ?? ''}"\\]$`, 'm'));
    for (const copied of [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) => (m[1] ?? '').split(' '))) {
      expect(existsSync(join(root, copied)), `COPY source ${copied}`).toBe(true);
    }
  });

  it('what `npm run build` makes is what the image starts', () => {
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'pipe' });
    const out = execFileSync('node', [join(root, pkg.bin['chronik-log-exporter'] ?? ''), '--version'], { encoding: 'utf8' });
    expect(out).toMatch(/^chronik-log-exporter \d+\.\d+\.\d+/);
  }, 180_000); // a full tsc build on a busy 2-core machine
});
