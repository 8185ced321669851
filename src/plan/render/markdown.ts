/**
 * The pull-request comment: the summary line and a table of every change first, the deletions and
 * replacements pinned under a warning above the details, then one collapsible section per object
 * with a ```diff block, in apply order. GitHub refuses comments over 65,536 characters, so the rendering keeps
 * to a budget: what does not fit is left out and a note says so.
 */
import type { DriftEntry, ObjectChange, Plan } from "../model.js";
import { planHasChanges } from "../model.js";
import { yamlDiffLines } from "./yaml-diff.js";
import { ACTION_SYMBOL, actionPhrase, actionReasonText, baselineText, NO_CHANGES, summaryLine } from "./wording.js";

/** GitHub's limit for an issue or pull-request comment body. */
export const GITHUB_COMMENT_LIMIT = 65_536;

export interface MarkdownRenderOptions {
  /** Maximum length in characters (default: GitHub's 65,536). */
  budget?: number;
}

const ACTION_WORD: Record<string, string> = { create: "create", update: "update", replace: "replace", delete: "destroy" };

function cell(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\n/g, "<br>");
}

function html(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** A fenced block that its content cannot close. */
function fence(lang: string, lines: string[]): string {
  let ticks = "```";
  while (lines.some((l) => l.includes(ticks))) ticks += "`";
  return [`${ticks}${lang}`, ...lines, ticks].join("\n");
}

export function renderPlanMarkdown(plan: Plan, options: MarkdownRenderOptions = {}): string {
  const budget = options.budget ?? GITHUB_COMMENT_LIMIT;
  const changed = plan.changes.filter((c) => c.action !== "no-op");
  const title = `### mkplan: ${planHasChanges(plan) ? summaryLine(plan.counts) : NO_CHANGES}`;
  const compared = `Compared with ${baselineText(plan)}${plan.targets.length > 0 ? `, restricted to ${plan.targets.map((t) => `\`${t}\``).join(", ")} (--target)` : ""}.`;

  const head: string[] = [title, "", compared];
  const destructive = changed.filter((c) => c.action === "delete" || c.action === "replace");
  const tableRows = changed.map((c) => `| \`${ACTION_SYMBOL[c.action as keyof typeof ACTION_SYMBOL]}\` ${ACTION_WORD[c.action]} | \`${c.address}\` | ${cell(detailsText(c))} |`);
  const sections = changed.map(objectSection);
  const driftSection = plan.drift.length > 0 ? renderDrift(plan.drift) : undefined;

  // What always goes in, then as much of the rest as the budget allows, in reading order.
  const reserve = 400;
  const parts: string[] = [head.join("\n")];
  let used = parts[0].length;
  const fits = (text: string) => used + text.length + 2 + reserve <= budget;
  const add = (text: string) => {
    parts.push(text);
    used += text.length + 2;
  };
  let trimmed = false;

  // The warning is decided first so that a long table can never push it out; it is shown after the table.
  let warning: string | undefined;
  if (destructive.length > 0) {
    const w = renderWarning(destructive, (text) => fits(text));
    warning = w.text;
    used += warning.length + 2;
    trimmed ||= w.trimmed;
  }
  if (tableRows.length > 0) {
    const rows: string[] = [];
    let table = "| Action | Object | What happens |\n|---|---|---|";
    for (const row of tableRows) {
      if (!fits(`${table}\n${row}`)) break;
      table += `\n${row}`;
      rows.push(row);
    }
    if (rows.length < tableRows.length) {
      trimmed = true;
      table += `\n| … | ${tableRows.length - rows.length} more | |`;
    }
    add(table);
  }
  if (warning !== undefined) parts.push(warning);
  if (driftSection) {
    if (fits(driftSection)) add(driftSection);
    else trimmed = true;
  }
  let shown = 0;
  for (const section of sections) {
    if (!fits(section)) break;
    add(section);
    shown++;
  }
  if (shown < sections.length) trimmed = true;
  if (trimmed) {
    const left = sections.length - shown;
    add(
      [
        "> [!NOTE]",
        `> This comment is trimmed to stay within GitHub's ${budget.toLocaleString("en-US")}-character limit${left > 0 ? `: ${left} of ${sections.length} object${sections.length === 1 ? "" : "s"} are not shown in detail` : ""}.`,
        "> Run `mkplan` (or `mkplan -o json`) to see the whole plan.",
      ].join("\n"),
    );
  }
  return `${parts.join("\n\n")}\n`;
}

function detailsText(change: ObjectChange): string {
  const reason = actionReasonText(change);
  return [...(reason ? [reason] : []), ...change.consequences].join("\n");
}

function renderWarning(destructive: ObjectChange[], fits: (text: string) => boolean): { text: string; trimmed: boolean } {
  const replaced = destructive.filter((c) => c.action === "replace").length;
  const deleted = destructive.length - replaced;
  const what = [deleted > 0 ? `destroys ${deleted} object${deleted === 1 ? "" : "s"}` : "", replaced > 0 ? `replaces ${replaced}` : ""].filter(Boolean).join(" and ");
  let text = `> [!WARNING]\n> This plan ${what}:`;
  let trimmed = false;
  let count = 0;
  for (const c of destructive) {
    const reason = actionReasonText(c);
    const line = `\n> - \`${ACTION_SYMBOL[c.action as keyof typeof ACTION_SYMBOL]}\` **${c.address}** ${actionPhrase(c.action)}${reason ? ` (${reason})` : ""}`;
    if (!fits(text + line)) {
      trimmed = true;
      break;
    }
    text += line;
    count++;
  }
  if (count < destructive.length) text += `\n> - … and ${destructive.length - count} more`;
  return { text, trimmed };
}

function objectSection(change: ObjectChange): string {
  const symbol = ACTION_SYMBOL[change.action as keyof typeof ACTION_SYMBOL];
  const lines = [`<details><summary><code>${html(symbol)}</code> <b>${html(change.address)}</b> ${actionPhrase(change.action)}</summary>`, ""];
  const reason = actionReasonText(change);
  const notes = [...(reason ? [reason] : []), ...change.consequences];
  if (notes.length > 0) lines.push(...notes.map((n) => `- ${n}`), "");
  lines.push(fence("diff", yamlDiffLines(change.ref.kind, change.diff)), "", "</details>");
  return lines.join("\n");
}

function renderDrift(drift: readonly DriftEntry[]): string {
  const lines = [`<details><summary>Objects have changed outside of mk (${drift.length})</summary>`, ""];
  lines.push("mk detected these changes made outside of mk since the last `mkapply`; unless the configuration changed the same way, mkapply undoes them.", "");
  for (const entry of drift) {
    lines.push(`- **${entry.address}** ${entry.change === "deleted" ? "has been deleted" : "has changed"}${entry.details.length > 0 ? `: ${entry.details.join("; ")}` : ""}`);
    if (entry.diff) lines.push("", fence("diff", yamlDiffLines(entry.ref.kind, entry.diff)).replace(/^/gm, "  "), "");
  }
  lines.push("", "</details>");
  return lines.join("\n");
}
