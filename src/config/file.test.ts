import { describe, expect, it } from 'vitest';
import { buildRuleSet, classify, signFacts } from '../rules/index.js';
import { mergeInputs, parseConfig, parseConfigFile, routeFor } from './file.js';
import { InputError } from './options.js';

describe('parseConfig', () => {
  it('reads settings, lists as YAML lists or comma strings', () => {
    const c = parseConfig('window: 12h\nworkflows:\n  - AI Moderator\n  - ci.yml\nmax-api-requests: 300\n', 'cfg.yml');
    expect(c).toEqual({ window: '12h', workflows: 'AI Moderator,ci.yml', 'max-api-requests': '300' });
  });

  it('an empty file is no settings', () => expect(parseConfig('', 'cfg.yml')).toEqual({}));

  it('leaves the analysis keys out of the settings merged with flags', () => {
    expect(parseConfig('window: 6h\nmask: ["ACME-[0-9]{6}"]\n', 'cfg.yml')).toEqual({ window: '6h' });
  });

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

const RULES = `window: 6h
rules:
  - id: widget-quota
    title: Widget quota for {team}
    category: limits
    patterns:
      - 'widget quota exhausted for team (?<team>\\w+)'
    keyGroups: [team]
    fixHint: Ask the platform team to raise the widget quota.
    retry: never
  - id: command-not-found
    title: Missing tool
    category: toolchain
    patterns: 'command not found'
    fixHint: Install the tool in the image.
    retry: never
mask:
  - 'ACME-[A-Z0-9]{12}'
silence:
  - v2:0123456789abcdef
  - c0123456789
  - 'flaky widget test'
  - signature: 'known noise'
    reason: 'tracked in #12'
  - rule: job-cancelled
`;

describe('parseConfigFile: rules, mask, silence', () => {
  it('reads rules of the built-ins’ shape, masks and silences', () => {
    const { inputs, analysis } = parseConfigFile(RULES, 'cfg.yml');
    expect(inputs).toEqual({ window: '6h' });
    expect(analysis.rules?.map((r) => r.id)).toEqual(['widget-quota', 'command-not-found']);
    expect(analysis.rules?.[1]?.patterns).toEqual(['command not found']);
    expect(analysis.rules?.[0]).toEqual({
      id: 'widget-quota',
      title: 'Widget quota for {team}',
      category: 'limits',
      patterns: ['widget quota exhausted for team (?<team>\\w+)'],
      keyGroups: ['team'],
      fixHint: 'Ask the platform team to raise the widget quota.',
      retry: 'never',
    });
    expect(analysis.mask).toEqual(['ACME-[A-Z0-9]{12}']);
    expect(analysis.silence).toEqual(['v2:0123456789abcdef', 'c0123456789', 'flaky widget test', { signature: 'known noise', reason: 'tracked in #12' }, { rule: 'job-cancelled' }]);
  });

  it('builds an ordered rule set: config rules first, a config rule replaces the built-in of its id', () => {
    const set = buildRuleSet(parseConfigFile(RULES, 'cfg.yml').analysis);
    expect(set.rules.slice(0, 3).map((r) => r.id)).toEqual(['widget-quota', 'command-not-found', 'token-revoked']);
    expect(set.rules.filter((r) => r.id === 'command-not-found')).toHaveLength(1);
    const f = { line: 'Widget quota exhausted for team Blue', context: [], failedStep: null, conclusion: 'failure' };
    expect(classify(f, set.rules).key).toBe('rule:widget-quota|blue');
    expect(classify({ ...f, line: 'bash: node: command not found' }, set.rules).title).toBe('Missing tool');
    const signed = signFacts({ ...f, line: 'Error: login ACME-AB12CD34EF56 refused' }, set);
    expect(signed.signature).toBe('Error: login *** refused');
    expect(signed.classification.key).not.toContain('AB12CD');
  });

  it('an empty analysis is the built-in rule set', () => {
    expect(buildRuleSet(parseConfigFile('window: 6h\n', 'cfg.yml').analysis).rules.length).toBe(buildRuleSet(null).rules.length);
  });

  const rule = (extra: string) =>
    `rules:\n  - id: widget-quota\n    title: Widget quota\n    category: limits\n    patterns: ['quota (?<team>\\w+)']\n    fixHint: Ask for more.\n    retry: never\n${extra}`;

  it.each<[string, string, RegExp]>([
    ['an invalid pattern, on its line', `rules:\n  - id: x\n    title: X\n    category: limits\n    patterns:\n      - 'ok'\n      - '(unclosed'\n    fixHint: Fix.\n    retry: never\n`, /cfg\.yml:7: 'rules\.0\.patterns\.1' is not a valid regex/],
    ['an unknown rule field', rule('    pattern: x\n'), /cfg\.yml:8: 'rules\.0\.pattern' is not a known field/],
    ['a bad category', rule('').replace('category: limits', 'category: money'), /cfg\.yml:4: 'rules\.0\.category'/],
    ['a bad retry', rule('').replace('retry: never', 'retry: always'), /cfg\.yml:7: 'rules\.0\.retry'/],
    ['a missing fix hint', rule('').replace('    fixHint: Ask for more.\n', ''), /cfg\.yml:2: 'rules\.0\.fixHint'/],
    ['a bad id', rule('').replace('id: widget-quota', 'id: Widget Quota'), /cfg\.yml:2: 'rules\.0\.id' must be lowercase/],
    ['a key group no pattern names', rule('    keyGroups: [region]\n'), /cfg\.yml:2: 'rules\.0' key group "region" is not a named group/],
    ['an unknown agent signal', rule('    signals: [bored]\n'), /cfg\.yml:8: 'rules\.0\.signals\.0' Invalid option: expected one of "retry-loop"/],
    ['a duplicate id', `${rule('')}${rule('').replace('rules:\n', '')}`, /cfg\.yml:8: 'rules\.1\.id' "widget-quota" is used by rules\.0 already/],
    ['a mask that is not a regex', 'window: 6h\nmask:\n  - "[a-"\n', /cfg\.yml:3: 'mask\.0' is not a valid regex/],
    ['a mask that matches nothing in particular', 'mask:\n  - ".*"\n', /cfg\.yml:2: 'mask\.0' matches the empty string/],
    ['a silence entry with nothing to match', 'silence:\n  - reason: because\n', /cfg\.yml:2: 'silence\.0' needs a fingerprint, a signature or a rule/],
    ['a mistyped fingerprint', 'silence:\n  - v2:0123\n', /cfg\.yml:2: 'silence\.0' is neither a fingerprint/],
    ['a silence signature that is not a regex', 'silence:\n  - signature: "(x"\n', /cfg\.yml:2: 'silence\.0\.signature' is not a valid regex/],
  ])('names the line and key of %s', (_name, text, message) => {
    expect(() => parseConfigFile(text, 'cfg.yml')).toThrow(InputError);
    expect(() => parseConfigFile(text, 'cfg.yml')).toThrow(message);
  });
});

describe('mergeInputs', () => {
  it('flags win over the file, the file over defaults', () => {
    expect(mergeInputs({ window: '12h', 'report-label': 'ci' }, { window: '2h', since: undefined })).toEqual({ window: '2h', 'report-label': 'ci' });
  });
});

describe('issue settings and routing', () => {
  const text = [
    'muted-label: quiet',
    'close-after-windows: 6',
    'close-after-hours: 48',
    'routes:',
    '  - category: auth',
    '    labels: [agentic, auth]',
    '    mention: "@octo-org/ai-platform"',
    '  - rule: codex-proxy-401-loop',
    '    assignees: kenji-ops',
    '    labels: codex',
  ].join('\n');

  it('reads the muted label, the closing thresholds and the routes', () => {
    const c = parseConfigFile(text, 'cfg.yml');
    expect(c.issues).toMatchObject({ mutedLabel: 'quiet', closeAfterWindows: 6, closeAfterHours: 48 });
    expect(c.issues.routes).toHaveLength(2);
  });

  it('adds up every route that matches a problem', () => {
    const { routes } = parseConfigFile(text, 'cfg.yml').issues;
    expect(routeFor(routes, { category: 'auth', ruleId: 'codex-proxy-401-loop' })).toEqual({ labels: ['agentic', 'auth', 'codex'], assignees: ['kenji-ops'], mention: '@octo-org/ai-platform' });
    expect(routeFor(routes, { category: 'test', ruleId: 'test-failure' })).toEqual({ labels: [], assignees: [], mention: null });
  });

  it.each([
    ['routes:\n  - labels: [x]\n', /'routes\.0' needs a category or a rule/],
    ['routes:\n  - category: auth\n    mention: "@someone"\n', /cfg\.yml:3: 'routes\.0\.mention' must be a team/],
    ['close-after-windows: 0\n', /'close-after-windows'/],
  ])('names what is wrong: %j', (bad, message) => {
    expect(() => parseConfigFile(bad, 'cfg.yml')).toThrow(message);
  });
});
