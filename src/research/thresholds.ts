// The research commands' settings, in one place.
export const SEARCH = {
  /** matches ranked by the application (the engine's own best first when there are more) */
  candidates: 10_000,
  /** BM25's term-frequency saturation and length normalisation */
  k1: 1.2,
  b: 0.75,
} as const;
