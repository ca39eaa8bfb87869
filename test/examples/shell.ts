// The exporter's command lines in Markdown shell blocks: found, split as sh would (quotes, comments, `\`
// continuations, operators), so that tests can check their flags and run the ones that can run here.

import { readRepo } from './helpers.js';

/** One exporter invocation found in a document. */
export interface Invocation {
  readonly file: string;
  /** The command line as written (continuations joined). */
  readonly line: string;
  /** How the exporter was named: `chronik-log-exporter`, `node dist/src/cli.js`, or a `docker run` image. */
  readonly via: 'bin' | 'node' | 'docker';
  /** Environment assignments before the command (`VAR=value cmd`). */
  readonly env: Readonly<Record<string, string>>;
  /** Arguments after the program, up to the first operator. */
  readonly args: readonly string[];
}

const OPERATORS = new Set(['|', '||', '&&', ';', '>', '>>', '<', '2>&1', '&']);

/** Splits a shell line into words; operators are words of their own; `#` outside quotes ends the line. */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let quote: '"' | "'" | undefined;
  let started = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] ?? '';
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
      else word += c;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      started = true;
    } else if (c === '#' && !started) {
      break;
    } else if (c === ' ' || c === '\t') {
      if (started) words.push(word);
      word = '';
      started = false;
    } else if ((c === '|' || c === '&' || c === ';' || c === '>' || c === '<') && !started) {
      let op = c;
      while (i + 1 < line.length && '|&>'.includes(line[i + 1] ?? '') && OPERATORS.has(op + (line[i + 1] ?? ''))) op += line[++i];
      words.push(op);
    } else {
      word += c;
      started = true;
    }
  }
  if (quote !== undefined) throw new Error(`Expected a closing ${quote} in ${JSON.stringify(line)}`);
  if (started) words.push(word);
  return words;
}

/** Lines of the ```sh / ```bash / ```console blocks of a Markdown file, with `\` continuations joined. */
export function shellLines(file: string): string[] {
  const lines: string[] = [];
  let inBlock = false;
  let pending = '';
  for (const raw of readRepo(file).split('\n')) {
    if (/^```(sh|bash|shell|console)\s*$/.test(raw)) {
      inBlock = true;
      continue;
    }
    if (inBlock && raw.startsWith('```')) {
      inBlock = false;
      continue;
    }
    if (!inBlock) continue;
    if (raw.endsWith('\\')) {
      pending += `${raw.slice(0, -1)} `;
      continue;
    }
    lines.push((pending + raw).trim());
    pending = '';
  }
  return lines.filter((l) => l !== '');
}

/** Every exporter invocation in the shell blocks of `file`. */
export function invocations(file: string): Invocation[] {
  const out: Invocation[] = [];
  for (const line of shellLines(file)) {
    const words = shellWords(line);
    // split into simple commands at operators
    let start = 0;
    for (let i = 0; i <= words.length; i++) {
      if (i < words.length && !OPERATORS.has(words[i] ?? '')) continue;
      const command = words.slice(start, i);
      start = i + 1;
      const found = recognise(command);
      if (found !== undefined) out.push({ file, line, ...found });
    }
  }
  return out;
}

function recognise(command: readonly string[]): Omit<Invocation, 'file' | 'line'> | undefined {
  let i = 0;
  const env: Record<string, string> = {};
  for (; i < command.length && /^[A-Z_][A-Z0-9_]*=/.test(command[i] ?? ''); i++) {
    const [name = '', ...value] = (command[i] ?? '').split('=');
    env[name] = value.join('=');
  }
  const program = command[i] ?? '';
  if (program === 'sudo') return recognise(command.slice(i + 1));
  if (program === 'chronik-log-exporter') return { via: 'bin', env, args: command.slice(i + 1) };
  if (program === 'node' && /(^|\/)dist\/src\/cli\.js$/.test(command[i + 1] ?? '')) return { via: 'node', env, args: command.slice(i + 2) };
  if (program === 'docker' && command[i + 1] === 'run') {
    const image = command.findIndex((w, k) => k > i + 1 && /^(\S+\/)?chronik-log-exporter:\S+$/.test(w));
    if (image >= 0) return { via: 'docker', env, args: command.slice(image + 1) };
  }
  return undefined;
}
