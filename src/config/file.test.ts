import { describe, expect, it } from 'vitest';
import { mergeInputs, parseConfig } from './file.js';
import { InputError } from './options.js';

describe('parseConfig', () => {
  it('reads settings, lists as YAML lists or comma strings', () => {
    const c = parseConfig('window: 12h\nworkflows:\n  - AI Moderator\n  - ci.yml\nmax-api-requests: 300\n', 'cfg.yml');
    expect(c).toEqual({ window: '12h', workflows: 'AI Moderator,ci.yml', 'max-api-requests': '300' });
  });

  it('an empty file is no settings', () => expect(parseConfig('', 'cfg.yml')).toEqual({}));

  it.each([
    ['window: 6h\nreport-lable: x\n', /cfg\.yml:2: 'report-lable' is not a known setting/],
    ['window: 6h\nmax-api-requests: many\n', /cfg\.yml:2: 'max-api-requests'/],
    ['window: [6h\n', /cfg\.yml:\d+: not valid YAML/],
    ['- a\n- b\n', /cfg\.yml:1: expected a mapping/],
  ])('names the file, line and key of %j', (text, message) => {
    expect(() => parseConfig(text, 'cfg.yml')).toThrow(InputError);
    expect(() => parseConfig(text, 'cfg.yml')).toThrow(message);
  });
});

describe('mergeInputs', () => {
  it('flags win over the file, the file over defaults', () => {
    expect(mergeInputs({ window: '12h', 'report-label': 'ci' }, { window: '2h', since: undefined })).toEqual({ window: '2h', 'report-label': 'ci' });
  });
});
