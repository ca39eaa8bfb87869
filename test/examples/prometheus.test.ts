// examples/prometheus/: promtool accepts each scrape config with every bundled rule file resolved in the
// documented install layout (/etc/prometheus/prometheus.yml + /etc/prometheus/chronik/*.rules.yml), and a real
// Prometheus applying the files' relabel_configs gives every exporter target the cluster_id the comments promise.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { expectConfigWithAllRules, installLayout, promtoolCheckConfig, readRepo, yamlObjects, type Obj } from './helpers.js';
import { prometheusTargets, type Target } from './prometheus-targets.js';

const temps: string[] = [];
const tempRoot = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'cle-examples-'));
  temps.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

/** The documented install: the config as /etc/prometheus/prometheus.yml, alerts/ as /etc/prometheus/chronik. */
function installed(config: string): string {
  const root = installLayout(tempRoot(), { '/etc/prometheus/prometheus.yml': config, '/etc/prometheus/chronik': 'alerts' });
  return join(root, 'etc/prometheus/prometheus.yml');
}

/** The same install, with the config replaced by `content` (a variant of a recipe, written by the test). */
function installedVariant(content: Obj): string {
  const root = installLayout(tempRoot(), { '/etc/prometheus/chronik': 'alerts' });
  const file = join(root, 'etc/prometheus/prometheus.yml');
  writeFileSync(file, stringify(content));
  return file;
}

const byAddress = (targets: readonly Target[]): Record<string, Record<string, string>> =>
  Object.fromEntries(targets.map((t) => [t.discoveredLabels.__address__ ?? '', t.labels]));

describe('examples/prometheus/prometheus.yml (static targets)', () => {
  it('passes promtool check config with all three rule files loaded', () => {
    expectConfigWithAllRules(promtoolCheckConfig(installed('examples/prometheus/prometheus.yml')));
  });

  it('gives every target a cluster_id in a real Prometheus: from the static label, or relabeled from the host name; a host off the convention is dropped', async () => {
    const config = yamlObjects('examples/prometheus/prometheus.yml')[0] as Obj;
    // The file's relabel_configs verbatim, plus one target that breaks the naming convention.
    const byName = (config.scrape_configs as Obj[]).find((j) => j.job_name === 'chronik-log-exporter-by-hostname') as Obj;
    byName.static_configs[0].targets.push('chronik-log-exporter.example.net:13900');
    const targets = await prometheusTargets(installedVariant(config), (t) => t.active.length + t.dropped.length >= 10);
    const labels = byAddress(targets.active);
    expect(labels['chronik-eu-2.example.net:13900']).toMatchObject({ cluster_id: 'prod-eu', job: 'chronik-log-exporter' });
    expect(labels['chronik-us-3.example.net:13900']).toMatchObject({ cluster_id: 'prod-us' });
    expect(labels['chronik-staging-1.example.net:13900']).toMatchObject({ cluster_id: 'staging', job: 'chronik-log-exporter-by-hostname', instance: 'chronik-staging-1.example.net' });
    expect(targets.active).toHaveLength(9);
    for (const t of targets.active) expect(t.labels.cluster_id, t.discoveredLabels.__address__).toMatch(/^(prod-eu|prod-us|staging)$/);
    expect(targets.dropped.map((t) => t.discoveredLabels.__address__)).toEqual(['chronik-log-exporter.example.net:13900']);
  });
});

describe('examples/prometheus/prometheus-kubernetes.yml (pod discovery)', () => {
  /** The recipe with kubernetes_sd_configs replaced by a file of pod targets (everything else verbatim). */
  function withPodFile(podsFile: string): Obj {
    const config = yamlObjects('examples/prometheus/prometheus-kubernetes.yml')[0] as Obj;
    const job = (config.scrape_configs as Obj[])[0] as Obj;
    expect(job.kubernetes_sd_configs).toEqual([{ role: 'pod' }]);
    delete job.kubernetes_sd_configs;
    job.file_sd_configs = [{ files: [podsFile] }];
    return config;
  }

  it('passes promtool check config with all three rule files loaded (with pod discovery swapped for a file where this promtool lacks Kubernetes SD)', () => {
    const asWritten = promtoolCheckConfig(installed('examples/prometheus/prometheus-kubernetes.yml'));
    // Debian's prometheus package is built without Kubernetes service discovery; any other build must accept
    // the file as written.
    const noKubernetesSd = asWritten.status !== 0 && /field kubernetes_sd_configs not found in type config\.ScrapeConfig/.test(asWritten.output);
    if (!noKubernetesSd) expectConfigWithAllRules(asWritten);
    const variant = installedVariant(withPodFile('pods.json'));
    writeFileSync(join(variant, '..', 'pods.json'), '[]');
    expectConfigWithAllRules(promtoolCheckConfig(variant));
  });

  it('keeps only the exporter containers\' metrics ports, with cluster_id from the pod label else the namespace (relabel_configs run by a real Prometheus)', async () => {
    const pod = (namespace: string, name: string, container: string, port: string, number: number, clusterLabel?: string): Obj => ({
      targets: [`10.0.${name.length}.${number % 250}:${number}`],
      labels: {
        __meta_kubernetes_namespace: namespace,
        __meta_kubernetes_pod_name: name,
        __meta_kubernetes_pod_node_name: 'worker-1',
        __meta_kubernetes_pod_ready: 'false',
        __meta_kubernetes_pod_container_name: container,
        __meta_kubernetes_pod_container_port_name: port,
        ...(clusterLabel === undefined ? {} : { __meta_kubernetes_pod_label_chronik_io_cluster_id: clusterLabel }),
      },
    });
    const pods = [
      // examples/kubernetes/sidecar: chronik and the exporter in one pod, labelled with its cluster
      pod('chronik', 'chronik-0', 'chronik', 'kafka', 9092, 'prod-eu'),
      pod('chronik', 'chronik-0', 'chronik', 'raft', 5001, 'prod-eu'),
      pod('chronik', 'chronik-0', 'chronik-log-exporter', 'metrics', 13900, 'prod-eu'),
      // a cluster in its own namespace, without the label: the namespace is the cluster_id
      pod('chronik-staging', 'chronik-1', 'chronik-log-exporter', 'metrics', 13901),
      // another workload's "metrics" port
      pod('chronik', 'kafka-ui-0', 'kafka-ui', 'metrics', 8080),
    ];
    const config = withPodFile('pods.json');
    const file = installedVariant(config);
    writeFileSync(join(file, '..', 'pods.json'), JSON.stringify(pods));
    const targets = await prometheusTargets(file, (t) => t.active.length + t.dropped.length >= pods.length);
    expect(targets.active.map((t) => t.labels).sort((a, b) => (a.pod ?? '').localeCompare(b.pod ?? ''))).toEqual([
      expect.objectContaining({ job: 'chronik-log-exporter', cluster_id: 'prod-eu', namespace: 'chronik', pod: 'chronik-0', instance: 'chronik-0', kubernetes_node: 'worker-1' }),
      expect.objectContaining({ job: 'chronik-log-exporter', cluster_id: 'chronik-staging', namespace: 'chronik-staging', pod: 'chronik-1', instance: 'chronik-1' }),
    ]);
    expect(targets.dropped).toHaveLength(3);
  });

  it('the ServiceMonitor and PodMonitor set cluster_id with the same rules as this file', () => {
    const job = (yamlObjects('examples/prometheus/prometheus-kubernetes.yml')[0]?.scrape_configs as Obj[])[0] as Obj;
    const clusterRules = (job.relabel_configs as Obj[]).filter((r) => r.target_label === 'cluster_id').map((r) => ({ source: r.source_labels, regex: r.regex }));
    expect(clusterRules).toHaveLength(2);
    for (const file of ['examples/kubernetes/sidecar/servicemonitor.yaml', 'examples/kubernetes/daemonset/podmonitor.yaml']) {
      const monitor = yamlObjects(file)[0] as Obj;
      const endpoints = (monitor.spec.endpoints ?? monitor.spec.podMetricsEndpoints) as Obj[];
      const relabelings = (endpoints[0]?.relabelings ?? []) as Obj[];
      expect(relabelings.filter((r) => r.targetLabel === 'cluster_id').map((r) => ({ source: r.sourceLabels, regex: r.regex })), file).toEqual(clusterRules);
    }
    expect(readRepo('examples/prometheus/prometheus-kubernetes.yml')).toContain('chronik-log-exporter;metrics');
  });
});
