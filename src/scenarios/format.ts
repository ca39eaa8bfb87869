// Fills catalog format strings: Rust `{}`/`{:?}` positional slots, raft-rs `<name>` slots.
import type { MessageVariant } from './catalog/index.js';

/** A value substituted into a slot (already in its Display/Debug text form when it matters). */
export type Arg = string | number | boolean;

/** Positional arguments for Rust/raw formats, named ones for raft-rs (`slog`) templates. */
export type Args = readonly Arg[] | Readonly<Record<string, Arg>>;

interface Compiled {
  readonly literals: readonly string[];
  readonly slots: readonly (number | string)[];
}

const compiledCache = new WeakMap<MessageVariant, Compiled>();

function compileRust(format: string): Compiled {
  const literals: string[] = [];
  const slots: number[] = [];
  let current = '';
  for (let i = 0; i < format.length; i++) {
    const ch = format[i];
    const next = format[i + 1];
    if ((ch === '{' && next === '{') || (ch === '}' && next === '}')) {
      current += ch;
      i++;
    } else if (ch === '{') {
      const close = format.indexOf('}', i);
      if (close < 0) throw new SyntaxError(`Unclosed \`{\` in format \`${format}\``);
      literals.push(current);
      slots.push(slots.length);
      current = '';
      i = close;
    } else {
      current += ch;
    }
  }
  literals.push(current);
  return { literals, slots };
}

function compileSlog(format: string): Compiled {
  const literals: string[] = [];
  const slots: string[] = [];
  let last = 0;
  for (const match of format.matchAll(/<([^<>]+)>/g)) {
    literals.push(format.slice(last, match.index));
    slots.push(match[1] ?? '');
    last = match.index + match[0].length;
  }
  literals.push(format.slice(last));
  return { literals, slots };
}

function compiled(variant: MessageVariant): Compiled {
  let result = compiledCache.get(variant);
  if (result === undefined) {
    result = variant.style === 'slog' ? compileSlog(variant.format) : compileRust(variant.format);
    compiledCache.set(variant, result);
  }
  return result;
}

function isPositional(args: Args): args is readonly Arg[] {
  return Array.isArray(args);
}

/** Substitutes `args` into the variant's format string; throws when the argument shape does not fit. */
export function fillFormat(variant: MessageVariant, args: Args): string {
  const { literals, slots } = compiled(variant);
  let out = literals[0] ?? '';
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i];
    let value: Arg | undefined;
    if (typeof slot === 'number') {
      value = isPositional(args) ? args[slot] : undefined;
    } else {
      value = isPositional(args) ? undefined : args[slot ?? ''];
    }
    if (value === undefined) {
      throw new TypeError(`Expected an argument for slot \`${String(slot)}\` of \`${variant.format}\`, got none`);
    }
    out += String(value) + (literals[i + 1] ?? '');
  }
  if (isPositional(args) && args.length !== slots.length) {
    throw new TypeError(`Expected ${slots.length} arguments for \`${variant.format}\`, got ${args.length}`);
  }
  return out;
}

/** Rust `{:?}` of a list of numbers or strings: `[1, 2, 3]`, `["a"]`. */
export function debugList(items: readonly (number | string)[]): string {
  return `[${items.map((item) => (typeof item === 'string' ? JSON.stringify(item) : String(item))).join(', ')}]`;
}

/** Rust `{:?}` of a string: quoted with escapes. */
export function debugString(text: string): string {
  return JSON.stringify(text);
}

/** The named argument `name` of a raft-rs record, or undefined for positional arguments. */
export function namedArg(args: Args, name: string): Arg | undefined {
  return isPositional(args) ? undefined : args[name];
}

/** The positional argument at `index`, or undefined for named arguments. */
export function positionalArg(args: Args, index: number): Arg | undefined {
  return isPositional(args) ? args[index] : undefined;
}
