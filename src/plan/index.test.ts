import { describe, expect, it } from 'vitest';
import { emptyLedger } from '../ledger/index.js';
import { composeBody } from '../render/body.js';
import { planReport } from './index.js';

const section = { since: '2026-04-22T07:14:00Z', until: '2026-04-22T13:14:00Z', markdown: '## CI failure report\n\n**No failures.**' };

describe('planReport', () => {
  it('creates the report issue, with its label, when none is open', () => {
    const [w, ...rest] = planReport({ existing: null, section, ledger: emptyLedger(), label: 'ci-failure-report' });
    expect(rest).toEqual([]);
    expect(w).toMatchObject({ action: 'create', issue: null, labels: ['ci-failure-report'] });
    expect(w!.body).toContain('No failures.');
  });

  it('writes nothing when the body would not change', () => {
    const body = composeBody(null, section, emptyLedger());
    expect(planReport({ existing: { number: 5, body }, section, ledger: emptyLedger(), label: 'x' })).toEqual([]);
  });

  it('edits the existing issue in place when the window is new', () => {
    const body = composeBody(null, section, emptyLedger());
    const next = { ...section, since: '2026-04-22T13:14:00Z', until: '2026-04-22T19:14:00Z' };
    const [w] = planReport({ existing: { number: 5, body }, section: next, ledger: emptyLedger(), label: 'x' });
    expect(w).toMatchObject({ action: 'update', issue: 5 });
    expect(w!.body).toContain('2026-04-22T19:14:00Z');
    expect(w!.body).toContain('2026-04-22T07:14:00Z');
  });
});
