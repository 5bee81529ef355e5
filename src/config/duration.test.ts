import { describe, expect, it } from 'vitest';
import { formatDuration, isoSeconds, parseDuration, parseInstant } from './duration.js';

const NOW = new Date('2026-04-22T13:14:00Z');

describe('parseDuration', () => {
  it.each([
    ['30m', 1_800_000],
    ['6h', 21_600_000],
    ['2d', 172_800_000],
    ['1w', 604_800_000],
    ['1.5h', 5_400_000],
    [' 6H ', 21_600_000],
  ])('%s → %i ms', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['', '6', 'h', '-6h', '6 hours', '0h', '6y'])('rejects %j', (text) => expect(parseDuration(text)).toBeNull());
});

describe('parseInstant', () => {
  it.each([
    ['6h', '2026-04-22T07:14:00.000Z'],
    ['2026-04-22T07:14:00Z', '2026-04-22T07:14:00.000Z'],
    ['2026-04-22T09:14:00+02:00', '2026-04-22T07:14:00.000Z'],
    ['2026-04-22T07:14', '2026-04-22T07:14:00.000Z'],
    ['2026-04-22', '2026-04-22T00:00:00.000Z'],
  ])('%s → %s', (text, iso) => expect(parseInstant(text, NOW)?.toISOString()).toBe(iso));

  it.each(['yesterday', '2026-13-40', '22/04/2026', '2026-04-22T25:00:00Z'])('rejects %j', (text) => expect(parseInstant(text, NOW)).toBeNull());
});

describe('formatting', () => {
  it('prints second-precision ISO', () => expect(isoSeconds(new Date('2026-04-22T07:14:00.999Z'))).toBe('2026-04-22T07:14:00Z'));
  it.each([
    [45_000, '45s'],
    [537_000, '8m57s'],
    [3_600_000, '1h'],
    [5_400_000, '1h30m'],
    [10 * 86_400_000, '10d'],
  ])('%i ms → %s', (ms, text) => expect(formatDuration(ms)).toBe(text));
});
