// Decide the writes a run intends, from what it found and what GitHub holds. Pure: a dry run
// prints this plan, a real run hands it to github/publish.
import type { Ledger } from '../ledger/index.js';
import { composeBody, REPORT_TITLE, type Section } from '../render/body.js';

export type PlannedWrite =
  | { action: 'create'; target: 'report'; issue: null; title: string; body: string; labels: string[]; why: string }
  | { action: 'update'; target: 'report'; issue: number; title: string; body: string; why: string };

export interface ExistingReport {
  number: number;
  body: string;
}

export interface ReportPlanInput {
  existing: ExistingReport | null;
  section: Section;
  ledger: Ledger;
  label: string;
}

export function planReport(input: ReportPlanInput): PlannedWrite[] {
  const body = composeBody(input.existing?.body, input.section, input.ledger);
  if (!input.existing) {
    return [{ action: 'create', target: 'report', issue: null, title: REPORT_TITLE, body, labels: [input.label], why: 'no open report issue carries the label and marker' }];
  }
  if (body === input.existing.body) return [];
  return [{ action: 'update', target: 'report', issue: input.existing.number, title: REPORT_TITLE, body, why: `window ${input.section.since} → ${input.section.until} added or changed` }];
}
