import { describe, expect, it } from 'vitest';
import { formatDuration, mad, median, percentChange, robustZ, signedDuration, signedPercent } from './stats.js';

describe('robust statistics', () => {
  it.each<[number[], number]>([
    [[3], 3],
    [[1, 3], 2],
    [[5, 1, 3], 3],
    [[4, 1, 3, 2], 2.5],
  ])('median(%j) = %d', (xs, m) => expect(median(xs)).toBe(m));

  it('median of nothing is NaN; MAD is the median distance to the median', () => {
    expect(median([])).toBeNaN();
    expect(mad([1, 2, 3, 4, 100])).toBe(1);
  });

  it.each<[string, number, number[], number | null]>([
    ['under 3 baselines: no z-score', 900, [300, 310], null],
    ['one odd baseline does not drag it', 540, [300, 310, 290, 305, 2000], 31.7],
    ['MAD 0: the mean absolute deviation stands in', 600, [300, 300, 300, 330], 31.92],
    ['no spread at all: null', 600, [300, 300, 300], null],
    ['a value at the median: 0', 300, [290, 300, 310], 0],
  ])('%s', (_name, x, sample, z) => {
    const got = robustZ(x, sample);
    if (z === null) expect(got).toBeNull();
    else expect(got!).toBeCloseTo(z, 1);
  });

  it('formats changes the way gh-aw audit diff does', () => {
    expect(signedPercent(percentChange(205, 537))).toBe('+162%');
    expect(signedPercent(percentChange(182_301, 0))).toBe('-100%');
    expect(percentChange(0, 5)).toBeNull();
    expect(formatDuration(205_000)).toBe('3m25s');
    expect(formatDuration(45_000)).toBe('45s');
    expect(formatDuration(3_720_000)).toBe('1h02m');
    expect(signedDuration(332_000)).toBe('+5m32s');
    expect(signedDuration(-40_000)).toBe('-40s');
  });
});
