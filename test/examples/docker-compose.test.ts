// examples/docker-compose/: `docker compose config` where the compose plugin exists; here (no plugin, no engine)
// the same promises checked on the parsed file: every mount and build context exists, one exporter per chronik
// node reading that node's log volume read-only with its flags accepted by the exporter's own parser, state_dir on
// a named volume, Prometheus' config with all bundled rules resolved through the mounts (promtool), Grafana's
// provisioning pointing at the Prometheus service and at the mounted dashboards.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import picomatch from 'picomatch';
import { afterAll, describe, expect, it } from 'vitest';
import { expectConfigWithAllRules, exporterFlags, installLayout, promtoolCheckConfig, readRepo, repo, yamlObjects, type Obj } from './helpers.js';
import { hidesRaftLines } from './rust-log.js';

const dir = 'examples/docker-compose';
const file = `${dir}/docker-compose.yml`;
const compose = yamlObjects(file)[0] as Obj;
const services = compose.services as Record<string, Obj>;
const nodes = [1, 2, 3] as const;

interface Mount { readonly source: string; readonly target: string; readonly readOnly: boolean; readonly bind: boolean }
/** Short volume syntax `source:target[:ro]`. */
const mounts = (service: Obj): Mount[] =>
  ((service.volumes ?? []) as string[]).map((spec) => {
    const [source = '', target = '', mode] = spec.split(':');
    return { source, target, readOnly: mode === 'ro', bind: source.startsWith('.') || source.startsWith('/') };
  });
const mountAt = (service: Obj, target: string): Mount | undefined => mounts(service).find((m) => m.target === target);

const composeCheck = spawnSync('docker', ['compose', '--file', join(repo, file), 'config', '--quiet'], { encoding: 'utf8' });
const composeAvailable = composeCheck.error === undefined && !/unknown (shorthand flag|command|flag)|is not a docker command/.test(`${composeCheck.stdout}${composeCheck.stderr}`);
if (!composeAvailable) console.warn('docker compose is not available here: `docker compose config` is not run; the structural checks below stand in for it');

const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

describe('examples/docker-compose/docker-compose.yml', () => {
  it.skipIf(!composeAvailable)('is accepted by `docker compose config` (needs the compose plugin, not the engine)', () => {
    expect(composeCheck.status, composeCheck.stderr).toBe(0);
  });

  it('mounts only paths that exist, builds from the repository\'s Dockerfile, and declares every named volume and dependency', () => {
    const declared = new Set(Object.keys(compose.volumes as Obj));
    for (const [name, service] of Object.entries(services)) {
      for (const m of mounts(service)) {
        if (m.bind) expect(existsSync(join(repo, dir, m.source)), `${name}: ${m.source}`).toBe(true);
        else expect(declared.has(m.source), `${name}: volume ${m.source}`).toBe(true);
      }
      for (const dep of Object.keys(Array.isArray(service.depends_on) ? Object.fromEntries((service.depends_on as string[]).map((d) => [d, {}])) : service.depends_on ?? {})) {
        expect(services[dep], `${name} depends on ${dep}`).toBeDefined();
      }
      if (service.build !== undefined) expect(existsSync(join(repo, dir, service.build.context, service.build.dockerfile))).toBe(true);
    }
  });

  describe.each(nodes)('node %i', (n) => {
    const exporter = services[`exporter-${n}`] as Obj;
    const chronik = services[`chronik-${n}`] as Obj;
    const flags = exporterFlags(exporter.command as string[]);

    it('the exporter reads the node\'s log volume read-only, with state_dir on a volume of its own', () => {
      const logDir = posix.dirname(flags.paths[0] ?? '');
      expect(flags.paths).toHaveLength(1);
      expect(mountAt(exporter, logDir)).toEqual({ source: `chronik-${n}-logs`, target: logDir, readOnly: true, bind: false });
      expect(flags.stateDir).toBe('/var/lib/chronik-log-exporter');
      expect(mountAt(exporter, flags.stateDir ?? '')).toEqual({ source: `exporter-${n}-state`, target: flags.stateDir, readOnly: false, bind: false });
    });

    it('chronik appends its output to a file the exporter\'s glob matches, on the same volume, once the exporter is healthy', () => {
      const script = (chronik.entrypoint as string[]).join(' ');
      const [, config, logFile] = /exec chronik-server start --config (\S+) >> (\S+) 2>&1$/.exec(script) ?? [];
      expect(picomatch(flags.paths[0] ?? '')(logFile ?? '')).toBe(true);
      expect(mountAt(chronik, posix.dirname(logFile ?? ''))?.source).toBe(`chronik-${n}-logs`);
      expect(chronik.depends_on).toEqual({ [`exporter-${n}`]: { condition: 'service_healthy' } });
      // the node's own config, whose node_id is n and whose advertised names are the compose services
      const toml = mounts(chronik).find((m) => m.target === config);
      expect(toml?.bind).toBe(true);
      const text = readRepo(posix.join(dir, toml?.source ?? ''));
      expect(text).toMatch(new RegExp(`^node_id = ${n}$`, 'm'));
      expect(text).toMatch(new RegExp(`^raft = "chronik-${n}:5001"$`, 'm'));
      expect(chronik.hostname).toBe(`chronik-${n}`);
      expect(hidesRaftLines(chronik.environment.RUST_LOG as string)).toBe(false);
    });

    it('the exporter listens on 13900, published as 1390N, with the health check on /healthz', () => {
      expect(flags.listen).toEqual([':13900']);
      expect(exporter.ports).toEqual([`1390${n}:13900`]);
      expect((exporter.healthcheck.test as string[]).join(' ')).toContain('http://127.0.0.1:13900/healthz');
    });
  });

  it('Prometheus: promtool accepts the config as mounted, with every bundled rule file, and scrapes the three exporters with a cluster_id', () => {
    const prometheus = services.prometheus as Obj;
    const configFile = ((prometheus.command as string[]).find((a) => a.startsWith('--config.file=')) ?? '').slice('--config.file='.length);
    const root = mkdtempSync(join(tmpdir(), 'cle-compose-'));
    temps.push(root);
    const binds = mounts(prometheus).filter((m) => m.bind);
    installLayout(root, Object.fromEntries(binds.map((m) => [m.target, join(dir, m.source)])));
    expectConfigWithAllRules(promtoolCheckConfig(join(root, configFile)));

    const config = yamlObjects(posix.join(dir, binds.find((m) => m.target === configFile)?.source ?? ''))[0] as Obj;
    const job = (config.scrape_configs as Obj[]).find((j) => j.job_name === 'chronik-log-exporter') as Obj;
    expect(job.static_configs).toEqual([{ targets: nodes.map((n) => `exporter-${n}:13900`), labels: { cluster_id: 'compose' } }]);
  });

  it('Grafana: the provisioned data source is the Prometheus service, and the dashboard provider\'s path holds the mounted dashboards', () => {
    const grafana = services.grafana as Obj;
    const provisioning = (kind: string): string => {
      const m = mountAt(grafana, `/etc/grafana/provisioning/${kind}`);
      expect(m?.bind, kind).toBe(true);
      return posix.join(dir, m?.source ?? '');
    };
    const datasources = yamlObjects(posix.join(provisioning('datasources'), 'prometheus.yaml'))[0]?.datasources as Obj[];
    expect(datasources.map((d) => d.url)).toEqual(['http://prometheus:9090']);
    expect(services.prometheus).toBeDefined();
    const providers = yamlObjects(posix.join(provisioning('dashboards'), 'chronik.yaml'))[0]?.providers as Obj[];
    const path = providers[0]?.options.path as string;
    const dashboards = mountAt(grafana, path);
    expect(dashboards?.bind).toBe(true);
    const files = readdirSync(join(repo, dir, dashboards?.source ?? '')).filter((f) => f.endsWith('.json'));
    expect(files.sort()).toEqual(['chronik-leadership.json', 'chronik-log-exporter-health.json']);
    // Grafana-managed alerts stay out: Prometheus evaluates the same rules
    expect(mountAt(grafana, '/etc/grafana/provisioning/alerting')).toBeUndefined();
  });
});
