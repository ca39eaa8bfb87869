// The CLI as a user runs it: a child process of the compiled code, with flags, environment variables and exit codes.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLAGS } from '../../src/config/index.js';
import { buildCli, root, runCli } from './build-cli.js';

let cli = '';
let cleanup = (): void => undefined;
const dir = mkdtempSync(join(tmpdir(), 'cle-cli-'));
beforeAll(async () => { ({ cli, cleanup } = await buildCli()); }, 120_000);
afterAll(() => { cleanup(); rmSync(dir, { recursive: true, force: true }); });

const write = (name: string, text: string): string => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};

describe('cli', () => {
  it('--help lists every option with its default and environment variable', async () => {
    const r = await runCli(cli, ['--help']);
    expect(r.code).toBe(0);
    for (const f of FLAGS) {
      expect(r.stdout).toContain(`--${f.name}`);
      if (f.default !== undefined) expect(r.stdout).toContain(`default: ${f.default}`);
      if (f.env !== undefined) expect(r.stdout).toContain(`CHRONIK_LOG_EXPORTER_${f.env}`);
    }
    expect(r.stdout).toContain('config check FILE');
  });

  it('--version prints the package version', async () => {
    const r = await runCli(cli, ['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^chronik-log-exporter \d+\.\d+\.\d+ \(node v\d+/);
  });

  it('config check accepts the annotated example', async () => {
    const r = await runCli(cli, ['config', 'check', join(root, 'examples/config.yaml')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('examples/config.yaml: valid');
  });

  it('config check exits 2 naming every problem with its key path, what was expected and what was found', async () => {
    const file = write('bad.yaml', [
      'sources:',
      '  - paths: []',
      '    count_existing: "yes"',
      'limits:',
      '  max_line_bytes: 10',
      '  max_lines: 3',
      'leadership:',
      '  stability_window: 10 parsecs',
      '',
    ].join('\n'));
    const r = await runCli(cli, ['config', 'check', file]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`Invalid configuration in ${file}`);
    expect(r.stderr).toContain('sources.0.paths: expected a list of at least 1 item, got an empty list');
    expect(r.stderr).toContain('sources.0.count_existing: expected true or false, got "yes"');
    expect(r.stderr).toContain('limits.max_line_bytes: expected a number ≥ 256, got 10');
    expect(r.stderr).toContain('limits: unknown key `max_lines`');
    expect(r.stderr).toContain('leadership.stability_window: expected a number or a duration such as "10s", "500ms" or "5m", got "10 parsecs"');
  });

  it('config check exits 2 on unreadable and non-YAML files', async () => {
    const missing = await runCli(cli, ['config', 'check', join(dir, 'nope.yaml')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read the file (ENOENT)');
    const broken = await runCli(cli, ['config', 'check', write('broken.yaml', 'sources: [\n')]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('not valid YAML');
  });

  it('serve with a bad config exits 2 before listening', async () => {
    const r = await runCli(cli, ['serve', '--config', write('bad-serve.yaml', 'limits: { max_partitions: 0 }\n'), '--web.listen-address', '127.0.0.1:0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('limits.max_partitions: expected a number ≥ 1, got 0');
  });

  it('takes the config file from CHRONIK_LOG_EXPORTER_CONFIG, and a flag wins over it', async () => {
    const bad = write('env-bad.yaml', 'bogus: 1\n');
    const viaEnv = await runCli(cli, ['replay', join(root, 'test/fixtures/samples/v2.2.1-node1-leader.log')], { env: { CHRONIK_LOG_EXPORTER_CONFIG: bad } });
    expect(viaEnv.code).toBe(2);
    expect(viaEnv.stderr).toContain('(top level): unknown key `bogus`');
    const good = write('env-good.yaml', 'limits: { max_partitions: 5 }\n');
    const flagWins = await runCli(cli, ['replay', '--config', good, join(root, 'test/fixtures/samples/v2.2.1-node1-leader.log')], { env: { CHRONIK_LOG_EXPORTER_CONFIG: bad } });
    expect(flagWins.code).toBe(0);
    expect(flagWins.stdout).toContain('chronik_log_raft_term');
  });

  it('exits 2 on an unknown flag, a bad --log.format and an unknown command', async () => {
    const unknown = await runCli(cli, ['--web.listen', ':1']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Unknown option '--web.listen'");
    const format = await runCli(cli, ['serve', '--log.format', 'xml']);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('Expected --log.format to be `logfmt` or `json`, got `xml`');
    const envFormat = await runCli(cli, ['serve'], { env: { CHRONIK_LOG_EXPORTER_LOG_FORMAT: 'yaml' } });
    expect(envFormat.code).toBe(2);
    expect(envFormat.stderr).toContain('got `yaml`');
    const command = await runCli(cli, ['frobnicate']);
    expect(command.code).toBe(2);
    expect(command.stderr).toContain('Unknown command `frobnicate`');
  });

  it('config check exits 2 on catastrophic user regexes, naming the rule id', async () => {
    const file = write('redos.yaml', [
      'rules:',
      '  - id: nested',
      "    match: { message: '(a+)+$' }",
      '    action: { type: counter, metric: custom_nested_total }',
      '  - id: overlapping',
      "    match: { message: '(a|a)*b' }",
      '    action: { type: counter, metric: custom_overlapping_total }',
      '',
    ].join('\n'));
    const r = await runCli(cli, ['config', 'check', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('rules.0.match.message: rule `nested`: expected a regex that cannot backtrack badly, got "(a+)+$"');
    expect(r.stderr).toContain('rules.1.match.message: rule `overlapping`: expected a regex that cannot backtrack badly, got "(a|a)*b"');
  });

  it('rules test prints, per event, the rules that matched and what they did', async () => {
    const r = await runCli(cli, ['rules', 'test', join(root, 'examples/config.yaml'), join(root, 'examples/v2.2.1-cluster/node1.log')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    const failed = lines.findIndex((l) => l.includes('WARN chronik_server::raft_cluster: Message sender: failed to send'));
    expect(failed).toBeGreaterThan(-1);
    expect(lines[failed + 1]).toMatch(/^ {2}custom raft_send_failed: chronik_custom_raft_send_failures_total\{node_id="1",peer="\d"\} \+= 1$/);
    expect(r.stdout).toMatch(/^ {2}built-in raft_became$/m);
    expect(r.stdout).toMatch(/^ {2}no rule matched$/m);
    expect(r.stdout).toMatch(/^custom raft_entries_persisted: \d+ match(es)?$/m);
  });
});
