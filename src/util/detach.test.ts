import { describe, expect, it } from 'vitest';
import { detached } from './detach.js';

describe('detached', () => {
  it('copies plain data deeply, equal in value and sharing no object', () => {
    const log = `${'x'.repeat(100_000)}\nError: boom at line 2\n`;
    const line = { number: 2, text: log.slice(100_001, 100_022) };
    const ev = { failureLine: line, context: [line], testNames: ['a'], exitCode: null };
    const copy = detached(ev);
    expect(copy).toEqual(ev);
    expect(copy.failureLine).not.toBe(ev.failureLine);
    expect(copy.context[0]).not.toBe(ev.context[0]);
    expect(copy.failureLine.text).toBe('Error: boom at line 2');
  });
});
