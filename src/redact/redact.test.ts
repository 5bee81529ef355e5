import { describe, expect, it } from 'vitest';
import { REDACTION_NAMES, redactSecrets } from './index.js';

const GHP = `ghp_${'A1b2C3d4E5'.repeat(3)}xYz789`;
const GHS = `ghs_${'Zz9Yy8Xx7W'.repeat(3)}abc123`;

describe('redactSecrets', () => {
  it.each([
    ['GitHub PAT (classic)', `export GH_TOKEN_VALUE ${GHP} now`, 'export GH_TOKEN_VALUE ghp_*** now'],
    ['GitHub OAuth token', `using gho_${'q1W2e3R4t5'.repeat(3)}Aa1 for api`, 'using gho_*** for api'],
    ['GitHub app token', `token ${GHS} expired`, 'token ghs_*** expired'],
    ['fine-grained PAT', `github_pat_11ABCDEFG0${'aB3dE6gH9j'.repeat(5)}`, 'github_pat_***'],
    ['OpenAI project key', 'key sk-proj-Ab12Cd34Ef56Gh78Ij90Kl12Mn34 rejected', 'key sk-*** rejected'],
    ['OpenAI key half-masked by the tool', 'Incorrect API key provided: sk-place****************roxy.', 'Incorrect API key provided: sk-***.'],
    ['Anthropic key', 'using sk-ant-api03-AbCdEf0123456789-_xyz now', 'using sk-ant-*** now'],
    ['x-api-key header', 'x-api-key: sk-ant-api03-AbCdEf0123456789-_xyz', 'x-api-key: ***'],
    ['AWS access key id', 'aws key AKIAIOSFODNN7EXAMPLE in env', 'aws key AKIA*** in env'],
    ['Slack token', 'SLACK xoxb-123456789012-abcdefABCDEF posted', 'SLACK xoxb-*** posted'],
    ['Google API key', `maps AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q failed`, 'maps AIza*** failed'],
    ['Authorization: Bearer', 'curl -H "Authorization: Bearer abc.def-ghi_jkl"', 'curl -H "Authorization: Bearer ***"'],
    ['Authorization: Basic', 'Authorization: Basic dXNlcjpodW50ZXIy', 'Authorization: Basic ***'],
    ['Authorization: token', `Authorization: token ${GHP}`, 'Authorization: token ***'],
    ['bare Bearer credential', 'sent Bearer eyJhbGciOi1234567890abcdef to proxy', 'sent Bearer *** to proxy'],
    [
      'JWT',
      'id_token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U ok',
      'id_token *** ok',
    ],
    ['password=', 'mysql -u root password=hunter2 -h db', 'mysql -u root password=*** -h db'],
    ['token= in a query', 'GET /hook?token=abc123&x=1', 'GET /hook?token=***&x=1'],
    ['api_key:', 'api_key: abcd1234efgh', 'api_key: ***'],
    ['JSON secret', '{"client_secret": "s3cr3t-value", "id": 4}', '{"client_secret": "***", "id": 4}'],
    ['env assignment', `GITHUB_TOKEN=${GHP}`, 'GITHUB_TOKEN=***'],
    ['URL with user:password', 'cloning https://deploy:hunter2@git.example.com/o/r.git', 'cloning https://***@git.example.com/o/r.git'],
    ['URL with a token as user', `remote https://x-access-token:${GHS}@github.com/o/r`, 'remote https://***@github.com/o/r'],
    ['URL with a bare token user', `https://${GHP}@github.com/o/r`, 'https://***@github.com/o/r'],
  ])('%s', (_name, input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
  });

  it('masks a whole private key block, also inside JSON', () => {
    const pem = ['-----BEGIN RSA PRIVATE KEY-----', 'MIIEowIBAAKCAQEAwJ1o2b3c4d5e6f7g8h9i0', 'aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789+/=', '-----END RSA PRIVATE KEY-----'].join('\n');
    const out = redactSecrets(`key:\n${pem}\ndone`);
    expect(out).toBe('key:\n-----BEGIN RSA PRIVATE KEY-----***-----END RSA PRIVATE KEY-----\ndone');
    const json = '{"key": "-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\\n-----END PRIVATE KEY-----\\n"}';
    expect(redactSecrets(json)).toBe('{"key": "-----BEGIN PRIVATE KEY-----***-----END PRIVATE KEY-----\\n"}');
  });

  it('masks an unterminated private key up to the end of its body', () => {
    expect(redactSecrets('-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\nnext line: ok')).toBe(
      '-----BEGIN OPENSSH PRIVATE KEY-----***-----END OPENSSH PRIVATE KEY-----\nnext line: ok',
    );
  });

  it.each([
    'unexpected status 401 Unauthorized: Missing bearer or basic authentication in header',
    'input_tokens: 1234, output_tokens: 99',
    'tokens used: 182301',
    "SyntaxError: Unexpected token '}'",
    'risk-assessment and task-12345678 ok',
    'password: ',
    'Process completed with exit code 1.',
    'https://api.openai.com/v1/responses',
  ])('leaves harmless text alone: %s', (input) => {
    expect(redactSecrets(input)).toBe(input);
  });

  it('is idempotent', () => {
    const inputs = [
      `Authorization: Bearer ${GHP} and sk-ant-api03-AbCdEf0123456789 and password="p a s s"`,
      'Incorrect API key provided: sk-place****************roxy.',
      '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBkg\n-----END EC PRIVATE KEY-----',
      `https://user:pw@host/x?token=abc123 ${GHS}`,
    ];
    for (const x of inputs) {
      const once = redactSecrets(x);
      expect(redactSecrets(once)).toBe(once);
    }
  });

  it('names its redactions in a fixed order', () => {
    expect(REDACTION_NAMES[0]).toBe('private-key');
    expect(REDACTION_NAMES).toContain('secret-assignment');
    expect(new Set(REDACTION_NAMES).size).toBe(REDACTION_NAMES.length);
  });
});
