// examples/kubernetes/: the sidecar (StatefulSet) and DaemonSet recipes hang together and use only what the
// exporter has: probes on /healthz (never /readyz), ports equal to the listen port the args give (13900), args
// the exporter's own parser accepts, a config its schema accepts, state_dir on a persistent volume, logs
// mounted read-only where chronik writes them, Service/ServiceMonitor/PodMonitor selectors that select.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, dirname, join, posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exporterConfig, exporterFlags, filesUnder, onPath, repo, yamlObjects, type Obj } from './helpers.js';
import { hidesRaftLines } from './rust-log.js';

const version = (JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string }).version;

interface Recipe {
  readonly dir: string;
  readonly workload: 'StatefulSet' | 'DaemonSet';
}
const recipes: readonly Recipe[] = [
  { dir: 'examples/kubernetes/sidecar', workload: 'StatefulSet' },
  { dir: 'examples/kubernetes/daemonset', workload: 'DaemonSet' },
];

const manifests = (dir: string): Obj[] =>
  filesUnder(dir).filter((f) => f.endsWith('.yaml') && basename(f) !== 'kustomization.yaml').flatMap((f) => yamlObjects(f));
const only = (objects: Obj[], kind: string): Obj => {
  const found = objects.filter((o) => o.kind === kind);
  if (found.length !== 1) throw new Error(`Expected one ${kind}, got ${found.length}`);
  return found[0] as Obj;
};
const matches = (selector: Record<string, string>, labels: Record<string, string>): boolean =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);
const listenPort = (address: string): number => Number(/:(\d+)$/.exec(address)?.[1]);

describe.each(recipes)('$dir', ({ dir, workload }) => {
  const objects = manifests(dir);
  const work = only(objects, workload);
  const pod = work.spec.template as Obj;
  const containers = pod.spec.containers as Obj[];
  const exporter = containers.find((c) => c.name === 'chronik-log-exporter') as Obj;
  const flags = exporterFlags(exporter.args as string[]);
  const volumes = new Map((pod.spec.volumes as Obj[]).map((v) => [v.name as string, v]));
  const mountAt = (container: Obj, path: string): Obj | undefined => (container.volumeMounts as Obj[]).find((m) => m.mountPath === path);

  it('runs the exporter image of this version with args its own parser accepts (command serve)', () => {
    expect(exporter.image).toMatch(new RegExp(`/chronik-log-exporter:${version.replaceAll('.', '\\.')}$`));
    expect(exporter.command).toBeUndefined(); // the image's entrypoint is the CLI
    expect(flags.positionals).toEqual(['serve']);
  });

  it('exposes the port the exporter listens on (13900) as "metrics" and probes /healthz on it, never /readyz', () => {
    const ports = flags.listen.map(listenPort);
    expect(ports).toEqual([13900]);
    expect(exporter.ports).toEqual([{ name: 'metrics', containerPort: 13900 }]);
    for (const probe of ['livenessProbe', 'readinessProbe']) {
      expect(exporter[probe]?.httpGet, probe).toEqual({ path: '/healthz', port: 'metrics' });
    }
    expect(JSON.stringify(work)).not.toContain('/readyz');
  });

  it('runs as the image\'s non-root user (uid 1000) on a read-only root filesystem', () => {
    expect(exporter.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
  });

  it('has state_dir on by default (--state.dir) on a writable volume that outlives the container', () => {
    expect(flags.stateDir).toBe('/var/lib/chronik-log-exporter');
    const mount = mountAt(exporter, flags.stateDir ?? '');
    expect(mount?.readOnly ?? false).toBe(false);
    const claim = (work.spec.volumeClaimTemplates as Obj[] | undefined)?.find((t) => t.metadata.name === mount?.name);
    const volume = volumes.get(mount?.name);
    // a PersistentVolumeClaim (StatefulSet) or a hostPath (DaemonSet); an emptyDir would die with the pod
    expect(claim !== undefined || volume?.hostPath !== undefined, `state volume ${String(mount?.name)}`).toBe(true);
    expect(volume?.emptyDir).toBeUndefined();
  });

  it('reads a config its schema accepts, from the ConfigMap mounted where --config points, whose paths are a read-only log mount', () => {
    const file = flags.config ?? '';
    const mount = mountAt(exporter, posix.dirname(file));
    const configMap = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === volumes.get(mount?.name)?.configMap?.name);
    const text = configMap?.data?.[posix.basename(file)] as string | undefined;
    expect(text, `ConfigMap key for ${file}`).toBeTypeOf('string');
    const config = exporterConfig(text ?? '', `${dir} ConfigMap`);
    expect(config.sources.length).toBeGreaterThan(0);
    for (const glob of config.sources.flatMap((s) => s.paths)) {
      const logMount = mountAt(exporter, posix.dirname(glob));
      expect(logMount, `a volume mounted at ${posix.dirname(glob)}`).toBeDefined();
      expect(logMount?.readOnly).toBe(true);
    }
  });

  it('grants the exporter\'s uid write access to its state volume', () => {
    const stateVolume = mountAt(exporter, flags.stateDir ?? '')?.name as string;
    if (workload === 'StatefulSet') {
      expect(pod.spec.securityContext.fsGroup).toBe(1000); // PVCs honour fsGroup
    } else {
      // hostPath ignores fsGroup: an init container gives the directory to uid 1000
      const init = (pod.spec.initContainers as Obj[]).find((c) => (c.volumeMounts as Obj[]).some((m) => m.name === stateVolume));
      expect(init?.command).toEqual(['chown', '1000:1000', mountAt(init ?? {}, flags.stateDir ?? '')?.mountPath]);
    }
  });

  it('is scraped by a monitor whose selector selects it, on the "metrics" port, with cluster_id relabeled', () => {
    const labels = pod.metadata.labels as Record<string, string>;
    expect(labels['chronik.io/cluster-id']).toBeTruthy();
    if (workload === 'StatefulSet') {
      const service = objects.find((o) => o.kind === 'Service' && o.metadata.name === 'chronik-log-exporter') as Obj;
      expect(matches(service.spec.selector, labels)).toBe(true);
      expect(service.spec.publishNotReadyAddresses).toBe(true);
      expect(service.spec.ports).toEqual([{ name: 'metrics', port: 13900, targetPort: 'metrics' }]);
      const monitor = only(objects, 'ServiceMonitor');
      expect(matches(monitor.spec.selector.matchLabels, service.metadata.labels)).toBe(true);
      expect(monitor.spec.endpoints.map((e: Obj) => e.port)).toEqual(['metrics']);
      expect(monitor.spec.endpoints[0].relabelings.some((r: Obj) => r.targetLabel === 'cluster_id')).toBe(true);
    } else {
      const monitor = only(objects, 'PodMonitor');
      expect(matches(monitor.spec.selector.matchLabels, labels)).toBe(true);
      expect(monitor.spec.podMetricsEndpoints.map((e: Obj) => e.port)).toEqual(['metrics']);
      expect(monitor.spec.podMetricsEndpoints[0].relabelings.some((r: Obj) => r.targetLabel === 'cluster_id')).toBe(true);
      expect(labels[monitor.spec.jobLabel]).toContain('chronik'); // ChronikLogExporterDown finds jobs by "chronik"
    }
  });

  it('lists every manifest in its kustomization, which kubectl kustomize renders into the chronik namespace', () => {
    const kustomization = yamlObjects(join(dir, 'kustomization.yaml'))[0] as Obj;
    const files = filesUnder(dir).filter((f) => f.endsWith('.yaml') && basename(f) !== 'kustomization.yaml').map((f) => basename(f)).sort();
    expect([...(kustomization.resources as string[])].sort()).toEqual(files);
    if (!onPath('kubectl')) {
      console.warn(`kubectl is not installed: \`kubectl kustomize ${dir}\` not run (resource list checked above)`);
      return;
    }
    const r = spawnSync('kubectl', ['kustomize', join(repo, dir)], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const rendered = r.stdout.split(/^---$/m).filter((d) => d.trim() !== '');
    expect(rendered).toHaveLength(objects.length);
    for (const doc of rendered) expect(doc).toMatch(/^\s+namespace: chronik$/m);
  });
});

describe('examples/kubernetes/sidecar: chronik and the exporter share the log volume', () => {
  const objects = manifests('examples/kubernetes/sidecar');
  const spec = only(objects, 'StatefulSet').spec.template.spec as Obj;
  const chronik = (spec.containers as Obj[]).find((c) => c.name === 'chronik') as Obj;
  const exporter = (spec.containers as Obj[]).find((c) => c.name === 'chronik-log-exporter') as Obj;

  it('chronik appends stdout and stderr (>> file 2>&1) into the directory the exporter reads, on the same volume', () => {
    const script = (chronik.args as string[]).join(' ');
    const target = /exec chronik-server .*>> "([^"]+)" 2>&1$/.exec(script)?.[1];
    expect(target, script).toBeDefined();
    const logDir = dirname(target ?? '');
    const chronikMount = (chronik.volumeMounts as Obj[]).find((m) => m.mountPath === logDir);
    const exporterMount = (exporter.volumeMounts as Obj[]).find((m) => m.mountPath === logDir);
    expect(chronikMount?.name).toBeDefined();
    expect(exporterMount?.name).toBe(chronikMount?.name);
  });

  it('keeps raft::raft visible in chronik\'s RUST_LOG', () => {
    const rustLog = (chronik.env as Obj[]).find((e) => e.name === 'RUST_LOG')?.value as string;
    expect(hidesRaftLines(rustLog)).toBe(false);
  });
});
