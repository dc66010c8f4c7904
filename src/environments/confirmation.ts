// Who may say "apply" to a remote environment, and how. A staging deploy is confirmed with yes (or --yes); a
// production deploy only by typing the context's name (or --confirm-context NAME): --yes alone is refused, so a
// script or a tired hand cannot push production by reflex. The question always names the context and the
// cluster's API server URL, so the user sees where it goes before saying yes.
export type ConfirmationRule =
  | { readonly kind: 'yes-no'; readonly question: string; readonly context: string }
  | { readonly kind: 'type-context'; readonly question: string; readonly context: string };

export interface ConfirmationSubject {
  readonly environment: string;
  readonly overlay: string;
  readonly context: string;
  readonly server: string;
  readonly objects: number;
}

export function confirmationRule(subject: ConfirmationSubject): ConfirmationRule {
  const where = `context "${subject.context}" at ${subject.server}`;
  if (subject.overlay === 'production') {
    return {
      kind: 'type-context',
      context: subject.context,
      question: `Deploy the PRODUCTION overlay (${subject.objects} objects) to ${where} (environment ${subject.environment})? Type the context name to confirm:`,
    };
  }
  return { kind: 'yes-no', context: subject.context, question: `Deploy the ${subject.overlay} overlay (${subject.objects} objects) to ${where} (environment ${subject.environment})?` };
}

export interface Consent {
  /** --yes */
  readonly yes: boolean;
  /** --confirm-context NAME */
  readonly confirmContext: string | undefined;
}

/** Consent given on the command line; `undefined` when none was given (ask, if there is a terminal). */
export function consentFromFlags(rule: ConfirmationRule, consent: Consent): { readonly ok: true } | { readonly ok: false; readonly reason: string } | undefined {
  if (consent.confirmContext !== undefined) {
    if (consent.confirmContext === rule.context) return { ok: true };
    return { ok: false, reason: `--confirm-context "${consent.confirmContext}" does not name the target context "${rule.context}": nothing was applied.` };
  }
  if (!consent.yes) return undefined;
  if (rule.kind === 'type-context') {
    return { ok: false, reason: `--yes alone does not deploy to production: add --confirm-context ${rule.context} (the target context's name). Nothing was applied.` };
  }
  return { ok: true };
}

/** Whether a typed answer confirms: exactly the context's name (surrounding spaces ignored). */
export function typedAnswerConfirms(rule: ConfirmationRule, answer: string | undefined): boolean {
  return answer !== undefined && answer.trim() === rule.context;
}
