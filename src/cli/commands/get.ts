import { Command, Option } from "commander";
import { error } from "../../diag/diagnostic.js";
import type { JsonObject } from "../../schema/json.js";
import type { KindIndexEntry } from "../../schema/api-model-types.js";
import type { Store } from "../../store/index.js";
import { colorEnabled, errorFormatOption, reportDiagnostics, type ErrorFormat } from "../output.js";
import { stateOption } from "../state-options.js";
import { VIEW_CODES } from "../view-codes.js";

interface GetOptions {
  state?: string;
  namespace: string;
  allNamespaces: boolean;
  output?: string;
  showLabels: boolean;
  selector?: string;
  watch: boolean;
  errorFormat: ErrorFormat;
}

export function register(program: Command): void {
  program
    .command("get")
    .description("list objects of one kind from the state, with kubectl's columns")
    .argument("<type>", "a resource type: deployments, deploy, pods, po, svc, ... or TYPE/NAME")
    .argument("[names...]", "only these objects")
    .option("-n, --namespace <namespace>", "the namespace", "default")
    .option("-A, --all-namespaces", "every namespace", false)
    .addOption(new Option("-o, --output <format>", "wide, yaml, json or name (default: a table)").choices(["wide", "yaml", "json", "name"]))
    .option("--show-labels", "add a LABELS column", false)
    .option("-l, --selector <selector>", "only objects whose labels match (app=web,tier!=db,env in (a,b))")
    .option("-w, --watch", "follow the objects until interrupted: on a terminal mkapply's live view, otherwise a row per change", false)
    .addOption(stateOption())
    .addOption(errorFormatOption())
    .addHelpText(
      "after",
      `
Secret values are masked in every output format.

Examples:
  mk get deployments
  mk get pods -l app=web -o wide
  mk get deploy/web -o yaml
  mk get pods -w`,
    )
    .action(async (type: string, names: string[], options: GetOptions) => {
      process.exitCode = await runGet(type, names, options);
    });
}

async function runGet(typeArg: string, nameArgs: string[], options: GetOptions): Promise<number> {
  const fail = (code: string, message: string): number => {
    reportDiagnostics([error(code, message)], () => undefined, options.errorFormat);
    return 1;
  };
  const [{ resolveResourceType }, { parseSelectorText }, { withExistingState }] = await Promise.all([
    import("../../schema/resource-types.js"),
    import("../../store/selector-text.js"),
    import("../pipeline/open-existing-state.js"),
  ]);
  const [typeText, nameInType] = typeArg.includes("/") ? typeArg.split("/", 2) : [typeArg, undefined];
  const type = resolveResourceType(typeText);
  if (!type.ok) return fail(VIEW_CODES.unknownResourceType, type.message);
  const names = nameInType !== undefined ? [nameInType, ...nameArgs] : nameArgs;
  const selector = options.selector === undefined ? undefined : parseSelectorText(options.selector);
  if (selector && !selector.ok) return fail(VIEW_CODES.badSelector, selector.message);

  return withExistingState(options.state, options.errorFormat, async (store) => {
    const namespace = !type.entry.namespaced ? "" : options.allNamespaces ? undefined : options.namespace;
    const listed = await store.list({ apiVersion: type.entry.apiVersion, kind: type.entry.kind, namespace, labelSelector: selector?.ok ? selector.selector : undefined });
    let items = listed.items;
    if (names.length > 0) {
      items = items.filter((o) => names.includes(nameOf(o)));
      const missing = names.filter((n) => !items.some((o) => nameOf(o) === n));
      if (missing.length > 0) {
        if (items.length > 0) process.stdout.write(await formatObjects(type.entry, items, options));
        return fail(VIEW_CODES.notFound, missing.map((n) => `${type.entry.plural} "${n}" not found${namespace ? ` in namespace "${namespace}"` : ""}`).join("\n"));
      }
    }
    const { chooseRenderMode } = await import("../../ui/renderer.js");
    if (options.watch && options.output === undefined && chooseRenderMode({ json: false, stdout: process.stdout, env: process.env }) === "live") {
      // On a terminal: mkapply's live view, a row per object (new ones added) until Ctrl-C.
      const [{ watchLive }, { addressOf }] = await Promise.all([import("../pipeline/watch-live.js"), import("../../plan/index.js")]);
      const targetsOf = (objects: JsonObject[]) =>
        objects.map((o) => {
          const m = (o.metadata ?? {}) as JsonObject;
          const ref = { apiVersion: type.entry.apiVersion, kind: type.entry.kind, namespace: typeof m.namespace === "string" ? m.namespace : "", name: nameOf(o) };
          return { address: addressOf(ref), ref, action: "no-op" as const };
        });
      const list = async () => {
        const now = await store.list({ apiVersion: type.entry.apiVersion, kind: type.entry.kind, namespace, labelSelector: selector?.ok ? selector.selector : undefined });
        return targetsOf(now.items.filter((o) => names.length === 0 || names.includes(nameOf(o))));
      };
      return watchLive(store, targetsOf(items), { color: colorEnabled(process.stdout), timeoutMs: Infinity, untilStopped: true, what: type.entry.plural, list });
    }
    if (items.length === 0 && !options.watch && (options.output === undefined || options.output === "wide")) {
      process.stderr.write(namespace ? `No resources found in ${namespace} namespace.\n` : "No resources found\n");
      return 0;
    }
    process.stdout.write(await formatObjects(type.entry, items, options));
    if (options.watch) await watchChanges(store, type.entry, namespace, names, listed.resourceVersion, options);
    return 0;
  });
}

function nameOf(o: JsonObject): string {
  const m = o.metadata as JsonObject | undefined;
  return typeof m?.name === "string" ? m.name : "";
}

async function formatObjects(entry: KindIndexEntry, items: JsonObject[], options: GetOptions, headers = true): Promise<string> {
  const { maskObject } = await import("../../plan/mask.js");
  const masked = items.map((o) => maskObject(entry.kind, o));
  if (options.output === "name") return masked.map((o) => `${entry.plural.replace(/s$/, "")}${groupSuffix(entry)}/${nameOf(o)}\n`).join("");
  if (options.output === "json") {
    const body = masked.length === 1 ? masked[0] : { apiVersion: "v1", kind: "List", items: masked, metadata: {} };
    return `${JSON.stringify(body, null, 2)}\n`;
  }
  if (options.output === "yaml") {
    const { stringify } = (await import("../../lang/yaml-source/yaml-package.js")).yamlPackage();
    const body = masked.length === 1 ? masked[0] : { apiVersion: "v1", kind: "List", items: masked, metadata: {} };
    return stringify(body, { aliasDuplicateObjects: false, lineWidth: 0 });
  }
  const [{ objectTable }, { renderTable }] = await Promise.all([import("../../ui/tables/kind-columns.js"), import("../../ui/tables/render-table.js")]);
  const table = objectTable(entry.kind, masked, { wide: options.output === "wide", showLabels: options.showLabels, withNamespace: options.allNamespaces && entry.namespaced, now: new Date() });
  const text = renderTable(table);
  return headers ? text : text.slice(text.indexOf("\n") + 1);
}

function groupSuffix(entry: KindIndexEntry): string {
  const slash = entry.apiVersion.indexOf("/");
  return slash < 0 ? "" : `.${entry.apiVersion.slice(0, slash)}`;
}

/** kubectl get -w: one more row per change, until Ctrl-C. The table's column widths are those of each row. */
async function watchChanges(store: Store, entry: KindIndexEntry, namespace: string | undefined, names: string[], since: string, options: GetOptions): Promise<void> {
  const { setTimeout: delay } = await import("node:timers/promises");
  const { interruptSignal } = await import("../interrupt.js");
  const stop = interruptSignal();
  let version = since;
  try {
    while (!stop.signal.aborted) {
      const batch = await store.changes({ sinceResourceVersion: version, apiVersion: entry.apiVersion, kind: entry.kind, namespace });
      version = batch.resourceVersion;
      const objects = batch.changes.map((c) => c.object).filter((o) => names.length === 0 || names.includes(nameOf(o)));
      if (objects.length > 0) process.stdout.write(await formatObjects(entry, objects, options, options.output !== undefined && options.output !== "wide"));
      if (!batch.more) await delay(250, undefined, { signal: stop.signal }).catch(() => undefined);
    }
  } finally {
    stop.release();
  }
}
