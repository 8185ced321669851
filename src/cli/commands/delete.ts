import { Command, InvalidArgumentError, Option } from "commander";
import { errorFormatOption, reportDiagnostics, type ErrorFormat } from "../output.js";
import { stateOption } from "../state-options.js";

interface DeleteOptions {
  state?: string;
  namespace: string;
  cascade: "background" | "foreground" | "orphan";
  errorFormat: ErrorFormat;
}

export function register(program: Command): void {
  program
    .command("delete")
    .description("delete an object from the state; the controllers remove what it owns (kubectl delete)")
    .argument("<target...>", "TYPE NAME or TYPE/NAME")
    .option("-n, --namespace <namespace>", "the namespace", "default")
    .addOption(new Option("--cascade <policy>", "what happens to the objects it owns: background (deleted after it), foreground (deleted before it), orphan (kept)").argParser(cascadeArg).default("background"))
    .addOption(stateOption())
    .addOption(errorFormatOption())
    .addHelpText(
      "after",
      `
An object that the configuration declares comes back at the next mkapply (mkplan shows it as a
create); remove it from the configuration to delete it for good.

Examples:
  mk delete pod web-7d9c4b6f5-x2k4f
  mk delete deployment/web --cascade=orphan`,
    )
    .action(async (target: string[], options: DeleteOptions) => {
      process.exitCode = await runDelete(target, options);
    });
}

async function runDelete(target: string[], options: DeleteOptions): Promise<number> {
  const [{ withExistingState }, { findObjectTarget }] = await Promise.all([import("../pipeline/open-existing-state.js"), import("../pipeline/object-target.js")]);
  return withExistingState(options.state, options.errorFormat, async (store) => {
    const found = await findObjectTarget(store, target, options.namespace);
    if (!found.ok) {
      reportDiagnostics([found.diagnostic], () => undefined, options.errorFormat);
      return 1;
    }
    await store.delete(found.ref, { propagationPolicy: options.cascade === "foreground" ? "Foreground" : options.cascade === "orphan" ? "Orphan" : "Background" });
    const group = found.entry.apiVersion.includes("/") ? `.${found.entry.apiVersion.split("/")[0]}` : "";
    process.stdout.write(`${found.entry.kind.toLowerCase()}${group} "${found.ref.name}" deleted\n`);
    return 0;
  });
}

const CASCADE_POLICIES = ["background", "foreground", "orphan"] as const;

/** kubectl's policies, and its deprecated booleans: true is background, false is orphan (with its warning). */
function cascadeArg(value: string): DeleteOptions["cascade"] {
  const known = CASCADE_POLICIES.find((p) => p === value);
  if (known) return known;
  if (value === "true" || value === "false") {
    const policy = value === "true" ? "background" : "orphan";
    process.stderr.write(`warning: --cascade=${value} is deprecated (boolean value) and can be replaced with --cascade=${policy}.\n`);
    return policy;
  }
  throw new InvalidArgumentError(`Allowed choices are ${CASCADE_POLICIES.join(", ")}.`);
}

