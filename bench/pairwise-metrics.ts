/** Pairwise precision, recall and F1 of predicted clusters against true clusters. */
export interface PairwiseMetrics {
  readonly truePairs: number
  readonly predictedPairs: number
  readonly correctPairs: number
  readonly precision: number
  readonly recall: number
  readonly f1: number
}

const pairsIn = (n: number): number => (n * (n - 1)) / 2

/**
 * Counts pairs inside clusters instead of listing them, so giant clusters cost nothing extra.
 * @param predicted record id to predicted cluster id
 * @param truth record id to true entity id (every predicted id must be present)
 */
export function pairwiseMetrics(predicted: ReadonlyMap<string, string>, truth: ReadonlyMap<string, string>): PairwiseMetrics {
  const sizes = (keyOf: (id: string) => string): number => {
    const counts = new Map<string, number>()
    for (const id of predicted.keys()) counts.set(keyOf(id), (counts.get(keyOf(id)) ?? 0) + 1)
    let total = 0
    for (const n of counts.values()) total += pairsIn(n)
    return total
  }
  const predictedPairs = sizes((id) => predicted.get(id) as string)
  const truePairs = sizes((id) => truth.get(id) as string)
  const correctPairs = sizes((id) => `${predicted.get(id)}\u0000${truth.get(id)}`)
  const precision = predictedPairs === 0 ? 1 : correctPairs / predictedPairs
  const recall = truePairs === 0 ? 1 : correctPairs / truePairs
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall)
  return { truePairs, predictedPairs, correctPairs, precision, recall, f1 }
}
