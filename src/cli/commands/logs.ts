import { Command } from "commander";
import { dirname } from "node:path";
import { error } from "../../diag/diagnostic.js";
import type { JsonObject } from "../../schema/json.js";
import { errorFormatOption, reportDiagnostics, type ErrorFormat } from "../output.js";
import { stateOption } from "../state-options.js";
import { VIEW_CODES } from "../view-codes.js";

interface LogsOptions {
  state?: string;
  namespace: string;
  container?: string;
  follow: boolean;
  tail?: string;
  timestamps: boolean;
  errorFormat: ErrorFormat;
}

export function register(program: Command): void {
  program
    .command("logs")
    .description("print the output of a pod's container (kubectl logs)")
    .argument("<pod...>", "the pod: NAME, pod/NAME, or TYPE/NAME of a workload (its first pod)")
    .option("-n, --namespace <namespace>", "the namespace", "default")
    .option("-c, --container <name>", "the container (default: the only one, or the first)")
    .option("-f, --follow", "keep printing new output until interrupted", false)
    .option("--tail <lines>", "only the last lines")
    .option("--timestamps", "prefix each line with its time", false)
    .addOption(stateOption())
    .addOption(errorFormatOption())
    .addHelpText("after", "\nExamples:\n  mk logs web-0\n  mk logs deploy/web -c sidecar -f")
    .action(async (target: string[], options: LogsOptions) => {
      process.exitCode = await runLogs(target, options);
    });
}

async function runLogs(target: string[], options: LogsOptions): Promise<number> {
  const fail = (message: string, code: string = VIEW_CODES.badArgument): number => {
    reportDiagnostics([error(code, message)], () => undefined, options.errorFormat);
    return 1;
  };
  const [{ openExistingState }, { findObjectTarget }] = await Promise.all([import("../pipeline/open-existing-state.js"), import("../pipeline/object-target.js")]);
  const state = await openExistingState(options.state);
  if (!state.ok) {
    reportDiagnostics([state.diagnostic], () => undefined, options.errorFormat);
    return 1;
  }
  let pod: JsonObject;
  try {
    const found = await findObjectTarget(state.store, target, options.namespace, "pod");
    if (!found.ok) {
      reportDiagnostics([found.diagnostic], () => undefined, options.errorFormat);
      return 1;
    }
    if (found.object.kind === "Pod") pod = found.object;
    else {
      // kubectl logs deploy/web: the workload's first pod, found through ownership (Deployment → ReplicaSet → Pod).
      const uid = String((found.object.metadata as JsonObject).uid);
      let owners = [uid];
      if (found.object.kind === "Deployment") owners = (await state.store.list({ kind: "ReplicaSet", apiVersion: "apps/v1", ownerUid: uid })).items.map((rs) => String((rs.metadata as JsonObject).uid));
      const pods = (await Promise.all(owners.map((o) => state.store.list({ apiVersion: "v1", kind: "Pod", ownerUid: o })))).flatMap((l) => l.items);
      if (pods.length === 0) return fail(`${found.entry.kind.toLowerCase()} "${found.ref.name}" has no pods`, VIEW_CODES.notFound);
      pod = pods[0];
    }
  } finally {
    await state.store.close();
  }
  const metadata = pod.metadata as JsonObject;
  const containers = (((pod.spec as JsonObject).containers as JsonObject[]) ?? []).map((c) => String(c.name));
  const container = options.container ?? containers[0];
  if (!containers.includes(container) && !(((pod.spec as JsonObject).initContainers as JsonObject[] | undefined) ?? []).some((c) => c.name === container)) {
    return fail(`container ${container} is not valid for pod ${String(metadata.name)}; its containers: ${containers.join(", ")}`);
  }
  const [{ openRuntimeSession }, { podmanContainerName, podmanPodName }, { containerLogs }, { followContainerLogs }] = await Promise.all([
    import("../../runtime/session.js"),
    import("../../runtime/names.js"),
    import("../../runtime/containers.js"),
    import("../../runtime/follow-logs.js"),
  ]);
  const session = openRuntimeSession(dirname(state.path));
  const name = podmanContainerName(podmanPodName(session.project, String(metadata.namespace ?? "default"), String(metadata.name)), container);
  const tail = options.tail === undefined ? undefined : Number(options.tail);
  if (tail !== undefined && !Number.isInteger(tail)) return fail(`--tail takes a number of lines, not "${options.tail}"`);
  if (options.follow) {
    const { interruptSignal } = await import("../interrupt.js");
    const interrupt = interruptSignal();
    try {
      return await followContainerLogs(session, name, process.stdout, { tail, signal: interrupt.signal });
    } finally {
      interrupt.release();
    }
  }
  const r = await containerLogs(session.podman, name, { tail, timestamps: options.timestamps });
  if (!r.ok) return fail(r.error.kind === "not-found" ? `container ${container} of pod ${String(metadata.name)} has not been created yet (or was removed)` : r.error.message, VIEW_CODES.runtime);
  process.stdout.write(r.value);
  return 0;
}
