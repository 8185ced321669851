import { Command } from "commander";
import type { JsonObject } from "../../schema/json.js";
import { errorFormatOption, reportDiagnostics, type ErrorFormat } from "../output.js";
import { stateOption } from "../state-options.js";

interface DescribeOptions {
  state?: string;
  namespace: string;
  errorFormat: ErrorFormat;
}

export function register(program: Command): void {
  program
    .command("describe")
    .description("show one object in detail, with its pods, ReplicaSets and Events (kubectl describe)")
    .argument("<target...>", "TYPE NAME or TYPE/NAME (deployment web, pod/web-0)")
    .option("-n, --namespace <namespace>", "the namespace", "default")
    .addOption(stateOption())
    .addOption(errorFormatOption())
    .addHelpText("after", "\nExamples:\n  mk describe deployment web\n  mk describe pod/web-7d9c4b6f5-x2k4f")
    .action(async (target: string[], options: DescribeOptions) => {
      process.exitCode = await runDescribe(target, options);
    });
}

async function runDescribe(target: string[], options: DescribeOptions): Promise<number> {
  const [{ withExistingState }, { findObjectTarget }, { describeObject }, { selectorMatches, labelsOf }] = await Promise.all([
    import("../pipeline/open-existing-state.js"),
    import("../pipeline/object-target.js"),
    import("../../ui/describe/describe.js"),
    import("../../store/selector.js"),
  ]);
  return withExistingState(options.state, options.errorFormat, async (store) => {
    const found = await findObjectTarget(store, target, options.namespace);
    if (!found.ok) {
      reportDiagnostics([found.diagnostic], () => undefined, options.errorFormat);
      return 1;
    }
    const object = found.object;
    const metadata = object.metadata as JsonObject;
    const events = (await store.listEvents({ involvedUid: String(metadata.uid) })).items;
    const namespace = found.ref.namespace;
    let replicaSets: JsonObject[] | undefined;
    let pods: JsonObject[] | undefined;
    if (object.kind === "Deployment") {
      replicaSets = (await store.list({ apiVersion: "apps/v1", kind: "ReplicaSet", namespace, ownerUid: String(metadata.uid) })).items;
    }
    const selector = (object.spec as JsonObject | undefined)?.selector;
    if (selector !== undefined && object.kind !== "Service" && object.kind !== "Deployment") {
      const sel = object.kind === "ReplicationController" ? { matchLabels: selector as Record<string, string> } : (selector as Parameters<typeof selectorMatches>[0]);
      pods = (await store.list({ apiVersion: "v1", kind: "Pod", namespace })).items.filter((p) => selectorMatches(sel, labelsOf(p)));
    }
    let endpoints: ((portName: string) => string) | undefined;
    if (object.kind === "Service") {
      const [{ readServiceEndpoints }, { formatEndpoints }] = await Promise.all([import("../../services/read-endpoints.js"), import("../../services/endpoints.js")]);
      const set = await readServiceEndpoints(store, object);
      endpoints = (portName) => formatEndpoints(set, 3, portName);
    }
    process.stdout.write(describeObject(object, { events, replicaSets, pods, endpoints, now: new Date() }));
    return 0;
  });
}
