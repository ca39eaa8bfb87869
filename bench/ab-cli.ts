// A/B of whole commands on one file (e.g. this build's replay, another worktree's, and the node loop), rounds
// interleaved and their order alternated so that a busy machine slows all alike; reports the median and minimum of
// wall time and CPU (user + system, children included) and each command's wall ratio to the first.
// Usage: node dist/bench/ab-cli.js ROUNDS FILE NAME=COMMAND... (FILE is appended to each command; stdout discarded)
// e.g.   node dist/bench/ab-cli.js 11 corpus.log "loop=node dist/bench/node-loop.js" "replay=node dist/src/cli.js replay"

import { spawnSync } from 'node:child_process';

interface Variant { readonly name: string; readonly command: string; readonly wall: number[]; readonly cpu: number[] }

/** Wall time, and the command's CPU as the shell's `times` reports its children's (user + system). */
function measure(command: string, file: string): { wall: number; cpu: number } {
  const t0 = performance.now();
  const r = spawnSync('sh', ['-c', `${command} "$1" > /dev/null; status=$?; times; exit $status`, 'sh', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`Expected \`${command}\` to exit 0, got ${String(r.status ?? r.signal)}`);
  // `times` prints the shell's user and system time, then its children's: `0m2.345s 0m0.123s`.
  const children = r.stdout.trim().split('\n').pop() ?? '';
  const cpu = [...children.matchAll(/(\d+)m([\d.]+)s/g)].reduce((sum, m) => sum + Number(m[1]) * 60 + Number(m[2]), 0);
  return { wall, cpu };
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? Number.NaN;

function main(rounds: number, file: string, specs: readonly string[]): void {
  if (!(rounds > 0) || file === '' || specs.length === 0) throw new Error('Usage: ab-cli.js ROUNDS FILE NAME=COMMAND...');
  const variants: Variant[] = specs.map((s) => {
    const at = s.indexOf('=');
    if (at < 1) throw new Error(`Expected NAME=COMMAND, got \`${s}\``);
    return { name: s.slice(0, at), command: s.slice(at + 1), wall: [], cpu: [] };
  });
  for (let r = 0; r < rounds; r++) {
    for (const v of r % 2 === 0 ? variants : [...variants].reverse()) {
      const m = measure(v.command, file);
      v.wall.push(m.wall);
      v.cpu.push(m.cpu);
    }
  }
  const reference = median(variants[0]?.wall ?? []);
  for (const v of variants) {
    process.stdout.write(`${v.name.padEnd(12)} wall median ${median(v.wall).toFixed(2)} s, min ${Math.min(...v.wall).toFixed(2)}; ` +
      `CPU median ${median(v.cpu).toFixed(2)} s, min ${Math.min(...v.cpu).toFixed(2)}; ${(reference / median(v.wall)).toFixed(3)}× the first's speed\n`);
  }
}

main(Number(process.argv[2]), process.argv[3] ?? '', process.argv.slice(4));
