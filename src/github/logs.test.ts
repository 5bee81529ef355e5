import { describe, expect, it } from 'vitest';
import { readTail } from './logs.js';

function streamOf(parts: string[]): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  return new ReadableStream({
    start(c) {
      for (const p of parts) c.enqueue(enc.encode(p));
      c.close();
    },
  });
}

describe('readTail', () => {
  it('keeps a small log whole', async () => {
    const r = await readTail(streamOf(['line 1\n', 'line 2\n']), 1024);
    expect(r).toEqual({ text: 'line 1\nline 2\n', bytes: 14, truncated: false });
  });

  it('keeps only the tail past the cap, starting at a whole line', async () => {
    const lines = Array.from({ length: 1000 }, (_, i) => `line ${i}\n`);
    const r = await readTail(streamOf(lines), 100);
    expect(r.truncated).toBe(true);
    expect(r.bytes).toBe(lines.join('').length);
    expect(r.text.length).toBeLessThanOrEqual(100);
    expect(r.text.startsWith('line ')).toBe(true);
    expect(r.text.endsWith('line 999\n')).toBe(true);
  });

  it('does not keep every chunk of a long stream in memory', async () => {
    // 10,000 chunks of 1 KiB through a 4 KiB cap: the kept text is bounded by the cap.
    const chunk = `${'x'.repeat(1023)}\n`;
    const r = await readTail(streamOf(Array.from({ length: 10_000 }, () => chunk)), 4096);
    expect(r.bytes).toBe(10_240_000);
    expect(r.text.length).toBeLessThanOrEqual(4096);
  });
});
