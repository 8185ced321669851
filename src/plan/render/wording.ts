/**
 * The sentences every renderer shares, so that the terminal, the pull-request comment and the
 * JSON say the same thing: action headers, reasons, the legend and the summary line.
 */
import { formatFieldPath } from "../../diag/span.js";
import type { ObjectChange, Plan, PlanAction, PlanCounts } from "../model.js";

/** Terraform's symbol for each action. */
export const ACTION_SYMBOL: Record<Exclude<PlanAction, "no-op">, string> = {
  create: "+",
  update: "~",
  replace: "-/+",
  delete: "-",
};

/** The legend's wording, in the legend's order. */
export const LEGEND: { action: Exclude<PlanAction, "no-op">; text: string }[] = [
  { action: "create", text: "create" },
  { action: "update", text: "update in-place" },
  { action: "replace", text: "destroy and then create replacement" },
  { action: "delete", text: "destroy" },
];

/** The legend entries for the actions present in the plan only. */
export function legendEntries(counts: PlanCounts): { symbol: string; text: string }[] {
  return LEGEND.filter((l) => counts[l.action] > 0).map((l) => ({ symbol: ACTION_SYMBOL[l.action], text: l.text }));
}

/** `will be updated in-place`: what happens to the object, after its address. */
export function actionPhrase(action: PlanAction): string {
  switch (action) {
    case "create":
      return "will be created";
    case "update":
      return "will be updated in-place";
    case "replace":
      return "must be replaced";
    case "delete":
      return "will be destroyed";
    case "no-op":
      return "is unchanged";
  }
}

/** `Deployment/web will be updated in-place`. */
export function actionHeader(change: ObjectChange): string {
  return `${change.address} ${actionPhrase(change.action)}`;
}

/** Why an object is replaced or deleted, as a parenthetical, or undefined. */
export function actionReasonText(change: ObjectChange): string | undefined {
  if (change.actionReason === "delete_because_no_configuration") return `because ${change.address} is not in the configuration`;
  if (change.actionReason === "delete_because_destroy") return "because the configuration is being destroyed with --destroy";
  if (change.action === "replace" && change.replaceCauses.length > 0) {
    return change.replaceCauses
      .map((c) => {
        const path = formatFieldPath(c.path);
        return `${path} cannot be updated in place: ${c.reason.replace(` (${path})`, "")}`;
      })
      .join("; ");
  }
  return undefined;
}

/** Terraform's summary line. A replacement counts as one to add and one to destroy. */
export function summaryLine(counts: PlanCounts): string {
  return `Plan: ${counts.create + counts.replace} to add, ${counts.update} to change, ${counts.delete + counts.replace} to destroy.`;
}

export const NO_CHANGES = "No changes. Your workloads match the configuration.";

/** What the configuration was compared with, for the "no differences" sentence. */
export function baselineText(plan: Plan): string {
  return plan.baseline.kind === "store" ? `the state in ${plan.baseline.location}` : `the configuration at ${plan.baseline.ref} (${plan.baseline.commit.slice(0, 12)})`;
}

/** `1 unchanged field`, `3 unchanged elements`. */
export function hiddenCount(n: number, noun: "field" | "element" | "line"): string {
  return `(${n} unchanged ${noun}${n === 1 ? "" : "s"} hidden)`;
}

/** Key fields of a list item, `name "web"` or `containerPort 80, protocol "TCP"`. */
export function keyText(key: Record<string, unknown>): string {
  return Object.entries(key)
    .map(([k, v]) => `${k} ${JSON.stringify(v)}`)
    .join(", ");
}
