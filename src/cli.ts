// Command-line entry: parse the command and its flags, hand over to the command, map the outcome
// to an exit code and one sentence on stderr.
import { parseArgs } from 'node:util';
import { analyzeCommand } from './commands/analyze.js';
import { replayCommand } from './commands/replay.js';
import { recordCommand } from './commands/record.js';
import { runCommand } from './commands/run.js';
import { serveCommand } from './commands/serve.js';
import { fatalMessage } from './commands/errors.js';
import { VERSION } from './version.js';

const WINDOW_FLAGS = {
  since: { type: 'string' },
  until: { type: 'string' },
  window: { type: 'string' },
  workflows: { type: 'string' },
  'exclude-workflows': { type: 'string' },
  'report-label': { type: 'string' },
  'max-new-sub-issues': { type: 'string' },
  'max-api-requests': { type: 'string' },
  'dry-run': { type: 'boolean' },
  config: { type: 'string' },
  json: { type: 'string' },
} as const;

const COMMANDS = {
  run: { ...WINDOW_FLAGS, repo: { type: 'string' } },
  replay: { ...WINDOW_FLAGS, now: { type: 'string' }, state: { type: 'string' }, faults: { type: 'string' } },
  serve: { now: { type: 'string' }, port: { type: 'string' }, state: { type: 'string' }, faults: { type: 'string' } },
  analyze: { format: { type: 'string' }, config: { type: 'string' } },
  record: {
    repo: { type: 'string' },
    since: { type: 'string' },
    until: { type: 'string' },
    window: { type: 'string' },
    workflows: { type: 'string' },
    'exclude-workflows': { type: 'string' },
    'self-workflow': { type: 'string' },
    'max-api-requests': { type: 'string' },
    out: { type: 'string' },
  },
} as const;

const HELP = `ci-failure-investigator ${VERSION}
Finds why CI runs failed, groups the failures by root cause and keeps one rolling GitHub issue true.

Usage:
  ci-failure-investigator run     [--repo o/r] [window options] [--dry-run] [--config FILE] [--json FILE]
  ci-failure-investigator replay  <scenario-dir> [window options] [--now ISO] [--dry-run] [--config FILE]
                                  [--json FILE] [--state FILE] [--faults FILE]
  ci-failure-investigator serve   <scenario-dir> [--now ISO] [--port N] [--state FILE] [--faults FILE]
  ci-failure-investigator analyze <file|dir>... [--format markdown|json] [--config FILE]
  ci-failure-investigator record  --repo o/r [--since …] [--until …] [--workflows …] --out <scenario-dir>

Window options:
  --since 6h|ISO          start of an explicit window (the chain of scheduled windows is left alone)
  --until ISO             end of an explicit window (default: now)
  --window 6h             length of the first window when no report exists yet (default 6h)
  --workflows a,b         only these workflows (names or file names)
  --exclude-workflows c   never these workflows
  --report-label L        label of the rolling report issue (default ci-failure-report)
  --max-new-sub-issues N  cap of new sub-issues per run (default 3)
  --max-api-requests N    request budget of one run (default 600)

run reads GITHUB_TOKEN (or GH_TOKEN), GITHUB_API_URL (default https://api.github.com) and
GITHUB_REPOSITORY; the clock is CI_FAILURE_INVESTIGATOR_NOW when set.
Exit codes: 0 when the investigation ran, whatever it found; 1 on bad input or a failure that stopped it.
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(HELP);
    return command ? 0 : 1;
  }
  if (command === '--version' || command === '-v') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (!(command in COMMANDS)) {
    process.stderr.write(`ci-failure-investigator: unknown command '${command}'; see --help\n`);
    return 1;
  }
  const name = command as keyof typeof COMMANDS;
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(HELP);
    return 0;
  }
  const { values, positionals } = parseArgs({ args: rest, options: COMMANDS[name], allowPositionals: true, strict: true });
  const flags = values as Record<string, string | boolean | undefined>;
  switch (name) {
    case 'run':
      return runCommand(flags);
    case 'replay':
      return replayCommand(positionals, flags);
    case 'serve':
      return serveCommand(positionals, flags);
    case 'analyze':
      return analyzeCommand(positionals, flags);
    case 'record':
      return recordCommand(flags);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`ci-failure-investigator: ${fatalMessage(e)}\n`);
    process.exitCode = 1;
  },
);
