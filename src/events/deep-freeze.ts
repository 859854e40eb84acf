/**
 * Freezes a plain JSON tree in place, so that documents shared between readers (profile snapshots,
 * stored events read back) cannot be changed through any of them. A frozen node is taken as
 * frozen throughout and not walked again.
 * @example deepFreeze({ traits: { name: 'Ann' } }).traits // frozen too
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value
  Object.freeze(value)
  for (const child of Object.values(value)) deepFreeze(child)
  return value
}
