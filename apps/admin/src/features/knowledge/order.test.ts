import { describe, expect, it } from 'vitest';
import { moveInOrder } from './order';

describe('moveInOrder', () => {
  const order = ['a', 'b', 'c', 'd', 'e'];

  it('swaps an item with its neighbour', () => {
    expect(moveInOrder(order, order, 'c', -1)).toEqual(['a', 'c', 'b', 'd', 'e']);
    expect(moveInOrder(order, order, 'c', 1)).toEqual(['a', 'b', 'd', 'c', 'e']);
  });

  it('swaps with the neighbour among the items shown, leaving the others in place', () => {
    expect(moveInOrder(order, ['b', 'd'], 'd', -1)).toEqual(['a', 'd', 'c', 'b', 'e']);
  });

  it('does nothing at either end', () => {
    expect(moveInOrder(order, order, 'a', -1)).toBeNull();
    expect(moveInOrder(order, order, 'e', 1)).toBeNull();
    expect(moveInOrder(order, order, 'x', 1)).toBeNull();
  });
});
