import { describe, expect, it } from 'vitest';
import { looseSignature, sameTest } from './scope.js';

describe('looseSignature', () => {
  // The definition it implements, as the regexes it replaced.
  const reference = (t: string): string => t.replace(/[0-9a-f]*\d[0-9a-f]*/gi, '#').replace(/\s+/g, ' ').trim();

  it.each([
    'ERROR: Reconnecting... 5/5 (unexpected status 401 Unauthorized, cf-ray: 8f3a2b1c-IAD)',
    "fatal: couldn't find remote ref refs/heads/feature-x",
    '  Waiting 13 seconds   before trying again\t',
    'deadbeef1 cafe facade 0x1A4 COUNTER FAIL #2 -- 0 -> 0',
    'sha 3f2a9c1e7b and sha 9b8c7d6e5f, faded bead',
    '',
    '   ',
    'ünïcödé 42 naïve',
  ])('%j', (text) => {
    expect(looseSignature(text)).toBe(reference(text));
  });

  it('reads a long line of hex letters in linear time', () => {
    const t0 = Date.now();
    looseSignature(`${'abcdef'.repeat(200_000)}1`);
    expect(Date.now() - t0).toBeLessThan(500);
  });
});

describe('sameTest', () => {
  it.each([
    ['tests/test_api.py::TestWidgets::test_create', 'TestWidgets.test_create', true],
    ['dynamo/test_shapes.py::ReproTests::test_vars', 'test/dynamo/test_shapes.py::ReproTests::test_vars', true],
    ['com.octo.widgets.CartTest.appliesDiscount', 'CartTest.appliesDiscount', true],
    ['tests/test_api.py::test_create', 'test_create', true],
    ['tests/test_api.py::test_create[a-1]', 'test_create[a-1]', true],
    ['tests/test_api.py::test_create', 'tests/test_api.py::test_delete', false],
    ['TestParseConfig', 'TestParseConfig/empty', false],
    ['Cart › applies discount codes', 'Cart › removes items', false],
    ['pkg.main', 'main', false],
  ])('%s ~ %s → %s', (a, b, same) => {
    expect(sameTest(a, b)).toBe(same);
    expect(sameTest(b, a)).toBe(same);
  });
});
