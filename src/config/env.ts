// What the Actions runner tells a step about itself through the environment.

/** `owner/repo/.github/workflows/x.yml@refs/heads/main` → `.github/workflows/x.yml` */
export function selfWorkflowOf(workflowRef: string | undefined): string | undefined {
  const m = workflowRef ? /^[^/]+\/[^/]+\/(.+?)(@.*)?$/.exec(workflowRef) : null;
  return m?.[1];
}
