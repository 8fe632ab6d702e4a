/**
 * The whole order after moving an item one place up (-1) or down (1) among the items shown:
 * it swaps places with its neighbour there, and every other item keeps its place. Null when
 * there is nowhere to move.
 */
export function moveInOrder(order: readonly string[], shown: readonly string[], itemId: string, direction: -1 | 1) {
  const at = shown.indexOf(itemId);
  const neighbour = at < 0 ? undefined : shown[at + direction];
  if (neighbour === undefined) return null;
  const a = order.indexOf(itemId);
  const b = order.indexOf(neighbour);
  if (a < 0 || b < 0) return null;
  const next = [...order];
  [next[a], next[b]] = [next[b], next[a]];
  return next;
}
