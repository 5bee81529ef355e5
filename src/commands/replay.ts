// `replay <scenario-dir>`: serve the scenario on loopback at its clock and run exactly the code
// path of `run` against it.
import { InputError, parseOptions, type Pacing } from '../config/options.js';
import { prepare } from '../prepare.js';
import { loadScenario } from '../replay/scenario.js';
import { loadFaults, type Fault } from '../replay/faults.js';
import { startReplayServer } from '../replay/server.js';
import { execute, rawInputs, stderrLogger, type Flags } from './execute.js';

/** The loopback server answers at once; GitHub's write spacing would only slow the replay down. */
export const REPLAY_PACING: Pacing = { writeMs: 0, notifyMs: 0, retryBaseMs: 10 };

/** `--faults FILE`: the server's own parser, with the error named as the bad input. */
export async function readFaults(file: string): Promise<Fault[]> {
  try {
    return await loadFaults(file);
  } catch (e) {
    throw new InputError('faults', `faults: ${(e as Error).message}`);
  }
}

export async function replayCommand(positionals: string[], flags: Flags): Promise<number> {
  const dir = positionals[0];
  if (!dir || positionals.length > 1) throw new InputError('scenario-dir', 'replay: give exactly one scenario directory');
  const scenario = await loadScenario(dir);
  const faults = typeof flags.faults === 'string' ? await readFaults(flags.faults) : undefined;
  const now = typeof flags.now === 'string' ? flags.now : scenario.now;
  const inputs = rawInputs(flags, { repo: `${scenario.owner}/${scenario.name}`, now, 'self-workflow': scenario.selfWorkflow });
  // Validate the flags before the server starts: a typo costs nothing.
  const clock = parseOptions(inputs, REPLAY_PACING).now;
  const stateFile = typeof flags.state === 'string' ? flags.state : undefined;
  const server = await startReplayServer({ scenarioDir: dir, scenario, now: clock.toISOString(), stateFile, faults });
  let dryRun = Boolean(flags['dry-run']);
  try {
    const prepared = await prepare({
      inputs,
      token: 'replay',
      baseUrl: server.url,
      pacing: REPLAY_PACING,
      localConfig: typeof flags.config === 'string' ? flags.config : undefined,
      warn: stderrLogger.warn,
    });
    dryRun = prepared.options.dryRun;
    const { code } = await execute(prepared, typeof flags.json === 'string' ? flags.json : undefined);
    return code;
  } finally {
    // The state is saved after a failed publish too (what was written stays written), never after a dry run.
    if (stateFile && !dryRun) await server.saveState(stateFile);
    await server.close();
  }
}
