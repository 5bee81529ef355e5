// Compare with what worked: per cluster, the failed runs against successful runs of the same
// workflows (firewall, tokens, duration, turns, versions, environment presence, novel lines) and
// the commits between the last good and the first bad run. Pure; the JSON shape is in README.md.
export type * from './types.js';
export { compareCluster, compareClusters, baselineRunIdOf, stepKey, type CompareContext } from './compare.js';
export { compareMarkdown, compareSentence, baselineCostText, thousands, type CompareMarkdownOptions } from './render.js';
export { chooseBaselines, planCluster, suspectPairs, pairKey, workflowFileOf, failuresByWorkflow, lookbackText, DEFAULT_LOOKBACK_MS, DEFAULT_MAX_PER_WORKFLOW, type WorkflowCandidates } from './select.js';
export { logFacts, contextFacts, parseSetupJob, parseEnvPresence, presenceOf, MAX_STEP_LINES, type LogFactsOptions } from './logfacts.js';
export { firewallDiff, firewallEntries, domainStatus, VOLUME_FACTOR, type RunFirewall } from './firewall.js';
export { runMetricsDiff, runDurationMs, type MetricSamples } from './metrics.js';
export { versionsOf, versionDiff, mergeVersionChanges, envDiff, mergeEnvChanges, novelLines, baselineLines, MAX_NOVEL_LINES, type NovelInput, type RunVersions } from './diffs.js';
export { median, mad, robustZ, percentChange, formatDuration, signedDuration, MIN_Z_SAMPLES, Z_THRESHOLD } from './stats.js';
