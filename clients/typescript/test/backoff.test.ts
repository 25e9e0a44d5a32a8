import { describe, expect, it } from 'vitest';
import { Backoff } from '../src/backoff.js';
import { compareOffsets } from '../src/offsets.js';

describe('Backoff', () => {
  it('draws each delay uniformly below an exponential cap (full jitter) up to the maximum', () => {
    const highest = new Backoff({ initialMs: 100, maxMs: 1_000 }, () => 0.999999);
    expect([1, 2, 3, 4, 5, 6].map(() => highest.next())).toEqual([99, 199, 399, 799, 999, 999]);
    const lowest = new Backoff({ initialMs: 100, maxMs: 1_000 }, () => 0);
    expect(lowest.next()).toBe(0);
  });

  it('starts from the first cap again after a reset', () => {
    const backoff = new Backoff({ initialMs: 100, maxMs: 10_000 }, () => 0.5);
    backoff.next();
    backoff.next();
    expect(backoff.next()).toBe(200);
    backoff.reset();
    expect(backoff.next()).toBe(50);
  });
});

describe('compareOffsets', () => {
  it('orders stream ids by time then sequence, numerically', () => {
    expect(compareOffsets('1763800000000-0', '1763800000000-1')).toBeLessThan(0);
    expect(compareOffsets('1763800000001-0', '1763800000000-9')).toBeGreaterThan(0);
    expect(compareOffsets('9-0', '10-0')).toBeLessThan(0);
    expect(compareOffsets('5-10', '5-9')).toBeGreaterThan(0);
    expect(compareOffsets('5-3', '5-3')).toBe(0);
  });
});
