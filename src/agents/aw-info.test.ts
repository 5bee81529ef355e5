import { describe, expect, it } from 'vitest';
import { parseAwInfo } from './aw-info.js';
import { AW_INFO_JSON } from './fixtures.js';

describe('parseAwInfo', () => {
  it('reads engine, model and versions', () => {
    expect(parseAwInfo(AW_INFO_JSON)).toEqual({
      engine: 'codex',
      engineName: 'Codex',
      model: 'gpt-5.3-codex',
      engineVersion: '0.121.0',
      cliVersion: 'v0.69.2',
      awfVersion: 'v0.25.18',
      workflowName: 'AI Moderator',
      firewallEnabled: true,
    });
  });

  it.each([
    ['empty model and version fall back or become null', { engine_id: 'Copilot', model: '', version: '', agent_version: '0.0.410', cli_version: 'v0.45.6' }, { engine: 'copilot', model: null, engineVersion: '0.0.410', cliVersion: 'v0.45.6', awfVersion: null }],
    ['version without agent_version', { engine_id: 'claude', version: '2.1.98' }, { engine: 'claude', engineVersion: '2.1.98' }],
    ['an older file naming the engine `engine`', { engine: 'codex' }, { engine: 'codex', engineVersion: null }],
  ])('%s', (_name, json, expected) => {
    expect(parseAwInfo(JSON.stringify(json))).toMatchObject(expected);
  });

  it.each([['{'], ['[]'], ['"codex"'], ['']])('%j is not aw_info', (text) => {
    expect(parseAwInfo(text)).toBeNull();
  });

  it('tolerates a BOM', () => {
    expect(parseAwInfo(`\uFEFF${AW_INFO_JSON}`)?.engine).toBe('codex');
  });
});
