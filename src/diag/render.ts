import type { Diagnostic } from "./diagnostic.js";
import { LineIndex, type Span } from "./span.js";

/** Looks up the text of a source file by the name used in spans. */
export type SourceText = (file: string) => string | undefined;

export interface RenderOptions {
  color?: boolean;
}

const ansi = {
  bold: "\u001b[1m",
  red: "\u001b[31m",
  yellow: "\u001b[33m",
  blue: "\u001b[34m",
  cyan: "\u001b[36m",
  reset: "\u001b[0m",
};

/**
 * Renders a diagnostic the way rustc does:
 *
 *   error[MK2001]: unknown field `replcas` in apps.DeploymentSpec
 *     --> web/main.mkl:12:7
 *      |
 *   12 |       replcas: 3
 *      |       ^^^^^^^ did you mean `replicas`?
 *      = help: ...
 */
export function renderDiagnostic(d: Diagnostic, sources: SourceText, options: RenderOptions = {}): string {
  const paint = (style: keyof typeof ansi, text: string) => (options.color ? `${ansi[style]}${text}${ansi.reset}` : text);
  const levelStyle = d.severity === "error" ? "red" : "yellow";
  const out: string[] = [];
  out.push(`${paint(levelStyle, paint("bold", `${d.severity}[${d.code}]`))}${paint("bold", `: ${d.message}`)}`);

  const labelled: { span: Span; message: string; primary: boolean }[] = [];
  if (d.span) labelled.push({ span: d.span, message: d.label ?? "", primary: true });
  for (const s of d.secondary ?? []) labelled.push({ span: s.span, message: s.message, primary: false });

  const lineNumbers = labelled.map((l) => l.span.start.line);
  const gutter = String(Math.max(0, ...lineNumbers)).length;
  const pad = " ".repeat(gutter);
  const bar = paint("blue", "|");

  if (d.span) {
    out.push(`${pad}${paint("blue", "-->")} ${d.span.file}:${d.span.start.line}:${d.span.start.col}`);
  }
  const context = [d.object && `in ${d.object}`, d.field && `at ${d.field}`].filter(Boolean).join(" ");

  // Group labels by file, primary file first, then by line.
  const files = [...new Set(labelled.map((l) => l.span.file))];
  for (const file of files) {
    const text = sources(file);
    const here = labelled.filter((l) => l.span.file === file).sort((a, b) => a.span.start.offset - b.span.start.offset);
    if (file !== d.span?.file) out.push(`${pad}${paint("blue", ":::")} ${file}:${here[0].span.start.line}:${here[0].span.start.col}`);
    if (text === undefined) continue;
    const index = new LineIndex(text);
    out.push(`${pad} ${bar}`);
    let lastLine = -1;
    for (const l of here) {
      const line = l.span.start.line;
      if (lastLine !== -1 && line > lastLine + 1) out.push(paint("blue", "..."));
      const src = index.lineText(line);
      if (line !== lastLine) out.push(`${paint("blue", String(line).padStart(gutter))} ${bar} ${src.replace(/\t/g, "    ")}`);
      lastLine = line;
      const startCol = l.span.start.col;
      const endCol = l.span.end.line === line ? Math.max(l.span.end.col, startCol + 1) : src.length + 1;
      const width = Math.max(1, endCol - startCol);
      const prefix = src.slice(0, startCol - 1).replace(/\t/g, "    ").replace(/[^ ]/g, " ");
      const marker = (l.primary ? "^" : "-").repeat(width);
      const style = l.primary ? levelStyle : "blue";
      out.push(`${pad} ${bar} ${prefix}${paint(style, `${marker}${l.message ? ` ${l.message}` : ""}`)}`);
    }
  }
  if (context && !d.span) out.push(`${pad}${paint("blue", "-->")} ${context}`);
  else if (context) out.push(`${pad} ${paint("blue", "=")} ${paint("bold", "object")}: ${context}`);
  for (const note of d.notes ?? []) out.push(`${pad} ${paint("blue", "=")} ${paint("bold", "note")}: ${note}`);
  for (const help of d.help ?? []) out.push(`${pad} ${paint("blue", "=")} ${paint("bold", "help")}: ${help}`);
  return out.join("\n");
}

/** Renders many diagnostics separated by blank lines, followed by rustc's summary line. */
export function renderDiagnostics(diagnostics: readonly Diagnostic[], sources: SourceText, options: RenderOptions = {}): string {
  if (diagnostics.length === 0) return "";
  const blocks = diagnostics.map((d) => renderDiagnostic(d, sources, options));
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.length - errors;
  const parts: string[] = [];
  if (errors) parts.push(`${errors} error${errors === 1 ? "" : "s"}`);
  if (warnings) parts.push(`${warnings} warning${warnings === 1 ? "" : "s"}`);
  return `${blocks.join("\n\n")}\n\n${parts.join(", ")} emitted\n`;
}

/** The machine-readable form for `--error-format json`: one JSON object per line. */
export function diagnosticToJson(d: Diagnostic): string {
  return JSON.stringify(d);
}
