// Data that leaves a parser must not keep the text it was parsed from alive. V8 keeps a string
// sliced out of a longer one (a regex match, a `slice`, a `trim`) as a view into it, so a failure
// line, a domain or a version string held by a record would pin its whole log or artifact — up to
// the 20 MB cap each, for as long as the investigation runs. Measured: `analyze` over 375 job logs
// peaked at 361 MB of RSS, ~140 MB with copies; 5 agent evidences of a 26 MB access.log retained
// 132 MB, ~0.1 MB with copies.

/** A deep copy of plain JSON data (what parsers here return, a few kilobytes) with fresh strings. */
export function detached<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
