// `aw_info.json`: what gh-aw writes at the start of the agent job about the run it is about to
// make (engine, model, versions of the engine CLI, of gh-aw and of the firewall). The one
// authoritative source for which engine ran; step names only guess it.

export interface AwInfo {
  /** Engine id, lower case (`codex`, `copilot`, `claude` …). */
  engine: string | null;
  /** Display name of the engine (`GitHub Copilot CLI`). */
  engineName: string | null;
  model: string | null;
  /** Version of the engine CLI (`agent_version`, else `version`). */
  engineVersion: string | null;
  /** Version of gh-aw that compiled the lock file (`cli_version`). */
  cliVersion: string | null;
  /** Version of the agent firewall (`awf_version`). */
  awfVersion: string | null;
  workflowName: string | null;
  firewallEnabled: boolean | null;
}

/** A non-empty trimmed string, else null (gh-aw writes `""` for "not set"). */
function str(v: unknown): string | null {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') return null;
  const s = v.trim();
  return s === '' ? null : s.slice(0, 200);
}

/** Parses aw_info.json; null when the text is not a JSON object. Unknown fields are ignored. */
export function parseAwInfo(text: string): AwInfo | null {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return null;
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) return null;
  const o = data as Record<string, unknown>;
  const engine = str(o['engine_id']) ?? str(o['engine']);
  return {
    engine: engine ? engine.toLowerCase() : null,
    engineName: str(o['engine_name']),
    model: str(o['model']),
    engineVersion: str(o['agent_version']) ?? str(o['version']),
    cliVersion: str(o['cli_version']),
    awfVersion: str(o['awf_version']),
    workflowName: str(o['workflow_name']),
    firewallEnabled: typeof o['firewall_enabled'] === 'boolean' ? o['firewall_enabled'] : null,
  };
}
