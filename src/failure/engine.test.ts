import { describe, expect, it } from 'vitest';
import { engineOf } from './engine.js';

const step = (name: string) => ({ name, number: 1, status: 'completed' as const, conclusion: 'success' });

describe('engineOf', () => {
  it.each([
    ['Execute Codex CLI', 'codex'],
    ['Execute GitHub Copilot CLI', 'copilot'],
    ['Execute Claude Code CLI', 'claude'],
    ['Install Gemini CLI', 'gemini'],
  ])('reads %s as %s', (name, engine) => {
    expect(engineOf({ name: 'Daily News' }, { steps: [step('Set up job'), step(name)] }, null)).toBe(engine);
  });

  it('does not take an engine from a workflow or step that only mentions it in passing', () => {
    expect(engineOf({ name: 'Smoke Codex' }, { steps: [step('Set up job'), step('Check out codex docs')] }, 'npm test')).toBeNull();
  });

  it('prefers the failed step over the other steps', () => {
    expect(engineOf({ name: 'x' }, { steps: [step('Install Codex CLI')] }, 'Execute Claude Code CLI')).toBe('claude');
  });
});
