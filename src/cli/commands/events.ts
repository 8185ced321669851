import { Command } from "commander";
import type { JsonObject } from "../../schema/json.js";
import type { EventQuery } from "../../store/index.js";
import { errorFormatOption, reportDiagnostics, type ErrorFormat } from "../output.js";
import { stateOption } from "../state-options.js";

interface EventsOptions {
  state?: string;
  namespace: string;
  allNamespaces: boolean;
  for?: string;
  types?: string;
  watch: boolean;
  errorFormat: ErrorFormat;
}

export function register(program: Command): void {
  program
    .command("events")
    .description("list Events, oldest first (kubectl events)")
    .option("-n, --namespace <namespace>", "the namespace", "default")
    .option("-A, --all-namespaces", "every namespace", false)
    .option("--for <object>", "only Events about this object (TYPE/NAME)")
    .option("--types <types>", "only these types, comma-separated (Normal,Warning)")
    .option("-w, --watch", "keep printing new Events until interrupted", false)
    .addOption(stateOption())
    .addOption(errorFormatOption())
    .addHelpText("after", "\nExamples:\n  mk events\n  mk events --for deployment/web --types Warning -w")
    .action(async (options: EventsOptions) => {
      process.exitCode = await runEvents(options);
    });
}

async function runEvents(options: EventsOptions): Promise<number> {
  const [{ withExistingState }, { findObjectTarget }, { objectTable }, { renderTable }, { setTimeout: delay }] = await Promise.all([
    import("../pipeline/open-existing-state.js"),
    import("../pipeline/object-target.js"),
    import("../../ui/tables/kind-columns.js"),
    import("../../ui/tables/render-table.js"),
    import("node:timers/promises"),
  ]);
  return withExistingState(options.state, options.errorFormat, async (store) => {
    const query: EventQuery = { namespace: options.allNamespaces ? undefined : options.namespace };
    if (options.for !== undefined) {
      const found = await findObjectTarget(store, [options.for], options.namespace);
      if (!found.ok) {
        reportDiagnostics([found.diagnostic], () => undefined, options.errorFormat);
        return 1;
      }
      query.involvedUid = String((found.object.metadata as JsonObject).uid);
    }
    const types = options.types?.split(",").map((t) => t.trim().toLowerCase());
    const wanted = (e: JsonObject): boolean => types === undefined || types.includes(String(e.type).toLowerCase());
    const print = (events: JsonObject[], headers: boolean): void => {
      const sorted = events.filter(wanted).sort((a, b) => String(a.lastTimestamp).localeCompare(String(b.lastTimestamp)));
      if (sorted.length === 0) return;
      const text = renderTable(objectTable("Event", sorted, { now: new Date(), withNamespace: options.allNamespaces }));
      process.stdout.write(headers ? text : text.slice(text.indexOf("\n") + 1));
    };
    const first = await store.listEvents(query);
    if (first.items.filter(wanted).length === 0 && !options.watch) process.stderr.write(`No events found${query.namespace ? ` in ${query.namespace} namespace` : ""}.\n`);
    print(first.items, true);
    if (!options.watch) return 0;
    const { interruptSignal } = await import("../interrupt.js");
    const stop = interruptSignal();
    try {
      let since = first.resourceVersion;
      while (!stop.signal.aborted) {
        await delay(500, undefined, { signal: stop.signal }).catch(() => undefined);
        const next = await store.listEvents({ ...query, sinceResourceVersion: since });
        since = next.resourceVersion;
        print(next.items, false);
      }
    } finally {
      stop.release();
    }
    return 0;
  });
}
