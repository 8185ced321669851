/**
 * `formatModule`: MKL source → canonical MKL source (what `mk fmt` writes). Files with syntax
 * errors are not formatted (their diagnostics are returned). The output is re-parsed and must
 * give the same syntax tree and the same comments; if it ever does not, the file is left alone
 * and an internal diagnostic is returned instead of a changed meaning.
 */
import { error, hasErrors, type Diagnostic } from "../../diag/diagnostic.js";
import { parseModule } from "../syntax/parse.js";
import { Output } from "./output.js";
import { Printer } from "./printer.js";
import { firstDifference } from "./same-ast.js";

export interface FormatResult {
  /** The formatted text; undefined when the file could not be formatted (see diagnostics). */
  text: string | undefined;
  diagnostics: Diagnostic[];
}

export function formatModule(text: string, file: string): FormatResult {
  const parsed = parseModule(file, text);
  if (hasErrors(parsed.diagnostics)) return { text: undefined, diagnostics: parsed.diagnostics };
  const output = new Output(text, parsed.module.comments);
  new Printer(output, text).module(parsed.module);
  const formatted = output.finish();

  const again = parseModule(file, formatted);
  const difference = hasErrors(again.diagnostics) ? "the output does not parse" : firstDifference(parsed.module, again.module);
  if (difference !== undefined) {
    return {
      text: undefined,
      diagnostics: [
        error("MK1099", "internal formatter error: formatting would change this file's meaning, so it was left unchanged", {
          span: { file, start: { line: 1, col: 1, offset: 0 }, end: { line: 1, col: 1, offset: 0 } },
          notes: [`first difference: ${difference}`],
          help: ["please report this with the file; `mk fmt` never rewrites a file it cannot format faithfully"],
        }),
      ],
    };
  }
  return { text: formatted, diagnostics: [] };
}
