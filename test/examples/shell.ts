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
  /** Standard input given by a `printf '%s' TEXT |` or `echo TEXT |` before the command. */
  readonly stdin?: string;
  /** `< FILE`: standard input from a file. */
  readonly stdinFrom?: string;
  /** Files an earlier step of the same code block writes (`> file`, openssl's `-out`/`-keyout`). */
  readonly madeInBlock: readonly string[];
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

/** The ```sh / ```bash / ```console blocks of a Markdown file, as lines with `\` continuations joined. */
export function shellBlocks(file: string): string[][] {
  const blocks: string[][] = [];
  let block: string[] | undefined;
  let pending = '';
  for (const raw of readRepo(file).split('\n')) {
    if (block === undefined) {
      if (/^```(sh|bash|shell|console)\s*$/.test(raw)) block = [];
      continue;
    }
    if (raw.startsWith('```')) {
      blocks.push(block.filter((l) => l !== ''));
      block = undefined;
      continue;
    }
    if (raw.endsWith('\\')) {
      pending += `${raw.slice(0, -1)} `;
      continue;
    }
    block.push((pending + raw).trim());
    pending = '';
  }
  return blocks;
}

/** Every exporter invocation in the shell blocks of `file`. */
export function invocations(file: string): Invocation[] {
  const out: Invocation[] = [];
  for (const block of shellBlocks(file)) {
    const made: string[] = [];
    for (const line of block) {
      const words = shellWords(line);
      let start = 0;
      let previous: string[] = [];
      for (let i = 0; i <= words.length; i++) {
        if (i < words.length && !OPERATORS.has(words[i] ?? '')) continue;
        const command = words.slice(start, i);
        const operator = words[i];
        start = i + 1;
        const found = recognise(command);
        if (found !== undefined) {
          const piped = words[start - command.length - 2] === '|' ? pipedText(previous) : undefined;
          const from = operator === '<' ? words[i + 1] : undefined;
          out.push({ file, line, ...found, ...(piped === undefined ? {} : { stdin: piped }), ...(from === undefined ? {} : { stdinFrom: from }), madeInBlock: [...made] });
        }
        if ((operator === '>' || operator === '>>') && words[i + 1] !== undefined) made.push(words[i + 1] ?? '');
        for (const [k, w] of command.entries()) if ((w === '-out' || w === '-keyout') && command[k + 1] !== undefined) made.push(command[k + 1] ?? '');
        previous = command;
      }
    }
  }
  return out;
}

/** The text `printf '%s' TEXT` or `echo TEXT` writes (undefined for anything else). */
function pipedText(command: readonly string[]): string | undefined {
  if (command[0] === 'printf' && command[1] === '%s' && command.length === 3) return command[2];
  if (command[0] === 'echo' && command.length >= 2) return `${command.slice(1).join(' ')}\n`;
  return undefined;
}

function recognise(command: readonly string[]): Pick<Invocation, 'via' | 'env' | 'args'> | undefined {
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
