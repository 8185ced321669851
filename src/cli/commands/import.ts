import { Command } from "commander";
import { readFileSync } from "node:fs";
import { error } from "../../diag/diagnostic.js";
import { errorFormatOption, reportDiagnostics, type ErrorFormat } from "../output.js";

interface ImportOptions {
  errorFormat: ErrorFormat;
}

export function register(program: Command): void {
  program
    .command("import")
    .description("print plain Kubernetes YAML/JSON as an MKL module that compiles back to the same objects")
    .argument("<file>", "a YAML or JSON file (multi-document, kind: List); - reads standard input")
    .addOption(errorFormatOption())
    .addHelpText(
      "after",
      `
Objects of the kinds the stdlib knows become typed records (\`apps.Deployment { ... }\`) with
the imports they need; the type checker then guards every later edit. Other documents become
plain records. Fields keep their order. Exit status: 0 on success, 1 when the input cannot be read.

Examples:
  mk import deploy.yaml > main.mkl
  kubectl get deployment web -o yaml | mk import -`,
    )
    .action(async (file: string, options: ImportOptions) => {
      process.exitCode = await runImport(file, options);
    });
}

async function runImport(file: string, options: ImportOptions): Promise<number> {
  const { importYaml } = await import("../../lang/import-yaml/import-yaml.js");
  const name = file === "-" ? "<stdin>" : file;
  let text: string;
  try {
    text = readFileSync(file === "-" ? 0 : file, "utf8");
  } catch (e) {
    reportDiagnostics([error("MK6007", `cannot read \`${name}\`: ${(e as NodeJS.ErrnoException).code ?? String(e)}`)], () => undefined, options.errorFormat);
    return 1;
  }
  const result = importYaml(name, text);
  reportDiagnostics(result.diagnostics, (f) => (f === name ? text : undefined), options.errorFormat);
  if (result.text === undefined) return 1;
  process.stdout.write(result.text);
  return 0;
}
