export { redactSecrets, REDACTION_NAMES } from './redact.js';
