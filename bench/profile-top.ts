// Summarises a V8 .cpuprofile (from `node --cpu-prof`): the functions with the most self time, as a table.
// Usage: node dist/bench/profile-top.js FILE.cpuprofile [N]

import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  children?: number[];
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] }

function main(path: string, top: number): void {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as Profile; // the format V8 writes
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.replace(/^.*\/(dist|node_modules)\//, '$1/');
    const key = `${functionName || '(anonymous)'} ${file === '' ? '' : `${file}:${lineNumber + 1}`}`.trim();
    byFunction.set(key, (byFunction.get(key) ?? 0) + (self.get(node.id) ?? 0));
    const area = file === '' ? functionName : file.startsWith('dist/') ? file : file.startsWith('node_modules/') ? file.split('/').slice(0, 2).join('/') : 'node internals';
    byFile.set(area, (byFile.get(area) ?? 0) + (self.get(node.id) ?? 0));
  }
  const total = profile.endTime - profile.startTime;
  // Inclusive time: each sample counts once for every distinct function on its stack.
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const inclusive = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const name = byId.get(at)?.callFrame.functionName ?? '';
      if (name !== '' && !seen.has(name)) {
        seen.add(name);
        inclusive.set(name, (inclusive.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0));
      }
    }
  });
  const rows = [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top);
  process.stdout.write(`total ${(total / 1000).toFixed(0)} ms\n`);
  const print = ([name, micros]: [string, number]): void => {
    process.stdout.write(`${((micros / total) * 100).toFixed(1).padStart(5)} %  ${(micros / 1000).toFixed(0).padStart(6)} ms  ${name}\n`);
  };
  rows.forEach(print);
  process.stdout.write('\ninclusive (self + callees):\n');
  [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, top).forEach(print);
  process.stdout.write('\nby file:\n');
  [...byFile].sort((a, b) => b[1] - a[1]).slice(0, 20).forEach(print);
}

main(process.argv[2] ?? '', Number(process.argv[3] ?? 25));
