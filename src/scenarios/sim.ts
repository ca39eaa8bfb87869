// A small discrete-event simulation: timed callbacks and generator processes that yield delays (µs).

/** A process: yields the delay in microseconds before it wants to continue. */
export type Process = Generator<number, void, void>;

interface Task {
  readonly time: number;
  readonly seq: number;
  readonly run: () => void;
}

function before(a: Task, b: Task): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}

/** Runs scheduled work in time order (ties in scheduling order) and collects what it emits. */
export class Simulation<T> {
  readonly #heap: Task[] = [];
  readonly #outbox: T[] = [];
  readonly end: number;
  #seq = 0;
  #now: number;

  constructor(start: number, end: number) {
    this.#now = start;
    this.end = end;
  }

  /** Current simulated time (µs since epoch). */
  get now(): number {
    return this.#now;
  }

  /** Schedules `run` at absolute time `time` (never before now). */
  at(time: number, run: () => void): void {
    this.#push({ time: Math.max(time, this.#now), seq: this.#seq++, run });
  }

  /** Starts `process` after `delay` µs; it stops for good once `alive()` turns false. */
  spawn(process: Process, alive: () => boolean = () => true, delay = 0): void {
    const step = (): void => {
      if (!alive()) return;
      const next = process.next();
      if (!next.done) this.at(this.#now + Math.max(0, next.value), step);
    };
    this.at(this.#now + delay, step);
  }

  /** Queues an output item for the consumer of `run()`. */
  emit(item: T): void {
    this.#outbox.push(item);
  }

  /** Executes tasks up to `end`, yielding emitted items as they are produced. */
  *run(): Generator<T, void, void> {
    for (let task = this.#pop(); task !== undefined && task.time <= this.end; task = this.#pop()) {
      this.#now = task.time;
      task.run();
      if (this.#outbox.length > 0) {
        yield* this.#outbox;
        this.#outbox.length = 0;
      }
    }
  }

  #push(task: Task): void {
    const heap = this.#heap;
    heap.push(task);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent];
      if (p === undefined || !before(task, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = task;
  }

  #pop(): Task | undefined {
    const heap = this.#heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const l = heap[left];
      const r = heap[right];
      if (l === undefined) break;
      const child = r !== undefined && before(r, l) ? right : left;
      const c = heap[child];
      if (c === undefined || !before(c, last)) break;
      heap[i] = c;
      i = child;
    }
    heap[i] = last;
    return top;
  }
}

/** Microseconds in `ms` milliseconds. */
export const ms = (value: number): number => Math.round(value * 1000);
/** Microseconds in `s` seconds. */
export const sec = (value: number): number => Math.round(value * 1_000_000);
