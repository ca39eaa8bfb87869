// What a figure hands to the report: table rows (with the target where there is one) and raw JSON.

export interface Row {
  readonly figure: string;
  readonly metric: string;
  readonly value: number;
  readonly unit: string;
  /** The target as text (`≥ 5×`), and whether this run meets it; absent for context figures. */
  readonly target?: string;
  readonly holds?: boolean;
}

export interface FigureResult {
  readonly rows: readonly Row[];
  readonly data: Record<string, unknown>;
}

/** Where the figures run: the repo (for dist/ and bench/mtail/) and a temp dir of their own. */
export interface BenchContext {
  readonly root: string;
  readonly tmp: string;
  readonly log: (message: string) => void;
}
