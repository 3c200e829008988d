/** The ways of drawing moving cargo the benchmark compares, all over the same map and the same moves. */
export const strategyNames = ['naive', 'updateData', 'console', 'deck', 'deck-interleaved'] as const;
export type StrategyName = (typeof strategyNames)[number];

export interface Strategy {
  /** Puts one tick's moved cargo (indexes into the world) on the map. */
  apply(moved: readonly number[]): void;
  /** Resolves once the last update is drawn by a renderer of the strategy's own, beside the map (the map's `idle` covers the map's). */
  drawn(): Promise<void>;
}

/** What the bench asks the page to run. */
export interface RunOptions {
  strategy: StrategyName;
  count: number;
  /** Ticks timed to idle, after a few untimed ones. */
  ticks: number;
  panMs: number;
  seed: number;
}

/** What one run measured in the page. */
export interface RunResult {
  /** From adding every cargo to the map's first `idle` (and the strategy's own first frame). */
  firstPictureMs: number;
  /** From each timed tick's apply to the map's next `idle` (and the strategy's own next frame). */
  updateToIdleMs: number[];
  /** The main thread's time in each timed tick's apply: building and handing over the update. */
  applyMs: number[];
  /** The map drawn again with nothing changed, from triggerRepaint to idle: the floor under an update. */
  redrawMs: number[];
  /** Ticks that started late because the one before had not reached idle within the tick interval. */
  lateTicks: number;
  panFrames: number;
  panMs: number;
  /** Ticks applied while the pan ran. */
  panTicks: number;
}
