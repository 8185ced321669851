import { Command, InvalidArgumentError } from "commander";
import { error } from "../../diag/diagnostic.js";
import type { JsonObject } from "../../schema/json.js";
import { errorFormatOption, reportDiagnostics, type ErrorFormat } from "../output.js";
import { stateOption } from "../state-options.js";
import { VIEW_CODES } from "../view-codes.js";

interface ScaleOptions {
  state?: string;
  namespace: string;
  replicas: number;
  errorFormat: ErrorFormat;
}

const SCALABLE = ["Deployment", "ReplicaSet", "ReplicationController", "StatefulSet"];

export function register(program: Command): void {
  program
    .command("scale")
    .description("set the number of replicas of a Deployment, ReplicaSet, ReplicationController or StatefulSet (kubectl scale)")
    .argument("<target...>", "TYPE NAME or TYPE/NAME")
    .requiredOption("--replicas <count>", "the new number of replicas", parseCount)
    .option("-n, --namespace <namespace>", "the namespace", "default")
    .addOption(stateOption())
    .addOption(errorFormatOption())
    .addHelpText(
      "after",
      `
The running controllers (mkapply, mk controller) act on the change. An object that the
configuration manages goes back to the configuration's replicas at the next mkapply, which
mkplan shows as an update.

Example:
  mk scale deployment/web --replicas 5`,
    )
    .action(async (target: string[], options: ScaleOptions) => {
      process.exitCode = await runScale(target, options);
    });
}

function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`expected a whole number of replicas (0 or more), not "${value}"`);
  return n;
}

async function runScale(target: string[], options: ScaleOptions): Promise<number> {
  const [{ withExistingState }, { findObjectTarget }, { isConflict }] = await Promise.all([
    import("../pipeline/open-existing-state.js"),
    import("../pipeline/object-target.js"),
    import("../../store/index.js"),
  ]);
  return withExistingState(options.state, options.errorFormat, async (store) => {
    // A controller may write the object between our read and write: read again and retry, as kubectl does on conflicts.
    for (let attempt = 0; ; attempt++) {
      const found = await findObjectTarget(store, target, options.namespace);
      if (!found.ok) {
        reportDiagnostics([found.diagnostic], () => undefined, options.errorFormat);
        return 1;
      }
      if (!SCALABLE.includes(found.entry.kind)) {
        reportDiagnostics([error(VIEW_CODES.badArgument, `${found.entry.plural} cannot be scaled; scalable kinds: ${SCALABLE.join(", ")}`)], () => undefined, options.errorFormat);
        return 1;
      }
      const spec = { ...((found.object.spec as JsonObject | undefined) ?? {}), replicas: options.replicas };
      try {
        await store.update({ ...found.object, spec });
        process.stdout.write(`${found.entry.plural.replace(/s$/, "")}${found.entry.apiVersion.includes("/") ? `.${found.entry.apiVersion.split("/")[0]}` : ""}/${found.ref.name} scaled\n`);
        return 0;
      } catch (e) {
        if (!isConflict(e) || attempt >= 4) throw e;
      }
    }
  });
}
