// What the product learns from one failed job's log. Pure data: produced by src/evidence,
// consumed by classification, clustering and rendering.

export type LogFormat = 'gha' | 'gh-cli' | 'plain';

/** A line of the log as a person reads it: timestamp, ANSI colours and `##[…]` prefixes removed. */
export interface LogLine {
  /** 1-based line number in the text that was analysed. */
  number: number;
  text: string;
}

/** The step boundaries the jobs API gives, used to name the failed step of a raw log. */
export interface StepTiming {
  name: string;
  number: number;
  conclusion: string | null;
  started_at?: string | null;
  completed_at?: string | null;
}

export interface LogEvidence {
  format: LogFormat;
  /** The line that says why the job failed; null when the log holds no failure. */
  failureLine: LogLine | null;
  /** Cleaned lines around the failure line (default 20 before, 5 after), failure line included. */
  context: LogLine[];
  /** The step the failure line belongs to, when the log or the step timings tell. */
  failedStep: string | null;
  /** Failing test names, when a test runner failed. */
  testNames: string[];
  /** Lines in the analysed text. */
  lineCount: number;
  /** The exit code of the failed step (`Process completed with exit code N.`), when the log says. */
  exitCode?: number | null;
}

/** Where a step begins inside a section whose text carries no step headers (gh-cli output). */
export interface StepStart {
  /** 1-based section line at which the step's lines begin. */
  line: number;
  name: string;
}

/** One job's worth of text inside a log file (a `gh run view --log-failed` file holds several). */
export interface LogSection {
  job: string | null;
  format: LogFormat;
  text: string;
  /** Lines before this section in the file, so that section line n is file line n + lineOffset. */
  lineOffset: number;
  /**
   * gh-cli only: the step column, as step boundaries of `text` (which holds the job's raw lines
   * without the job/step columns). Pass it on as `analyzeLog(text, { stepStarts })`, or call
   * `analyzeSection(section)`.
   */
  stepStarts?: StepStart[];
}
