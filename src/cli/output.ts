import { Option } from "commander";
import type { Diagnostic } from "../diag/diagnostic.js";
import { renderDiagnostics, diagnosticToJson, type SourceText } from "../diag/render.js";

export type ErrorFormat = "human" | "json";

/** Colour only on a TTY, never with NO_COLOR (https://no-color.org), always with FORCE_COLOR. */
export function colorEnabled(stream: NodeJS.WriteStream, flag?: boolean): boolean {
  if (flag === false) return false;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== "") return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== "0") return true;
  return Boolean(stream.isTTY);
}

/** Writes diagnostics to standard error in the chosen format. */
export function reportDiagnostics(diagnostics: readonly Diagnostic[], sources: SourceText, format: ErrorFormat = "human"): void {
  if (diagnostics.length === 0) return;
  if (format === "json") {
    for (const d of diagnostics) process.stderr.write(`${diagnosticToJson(d)}\n`);
    return;
  }
  process.stderr.write(renderDiagnostics(diagnostics, sources, { color: colorEnabled(process.stderr) }));
}


export function parseErrorFormat(value: string): ErrorFormat {
  if (value === "human" || value === "json") return value;
  throw new Error(`--error-format must be "human" or "json", not "${value}"`);
}

/** `--error-format human|json`, the same in every command (rustc's spelling). */
export function errorFormatOption(): Option {
  return new Option("--error-format <format>", "how diagnostics are written to standard error").choices(["human", "json"]).default("human");
}
