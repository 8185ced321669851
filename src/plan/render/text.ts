/**
 * The terminal rendering of a plan, as Terraform prints one: drift first ("Objects have changed
 * outside of mk"), a legend of the symbols in use, one block per object in apply order, and the
 * summary line. Colour only when asked for (the CLI decides: a TTY, no NO_COLOR, no --no-color).
 */
import type { DriftEntry, ObjectChange, Plan } from "../model.js";
import { planHasChanges } from "../model.js";
import { symbolLine, textLine, writeEntries, writeValue, type BodyWriter, type DiffSymbol } from "./terraform-body.js";
import { ACTION_SYMBOL, actionHeader, actionReasonText, baselineText, hiddenCount, legendEntries, NO_CHANGES, summaryLine } from "./wording.js";

export interface TextRenderOptions {
  color: boolean;
}

const ANSI = { reset: "\x1b[0m", bold: "\x1b[1m", red: "\x1b[31m", green: "\x1b[32m", yellow: "\x1b[33m" };

const RULE = "─".repeat(77);

export function renderPlanText(plan: Plan, options: TextRenderOptions): string {
  const c = options.color;
  const bold = (s: string) => (c ? `${ANSI.bold}${s}${ANSI.reset}` : s);
  const paint = (symbol: DiffSymbol): string => {
    if (!c || symbol === " ") return symbol;
    const colour = symbol === "+" ? ANSI.green : symbol === "~" ? ANSI.yellow : ANSI.red;
    return `${colour}${symbol}${ANSI.reset}`;
  };
  const out: string[] = [];

  if (plan.drift.length > 0) {
    out.push(bold("Note: Objects have changed outside of mk"), "");
    out.push('mk detected the following changes made outside of mk since the last "mkapply" which may have affected this plan:', "");
    for (const entry of plan.drift) out.push(...driftBlock(entry, paint, bold), "");
    out.push("Unless you have made equivalent changes to your configuration, mkapply will undo them: the controllers restore what", "the configuration declares.", "", RULE, "");
  }

  if (!planHasChanges(plan)) {
    out.push(bold(NO_CHANGES), "", `mk has compared the configuration with ${baselineText(plan)} and found no differences, so no changes are needed.`);
    targetWarning(plan, out, bold);
    return `${out.join("\n")}\n`;
  }

  out.push("Object actions are indicated with the following symbols:");
  for (const entry of legendEntries(plan.counts)) out.push(`${" ".repeat(Math.max(0, 3 - entry.symbol.length))}${paint(entry.symbol as DiffSymbol)} ${entry.text}`);
  out.push("", "mk will perform the following actions:", "");
  for (const change of plan.changes) {
    if (change.action === "no-op") continue;
    out.push(...objectBlock(change, paint, bold), "");
  }
  out.push(bold(summaryLine(plan.counts)));
  targetWarning(plan, out, bold);
  return `${out.join("\n")}\n`;
}

function objectBlock(change: ObjectChange, paint: (s: DiffSymbol) => string, bold: (s: string) => string): string[] {
  const w: BodyWriter = { kind: change.ref.kind, paint, lines: [] };
  w.lines.push(bold(`  # ${actionHeader(change)}`));
  const reason = actionReasonText(change);
  if (reason) w.lines.push(`  # (${reason})`);
  for (const consequence of change.consequences) w.lines.push(`  #   ${consequence}`);
  const symbol = ACTION_SYMBOL[change.action as Exclude<typeof change.action, "no-op">] as DiffSymbol;
  writeObjectBody(w, symbol, change.address, change.diff);
  return w.lines;
}

function driftBlock(entry: DriftEntry, paint: (s: DiffSymbol) => string, bold: (s: string) => string): string[] {
  const w: BodyWriter = { kind: entry.ref.kind, paint, lines: [] };
  w.lines.push(bold(`  # ${entry.address} ${entry.change === "deleted" ? "has been deleted" : "has changed"}`));
  for (const detail of entry.details) w.lines.push(`  #   ${detail}`);
  if (entry.change === "deleted") symbolLine(w, 0, "-", `${entry.address}`);
  else if (entry.diff) writeObjectBody(w, "~", entry.address, entry.diff);
  return w.lines;
}

function writeObjectBody(w: BodyWriter, symbol: DiffSymbol, address: string, diff: ObjectChange["diff"]): void {
  symbolLine(w, 0, symbol, `${address} {`);
  if (diff.type === "map") writeEntries(w, diff.entries, 1, []);
  else if (diff.type === "added" || diff.type === "removed") {
    const value = diff.value;
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      for (const key of Object.keys(value).sort()) writeValue(w, diff.type === "added" ? "+" : "-", `${key} = `, value[key], 1, [key], []);
    }
  } else if (diff.type === "same" && diff.value !== null && typeof diff.value === "object" && !Array.isArray(diff.value)) {
    textLine(w, 1, `# ${hiddenCount(Object.keys(diff.value).length, "field")}`);
  }
  textLine(w, 0, "}");
}

function targetWarning(plan: Plan, out: string[], bold: (s: string) => string): void {
  if (plan.targets.length === 0) return;
  out.push(
    "",
    bold("Warning: Object targeting is in effect"),
    "",
    `This plan covers only ${plan.targets.join(", ")} (--target), so it may be incomplete: other changes the`,
    "configuration asks for are not shown and will not be applied. Use --target for exceptional situations only.",
  );
}
