import { describe, expect, it } from 'vitest';
import { firewallDomains, hostOnly, isAllowed, isInternalHost, isModelHost, parseAuditJsonl, parseSquidLog } from './firewall.js';
import { AUDIT_JSONL_EVENT, AUDIT_JSONL_TS, SQUID_ACCESS_LOG } from './fixtures.js';

const d = (domain: string, allowed: number, blocked: number, authErrors = 0) => ({ domain, allowed, blocked, authErrors });

describe('isAllowed', () => {
  it.each([
    [200, 'TCP_TUNNEL:HIER_DIRECT', true],
    [200, 'TCP_HIT:HIER_NONE', true],
    [206, 'TCP_MISS:HIER_DIRECT', true],
    [304, 'TCP_REFRESH_UNMODIFIED:HIER_DIRECT', true],
    [304, 'SOMETHING_NEW', true],
    [401, 'TCP_MISS:HIER_DIRECT', true], // forwarded: the provider said 401, the firewall let it through
    [403, 'TCP_DENIED:HIER_NONE', false],
    [407, 'NONE_NONE:HIER_NONE', false],
    [200, 'NONE_NONE:HIER_NONE', false],
    [403, 'SOMETHING_NEW', false],
    [503, 'TCP_SWAPFAIL_MISS:HIER_NONE', false], // neither list: denied
    [0, '-', false],
  ])('%i %s → %s', (status, decision, allowed) => {
    expect(isAllowed(status, decision)).toBe(allowed);
  });
});

describe('hosts', () => {
  it.each([
    ['-', true],
    ['::1', true],
    ['localhost:3128', true],
    ['127.0.0.1:10000', true],
    ['awf-api-proxy:10000', true],
    ['awf-squid:3128', true],
    ['172.30.0.30:10000', true],
    ['host.docker.internal:8080', true],
    ['api.openai.com:443', false],
    ['github.com:443', false],
    ['172.31.0.5:443', false],
  ])('%s internal: %s', (host, internal) => {
    expect(isInternalHost(host)).toBe(internal);
  });

  it.each([
    ['api.openai.com:443', true],
    ['chatgpt.com:443', true],
    ['api.anthropic.com:443', true],
    ['api.githubcopilot.com:443', true],
    ['api.enterprise.githubcopilot.com:443', true],
    ['generativelanguage.googleapis.com:443', true],
    ['bedrock-runtime.us-east-1.amazonaws.com:443', true],
    ['api.github.com:443', false],
    ['notapi.openai.com.evil.net:443', false],
  ])('%s model host: %s', (host, model) => {
    expect(isModelHost(host)).toBe(model);
  });

  it('strips ports, keeps IPv6 literals', () => {
    expect(hostOnly('API.OpenAI.com:443')).toBe('api.openai.com');
    expect(hostOnly('[::1]:80')).toBe('[::1]');
    expect(hostOnly('::1')).toBe('::1');
  });
});

describe('parseSquidLog', () => {
  const reqs = parseSquidLog(SQUID_ACCESS_LOG);

  it('reads every well-formed line, skipping comments and garbage', () => {
    expect(reqs).toHaveLength(12);
    expect(reqs[0]).toEqual({ ms: 1776851233104, client: '172.30.0.20', host: 'api.openai.com:443', method: 'CONNECT', status: 200, decision: 'TCP_TUNNEL:HIER_DIRECT', allowed: true });
    expect(reqs.find((r) => r.host.startsWith('chatgpt'))).toMatchObject({ allowed: false, status: 403 });
  });

  it('gives a port-less plain-HTTP host the port of its URL', () => {
    expect(reqs.find((r) => r.host.startsWith('example.org'))!.host).toBe('example.org:80');
  });

  it('counts external domains only, sorted, with provider 401s as auth errors', () => {
    expect(firewallDomains([reqs])).toEqual([
      d('api.anthropic.com:443', 1, 0, 1),
      d('api.openai.com:443', 3, 0),
      d('chatgpt.com:443', 0, 1),
      d('evil.example.com:443', 0, 1),
      d('example.org:80', 1, 0),
      d('odd.example.net:443', 0, 1),
      d('registry.npmjs.org:443', 1, 0),
    ]);
  });

  it('never crashes on empty or binary input', () => {
    expect(parseSquidLog('')).toEqual([]);
    expect(parseSquidLog('\u0000\u0001\ufffd\n'.repeat(10))).toEqual([]);
  });
});

describe('parseAuditJsonl', () => {
  it.each([
    ['ts float shape', AUDIT_JSONL_TS, [d('api.github.com:443', 1, 0), d('api.openai.com:443', 1, 0), d('chatgpt.com:443', 0, 1)]],
    ['timestamp + event shape', AUDIT_JSONL_EVENT, [d('api.githubcopilot.com:443', 1, 0, 1), d('api.openai.com:443', 1, 0), d('github.com:443', 0, 1)]],
  ])('%s', (_name, text, expected) => {
    expect(firewallDomains([parseAuditJsonl(text)])).toEqual(expected);
  });

  it('reads both time shapes to the same milliseconds', () => {
    expect(parseAuditJsonl(AUDIT_JSONL_TS)[0]!.ms).toBe(1776851233104);
    expect(parseAuditJsonl(AUDIT_JSONL_EVENT)[0]!.ms).toBe(Date.parse('2026-04-22T09:47:13.104Z'));
  });
});

describe('firewallDomains across files', () => {
  it('counts a request logged in access.log and audit.jsonl once', () => {
    const both = firewallDomains([parseSquidLog(SQUID_ACCESS_LOG), parseAuditJsonl(AUDIT_JSONL_TS)]);
    expect(both.find((x) => x.domain === 'api.openai.com:443')).toEqual(d('api.openai.com:443', 3, 0));
    expect(both.find((x) => x.domain === 'chatgpt.com:443')).toEqual(d('chatgpt.com:443', 0, 1));
    expect(both.find((x) => x.domain === 'api.github.com:443')).toEqual(d('api.github.com:443', 1, 0));
  });

  it('counts the same log uploaded twice once, and two different logs both', () => {
    const one = parseSquidLog(SQUID_ACCESS_LOG);
    expect(firewallDomains([one, one])).toEqual(firewallDomains([one]));
    // the newer audit file shares one request with the access log (same instant) and adds two
    const sum = firewallDomains([one, parseAuditJsonl(AUDIT_JSONL_EVENT)]);
    expect(sum.find((x) => x.domain === 'api.openai.com:443')).toEqual(d('api.openai.com:443', 3, 0));
    expect(sum.find((x) => x.domain === 'github.com:443')).toEqual(d('github.com:443', 0, 1));
    expect(sum.find((x) => x.domain === 'api.githubcopilot.com:443')).toEqual(d('api.githubcopilot.com:443', 1, 0, 1));
  });

  it('keeps identical requests within one file apart', () => {
    const line = '1776851233.104 172.30.0.20:41022 api.openai.com:443 1.2.3.4:443 1.1 CONNECT 200 TCP_TUNNEL:HIER_DIRECT api.openai.com:443 "-"';
    expect(firewallDomains([parseSquidLog(`${line}\n${line}\n`)])).toEqual([d('api.openai.com:443', 2, 0)]);
  });
});
