import { Command, Option } from "commander";
import { hasErrors, sortDiagnostics } from "../../diag/diagnostic.js";
import { errorFormatOption, reportDiagnostics, type ErrorFormat } from "../output.js";
import { paramOption, parseParamPairs } from "../param-option.js";

interface CompileOptions {
  output: "yaml" | "json";
  param: string[];
  root?: string;
  validate: boolean;
  errorFormat: ErrorFormat;
}

export function register(program: Command): void {
  program
    .command("compile")
    .description("compile an MKL project to Kubernetes objects (YAML or JSON on standard output)")
    .argument("[path]", "the entry .mkl file, or a directory holding main.mkl", ".")
    .addOption(new Option("-o, --output <format>", "how the objects are printed").choices(["yaml", "json"]).default("yaml"))
    .addOption(paramOption())
    .addOption(new Option("--root <dir>", "the project root: imports and file reads must stay inside it (default: the entry file's directory)"))
    .addOption(new Option("--no-validate", "skip validation against the Kubernetes API schema and the apiserver's rules"))
    .addOption(errorFormatOption())
    .addHelpText(
      "after",
      `
Parses, type-checks and evaluates the project, validates every emitted object against the
Kubernetes API schema and the apiserver's rules (problems are reported at the MKL source that
produced the value), and prints the objects in emission order:
  -o yaml  one YAML document per object, separated by \`---\` lines (the default);
  -o json  one JSON document: a \`kind: List\` with the objects as its items.
Output is deterministic: the same input gives byte-identical output. Nothing is printed when
there are errors. Exit status: 0 on success (warnings allowed), 1 on any error.

Examples:
  mk compile
  mk compile web/ -p env=prod -p replicas=5
  mk compile main.mkl -o json | kubectl apply -f -`,
    )
    .action(async (path: string, options: CompileOptions) => {
      process.exitCode = await runCompile(path, options);
    });
}

async function runCompile(path: string, options: CompileOptions): Promise<number> {
  const { params, error } = parseParamPairs(options.param);
  if (error) {
    process.stderr.write(`error: ${error}\n`);
    return 1;
  }
  const [{ compileProjectEach }, { emitYamlDocument }, { emitJsonListItem, joinJsonListItems }, validation] = await Promise.all([
    import("../../lang/compile.js"),
    import("../../lang/emit/yaml.js"),
    import("../../lang/emit/json.js"),
    options.validate ? import("../pipeline/validate-objects.js") : undefined,
  ]);
  const validator = validation ? new validation.ObjectStreamValidator() : undefined;
  // Each object is validated and written out (to memory) as soon as it is evaluated, then
  // dropped: only its text is kept, so ten thousand objects are not all held as values.
  const texts: string[] = [];
  const compiled = compileProjectEach({ entry: path, root: options.root, params }, (object) => {
    validator?.add(object);
    texts.push(options.output === "json" ? emitJsonListItem(object.record) : emitYamlDocument(object.record, true));
  });
  const diagnostics = [...compiled.diagnostics];
  // As before streaming: objects are validated only when the program evaluated without errors.
  if (validator && !hasErrors(diagnostics)) diagnostics.push(...validator.diagnostics);
  reportDiagnostics(sortDiagnostics(diagnostics), (file) => compiled.sources.get(file), options.errorFormat);
  if (hasErrors(diagnostics)) return 1;
  process.stdout.write(options.output === "json" ? joinJsonListItems(texts) : texts.join("---\n"));
  return 0;
}
