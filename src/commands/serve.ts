// `serve <scenario-dir>`: only the loopback GitHub, for testing the action or any client.
import { InputError } from '../config/options.js';
import { startReplayServer } from '../replay/server.js';
import type { Flags } from './execute.js';
import { readFaults } from './replay.js';

export async function serveCommand(positionals: string[], flags: Flags): Promise<number> {
  const dir = positionals[0];
  if (!dir || positionals.length > 1) throw new InputError('scenario-dir', 'serve: give exactly one scenario directory');
  const port = typeof flags.port === 'string' ? Number(flags.port) : 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InputError('port', `port: '${flags.port}' is not a port number`);
  const stateFile = typeof flags.state === 'string' ? flags.state : undefined;
  const server = await startReplayServer({
    scenarioDir: dir,
    now: typeof flags.now === 'string' ? flags.now : undefined,
    port,
    stateFile,
    faults: typeof flags.faults === 'string' ? await readFaults(flags.faults) : undefined,
  });
  process.stdout.write(`${server.url}\n`);
  process.stderr.write(`serving ${dir} at clock ${server.now}; Ctrl-C to stop${stateFile ? `, state saved to ${stateFile}` : ''}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  if (stateFile) await server.saveState(stateFile);
  await server.close();
  return 0;
}
