// The deployment, CLI, configuration and troubleshooting docs against the program: the --help block is the help
// the CLI prints, every config key of the schema is documented with the default the schema applies, every
// exporter command line in the docs and the README names a command and flags that exist, and links resolve.

import { existsSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { FlagError, parseFlags, renderFlagHelp } from '../../src/config/flags.js';
import { validateConfig } from '../../src/config/load-config.js';
import { configSchema } from '../../src/config/schema.js';
import { VERSION } from '../../src/version.js';
import { readRepo, repo } from './helpers.js';
import { invocations } from './shell.js';

const ownDocs = ['docs/deployment.md', 'docs/cli.md', 'docs/configuration.md', 'docs/troubleshooting.md'] as const;

/** `--help` as src/cli.ts builds it: its USAGE template with the flag table and version filled in. */
function helpText(): string {
  const template = /const USAGE = `([\s\S]*?)`;/.exec(readRepo('src/cli.ts'))?.[1];
  if (template === undefined) throw new Error('Expected `const USAGE = `…`;` in src/cli.ts (the help template this test reads)');
  const text = template.replace('${VERSION}', VERSION).replace('${renderFlagHelp()}', renderFlagHelp());
  if (text.includes('${')) throw new Error(`Expected only \${VERSION} and \${renderFlagHelp()} in the USAGE template, got: ${text}`);
  return text;
}

// ── the configuration schema, walked ──

interface ZodDef { type: string; shape?: Record<string, { _zod: { def: ZodDef } }>; innerType?: { _zod: { def: ZodDef } }; element?: { _zod: { def: ZodDef } }; in?: { _zod: { def: ZodDef } } }
/** Key paths of the schema (`limits.max_partitions`, `sources[].paths`), and which of them are objects. */
function schemaKeys(): { path: string; object: boolean }[] {
  const out: { path: string; object: boolean }[] = [];
  const unwrap = (def: ZodDef): ZodDef => {
    const inner = def.innerType ?? (def.type === 'pipe' ? def.in : undefined);
    return inner === undefined ? def : unwrap(inner._zod.def);
  };
  const walk = (def: ZodDef, prefix: string): void => {
    const d = unwrap(def);
    if (d.type === 'array' && d.element !== undefined) return walk(d.element._zod.def, `${prefix}[]`);
    if (d.type !== 'object') return;
    for (const [key, child] of Object.entries(d.shape ?? {})) {
      const path = prefix === '' ? key : `${prefix}.${key}`;
      out.push({ path, object: unwrap(child._zod.def).type === 'object' });
      walk(child._zod.def, path);
    }
  };
  walk((configSchema as unknown as { _zod: { def: ZodDef } })._zod.def, ''); // zod 4 keeps the definition in _zod.def
  return out;
}

/** The smallest config in which every key path exists (one source, one rule). */
const minimal = (): Record<string, unknown> => ({
  sources: [{ paths: ['/var/log/chronik/*.log'] }],
  rules: [{ id: 'doc_rule', match: { message: '^docs' }, action: { type: 'counter', metric: 'doc_rule_total' } }],
});
const steps = (path: string): (string | number)[] => path.split('.').flatMap((p) => (p.endsWith('[]') ? [p.slice(0, -2), 0] : [p]));
function getAt(value: unknown, path: string): unknown {
  return steps(path).reduce<unknown>((v, k) => (v === null || typeof v !== 'object' ? undefined : (v as Record<string | number, unknown>)[k]), value);
}
function setAt(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = steps(path);
  let node: Record<string | number, unknown> = target;
  for (const [i, key] of keys.slice(0, -1).entries()) {
    node[key] ??= typeof keys[i + 1] === 'number' ? [] : {};
    node = node[key] as Record<string | number, unknown>;
  }
  node[keys.at(-1) ?? ''] = value;
}
function unsetAt(target: Record<string, unknown>, path: string): void {
  const keys = steps(path);
  const parent = getAt(target, keys.slice(0, -1).join('.').replace(/\.0(?=\.|$)/g, '[]')) as Record<string | number, unknown> | undefined;
  if (parent !== undefined) delete parent[keys.at(-1) ?? ''];
}

/** Rows `| \`key\` | default | meaning |` of docs/configuration.md. */
function documentedKeys(): Map<string, string> {
  const rows = new Map<string, string>();
  for (const m of readRepo('docs/configuration.md').matchAll(/^\| `([a-z_.[\]]+)` \| ([^|]+) \|/gm)) rows.set(m[1] ?? '', (m[2] ?? '').trim());
  return rows;
}

describe('docs/cli.md', () => {
  it('shows exactly the help the CLI prints', () => {
    const block = /<!-- help:begin -->\n```text\n([\s\S]*?)\n```\n<!-- help:end -->/.exec(readRepo('docs/cli.md'))?.[1];
    expect(block, 'the help block between <!-- help:begin --> and <!-- help:end -->').toBeDefined();
    expect(block, 'docs/cli.md is stale: put the output of `npm run build && node dist/src/cli.js --help` between its help markers, and describe what changed').toBe(helpText());
  });

  it('has a section for every command of the help text', () => {
    const doc = readRepo('docs/cli.md');
    const commands = [...helpText().matchAll(/^ {2}chronik-log-exporter (\[serve\]|[a-z]+(?: [a-z]+)?)(?= )/gm)].map((m) => (m[1] === '[serve]' ? 'serve' : m[1] ?? ''));
    expect(commands.length).toBeGreaterThanOrEqual(5);
    for (const command of commands) expect(doc, `docs/cli.md needs a section "## \`${command} …\`" (a new command?)`).toMatch(new RegExp(`^## \`${command}[ \`]`, 'm'));
  });
});

describe('docs/configuration.md', () => {
  const documented = documentedKeys();
  const keys = schemaKeys();

  it('documents every key of the schema, and no key the schema does not have', () => {
    expect(keys.length).toBeGreaterThan(20);
    const expected = keys.filter((k) => !k.object).map((k) => k.path).sort();
    expect([...documented.keys()].sort(), 'docs/configuration.md: one table row per key of src/config/schema.ts').toEqual(expected);
  });

  it.each(keys.filter((k) => !k.object).map((k) => k.path))('%s: the documented default is the one the schema applies', (path) => {
    const cell = documented.get(path) ?? '';
    // keys inside a list item need an item to exist; the lists themselves are defaulted from an empty file
    const base = (): Record<string, unknown> => (path.includes('[]') ? minimal() : {});
    const applied = getAt(validateConfig(base(), 'defaults'), path);
    if (cell === 'required') {
      const without = minimal();
      unsetAt(without, path);
      expect(() => validateConfig(without, 'without')).toThrow(new RegExp(path.replaceAll('[]', '.0').replaceAll('.', '\\.')));
    } else if (cell.startsWith('none')) {
      expect(applied).toBeUndefined();
    } else {
      const literal = /^`([^`]+)`$/.exec(cell)?.[1];
      expect(literal, `default cell of ${path}: \`value\`, none … or required`).toBeDefined();
      const config = base();
      setAt(config, path, parseAllDocuments(literal ?? '')[0]?.toJS());
      expect(getAt(validateConfig(config, 'documented default'), path)).toEqual(applied);
      expect(applied).toBeDefined();
    }
  });
});

/** The commands the help's usage lines name (`serve`, `replay`, `config`, …). */
const commands = (): string[] =>
  [...helpText().matchAll(/^ {2}chronik-log-exporter \[?([a-z-]+)/gm)].map((m) => m[1] ?? '');

describe('exporter command lines in the docs and the README', () => {
  const found = [...ownDocs, 'README.md'].flatMap((file) => invocations(file));
  const known = commands();

  it('are found in every document that shows one', () => {
    for (const file of ['README.md', 'docs/cli.md', 'docs/deployment.md', 'docs/configuration.md', 'docs/troubleshooting.md']) {
      expect(found.some((f) => f.file === file), file).toBe(true);
    }
  });

  it.each(found.map((f) => [`${f.file}: ${f.line}`, f] as const))('%s', (_name, invocation) => {
    let flags;
    try {
      // a synopsis line's [optional] parts are checked like the rest
      flags = parseFlags(invocation.args.map((a) => a.replace(/^\[|\]$/g, '')), {});
    } catch (error) {
      if (error instanceof FlagError) throw new Error(`Expected flags the exporter has in \`${invocation.line}\` (${invocation.file}), got: ${error.message}`);
      throw error;
    }
    const command = flags.positionals[0];
    expect(known.length).toBeGreaterThanOrEqual(5);
    expect(command === undefined || known.includes(command), `command ${String(command)} (known: ${known.join(', ')})`).toBe(true);
    if (invocation.via === 'docker') expect(invocation.line).toContain(`chronik-log-exporter:${VERSION} `);
    for (const name of Object.keys(invocation.env)) expect(name).toMatch(/^CHRONIK_LOG_EXPORTER_/);
  });
});

describe('links', () => {
  /** GitHub's heading anchors: lower case, punctuation other than - and _ dropped, spaces to -. */
  const anchors = (file: string): Set<string> =>
    new Set([...readRepo(file).matchAll(/^#{1,6} (.+)$/gm)].map((m) => (m[1] ?? '').toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replaceAll(' ', '-')));

  it.each([...ownDocs, 'README.md'])('%s: every relative link resolves, anchors included', (file) => {
    const text = readRepo(file).replace(/```[\s\S]*?```/g, '');
    const links = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1] ?? '').filter((l) => !/^[a-z]+:/.test(l));
    for (const link of links) {
      const [path = '', anchor] = link.split('#');
      const target = path === '' ? file : posix.normalize(posix.join(dirname(file), path));
      expect(existsSync(join(repo, target)), `${file}: ${link}`).toBe(true);
      if (anchor !== undefined && target.endsWith('.md')) expect(anchors(target).has(anchor), `${file}: ${link}`).toBe(true);
    }
  });

  it('the README links to every deployment document', () => {
    const readme = readRepo('README.md');
    for (const doc of ownDocs) expect(readme, doc).toContain(`](${doc})`);
  });
});
