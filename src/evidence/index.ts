export type { LogFormat, LogLine, StepTiming, LogEvidence, LogSection, StepStart } from './types.js';
export { cleanLine, parseLine, detectFormat, MAX_LINE_CHARS, type ParsedLine } from './clean.js';
export { splitLogFile } from './split.js';
export { analyzeLog, analyzeSection, createLogAnalyzer, type AnalyzeOptions, type LogAnalyzer } from './analyze.js';
export { rankLine, isBoilerplate, type LineVerdict } from './linerank.js';
export { TEST_LINE_PATTERNS, matchTestLine, type TestLinePattern } from './testlines.js';
