import { describe, expect, it } from 'vitest';
import { InputError, parseOptions, type RawInputs } from './options.js';

const base: RawInputs = { repo: 'octo-org/agent-factory', now: '2026-04-22T13:14:00Z' };

function errorOf(raw: RawInputs): InputError {
  try {
    parseOptions({ ...base, ...raw });
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}

describe('parseOptions', () => {
  it('applies the documented defaults', () => {
    const o = parseOptions(base);
    expect(o).toMatchObject({
      owner: 'octo-org',
      repo: 'agent-factory',
      since: null,
      until: null,
      windowMs: 6 * 3_600_000,
      workflows: [],
      dryRun: false,
      reportLabel: 'ci-failure-report',
      maxNewSubIssues: 3,
      maxApiRequests: 600,
      maxLogBytes: 20 * 1024 * 1024,
    });
    expect(o.now.toISOString()).toBe('2026-04-22T13:14:00.000Z');
  });

  it('splits workflow lists on commas and newlines', () => {
    const o = parseOptions({ ...base, workflows: 'AI Moderator, ci.yml\nDaily News', 'exclude-workflows': 'smoke.yml' });
    expect(o.workflows).toEqual(['AI Moderator', 'ci.yml', 'Daily News']);
    expect(o.excludeWorkflows).toEqual(['smoke.yml']);
  });

  it('treats empty strings (unset action inputs) as absent', () => {
    expect(parseOptions({ ...base, since: '', until: '', window: '', 'dry-run': '' }).since).toBeNull();
  });

  it.each<[RawInputs, string, RegExp]>([
    [{ repo: 'no-slash' }, 'repo', /repo: 'no-slash' is not owner\/name/],
    [{ window: 'six hours' }, 'window', /window: 'six hours' is not a duration/],
    [{ since: 'yesterday' }, 'since', /since: 'yesterday' is neither/],
    [{ since: '6h', until: 'soon' }, 'until', /until: 'soon'/],
    [{ until: '2026-04-22T10:00:00Z' }, 'until', /without since/],
    [{ since: '2026-04-22T12:00:00Z', until: '2026-04-22T10:00:00Z' }, 'since', /is not before until/],
    [{ 'max-api-requests': 'lots' }, 'max-api-requests', /max-api-requests: 'lots' is not a whole number/],
    [{ 'max-new-sub-issues': '-1' }, 'max-new-sub-issues', /not a whole number/],
    [{ 'dry-run': 'maybe' }, 'dry-run', /dry-run: 'maybe' is not true or false/],
    [{ 'report-label': 'a,b' }, 'report-label', /not a valid label/],
    [{ now: 'later' }, 'now', /now: 'later'/],
  ])('names the bad input %j', (raw, input, message) => {
    const e = errorOf(raw);
    expect(e.input).toBe(input);
    expect(e.message).toMatch(message);
  });
});
