import { Command, InvalidArgumentError, Option } from "commander";
import { error } from "../../diag/diagnostic.js";
import type { JsonObject } from "../../schema/json.js";
import type { Store } from "../../store/index.js";
import { colorEnabled, errorFormatOption, reportDiagnostics, type ErrorFormat } from "../output.js";
import { parseDuration, stateOption } from "../state-options.js";
import { VIEW_CODES } from "../view-codes.js";

interface RolloutOptions {
  state?: string;
  namespace: string;
  errorFormat: ErrorFormat;
}

type Action = (store: Store, target: string[], options: RolloutOptions & Record<string, unknown>) => Promise<number>;

const ROLLOUT_KINDS = ["Deployment", "StatefulSet", "DaemonSet"];

export function register(program: Command): void {
  const rollout = program
    .command("rollout")
    .description("manage the rollout of a Deployment, StatefulSet or DaemonSet (kubectl rollout)")
    .addHelpText("after", "\nExamples:\n  mk rollout status deployment/web\n  mk rollout history deploy/web\n  mk rollout history statefulset/db --revision=2\n  mk rollout undo deploy/web --to-revision=1\n  mk rollout undo daemonset/agent\n  mk rollout restart deploy/web");
  const sub = (name: string, description: string, action: Action, extra: (c: Command) => Command = (c) => c): void => {
    const command = rollout
      .command(name)
      .description(description)
      .argument("<target...>", "TYPE NAME or TYPE/NAME (deployment web, deploy/web)")
      .option("-n, --namespace <namespace>", "the namespace", "default")
      .addOption(stateOption())
      .addOption(errorFormatOption());
    extra(command).action(async (target: string[], options: RolloutOptions & Record<string, unknown>) => {
      const { withExistingState } = await import("../pipeline/open-existing-state.js");
      process.exitCode = await withExistingState(options.state, options.errorFormat, (store) => action(store, target, options));
    });
  };
  sub("status", "wait until the rollout finishes, printing its progress as kubectl does", rolloutStatus, (c) =>
    c
      .addOption(new Option("-w, --watch [bool]", "keep watching until the rollout ends (--watch=false prints the state once)").default(true).argParser((v) => v !== "false"))
      .addOption(new Option("--timeout <duration>", "give up after this long (e.g. 5m; default: no limit)").argParser(durationArg)),
  );
  sub("history", "list the revisions and their change causes (a Deployment's ReplicaSets, a StatefulSet's or DaemonSet's ControllerRevisions)", rolloutHistory, (c) => c.addOption(new Option("--revision <n>", "show the pod template of this revision").argParser(revisionArg)));
  sub("undo", "roll back a Deployment, StatefulSet or DaemonSet to the previous revision (or --to-revision)", rolloutUndo, (c) => c.addOption(new Option("--to-revision <n>", "the revision to go back to (default: the previous one)").argParser(revisionArg).default(0)));
  sub("pause", "stop rolling out changes to the pod template until resumed", (s, t, o) => pauseOrResume(s, t, o, true));
  sub("resume", "roll out the changes made while paused", (s, t, o) => pauseOrResume(s, t, o, false));
  sub("restart", "replace every pod, one rollout step at a time (a new restartedAt annotation on the template)", rolloutRestart);
}

function durationArg(value: string): number {
  const ms = parseDuration(value);
  if (ms === undefined) throw new InvalidArgumentError(`expected a duration such as 30s or 5m, not "${value}"`);
  return ms;
}

function revisionArg(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`expected a revision number, not "${value}"`);
  return n;
}

async function findRolloutTarget(store: Store, target: string[], options: RolloutOptions, kinds: readonly string[] = ROLLOUT_KINDS): Promise<{ object: JsonObject; name: string; plural: string } | undefined> {
  const { findObjectTarget } = await import("../pipeline/object-target.js");
  const found = await findObjectTarget(store, target, options.namespace);
  if (!found.ok) {
    reportDiagnostics([found.diagnostic], () => undefined, options.errorFormat);
    return undefined;
  }
  if (!kinds.includes(found.entry.kind)) {
    reportDiagnostics([error(VIEW_CODES.badArgument, `no rollout for ${found.entry.plural}: this works on ${kinds.join(", ")}`)], () => undefined, options.errorFormat);
    return undefined;
  }
  return { object: found.object, name: found.ref.name, plural: found.entry.plural };
}

/** kubectl rollout status: the wait rule's message each time it changes; 0 when rolled out, 1 when failed or timed out. */
const rolloutStatus: Action = async (store, target, options) => {
  const [{ objectProgress }, { gatherRelated }, { setTimeout: delay }] = await Promise.all([import("../../apply/progress.js"), import("../../apply/related.js"), import("node:timers/promises")]);
  const found = await findRolloutTarget(store, target, options);
  if (!found) return 1;
  const ref = { apiVersion: String(found.object.apiVersion), kind: String(found.object.kind), namespace: options.namespace, name: found.name };
  const { chooseRenderMode } = await import("../../ui/renderer.js");
  if (options.watch !== false && chooseRenderMode({ json: false, stdout: process.stdout, env: process.env }) === "live") {
    // On a terminal: mkapply's live view of this one object (its bar, ReplicaSets, pods, Events).
    const [{ watchLive }, { addressOf }] = await Promise.all([import("../pipeline/watch-live.js"), import("../../plan/index.js")]);
    const address = addressOf(ref);
    return watchLive(store, [{ address, ref, action: "no-op" }], { color: colorEnabled(process.stdout), timeoutMs: typeof options.timeout === "number" ? options.timeout : Infinity, what: address, waitWhilePaused: true });
  }
  const deadline = typeof options.timeout === "number" ? Date.now() + options.timeout : Infinity;
  const { interruptSignal } = await import("../interrupt.js");
  const stop = interruptSignal();
  try {
    let last = "";
    let saidPaused = false;
    for (;;) {
      const object = await store.get(ref);
      if (!object) {
        reportDiagnostics([error(VIEW_CODES.notFound, `${found.plural} "${found.name}" was deleted while waiting`)], () => undefined, options.errorFormat);
        return 1;
      }
      const { related } = await gatherRelated(store, object);
      const progress = objectProgress(object, { ...related, warnings: [] }, new Date());
      // Paused part-way: kubectl's waiting text, and the wait goes on until someone resumes it.
      const message = progress.paused?.waitingMessage ?? progress.message;
      if (message !== last) process.stdout.write(`${message}\n`);
      last = message;
      if (progress.paused && !saidPaused && options.watch !== false) {
        process.stderr.write(`note: ${progress.message}\n`);
        saidPaused = true;
      }
      if (progress.state === "converged" && !progress.paused) return 0;
      if (progress.state === "failed") return 1;
      if (options.watch === false) return 0;
      if (Date.now() >= deadline) {
        reportDiagnostics([error(VIEW_CODES.badArgument, `timed out waiting for the rollout of ${found.plural}/${found.name}`)], () => undefined, options.errorFormat);
        return 1;
      }
      await delay(500, undefined, { signal: stop.signal }).catch(() => undefined);
      if (stop.signal.aborted) return 1;
    }
  } finally {
    stop.release();
  }
};

const rolloutHistory: Action = async (store, target, options) => {
  const found = await findRolloutTarget(store, target, options);
  if (!found) return 1;
  const { rolloutObjectName } = await import("../../controllers/statefulset/index.js");
  const history = found.object.kind === "Deployment" ? await deploymentHistory(store, found.name, options.namespace) : await controllerRevisionHistory(store, found, options.namespace);
  const object = rolloutObjectName(String(found.object.kind), found.name);
  if (typeof options.revision === "number" && options.revision > 0) {
    const template = history.template(options.revision);
    if (!template) {
      reportDiagnostics([error(VIEW_CODES.notFound, `unable to find the specified revision ${options.revision}`)], () => undefined, options.errorFormat);
      return 1;
    }
    const { stringify } = (await import("../../lang/yaml-source/yaml-package.js")).yamlPackage();
    process.stdout.write(`${object} with revision #${options.revision}\nPod Template:\n${stringify(template, { aliasDuplicateObjects: false }).replace(/^/gm, "  ")}`);
    return 0;
  }
  if (history.rows.length === 0) {
    process.stdout.write(`${object} \nNo rollout history found.\n`);
    return 0;
  }
  const { renderTable } = await import("../../ui/tables/render-table.js");
  process.stdout.write(`${object} \n${renderTable({ headers: ["REVISION", "CHANGE-CAUSE"], rows: history.rows.map((r) => [String(r.revision), r.changeCause]) })}\n`);
  return 0;
};

/** What `rollout history` shows of an object: its revisions (oldest first) and each one's template. */
interface RolloutHistory {
  rows: { revision: number; changeCause: string }[];
  template(revision: number): JsonObject | undefined;
}

/** A Deployment's revisions are its ReplicaSets. */
async function deploymentHistory(store: Store, name: string, namespace: string): Promise<RolloutHistory> {
  const [{ deploymentRevisions }, { CHANGE_CAUSE }] = await Promise.all([import("../../controllers/deployment/index.js"), import("../../controllers/statefulset/index.js")]);
  const revisions = await deploymentRevisions(store, { apiVersion: "apps/v1", kind: "Deployment", namespace, name });
  const cause = (rs: JsonObject): string => (((rs.metadata as JsonObject).annotations ?? {}) as Record<string, string>)[CHANGE_CAUSE] ?? "<none>";
  return {
    rows: [...revisions.keys()]
      .filter((r) => r > 0)
      .sort((a, b) => a - b)
      .map((revision) => ({ revision, changeCause: cause(revisions.get(revision) as JsonObject) })),
    template: (revision) => {
      const rs = revisions.get(revision);
      return rs ? (((rs.spec as JsonObject | undefined)?.template ?? {}) as JsonObject) : undefined;
    },
  };
}

/** StatefulSets' and DaemonSets' revisions are their ControllerRevisions. */
async function controllerRevisionHistory(store: Store, found: { object: JsonObject; name: string }, namespace: string): Promise<RolloutHistory> {
  const { controllerRevisionHistory: readHistory, historyRows, revisionsByNumber, revisionTemplate } = await import("../../controllers/statefulset/index.js");
  const kind = found.object.kind === "StatefulSet" ? ("StatefulSet" as const) : ("DaemonSet" as const);
  const { revisions } = await readHistory(store, { apiVersion: "apps/v1", kind, namespace, name: found.name });
  const byNumber = revisionsByNumber(revisions);
  return {
    rows: historyRows(revisions),
    template: (revision) => {
      const r = byNumber.get(revision);
      return r ? revisionTemplate(r) : undefined;
    },
  };
}

const rolloutUndo: Action = async (store, target, options) => {
  const found = await findRolloutTarget(store, target, options);
  if (!found) return 1;
  const toRevision = Number(options.toRevision ?? 0);
  if (found.object.kind !== "Deployment") {
    const { rollbackToControllerRevision } = await import("../../controllers/statefulset/index.js");
    const kind = found.object.kind === "StatefulSet" ? ("StatefulSet" as const) : ("DaemonSet" as const);
    const result = await rollbackToControllerRevision(store, { apiVersion: "apps/v1", kind, namespace: options.namespace, name: found.name }, toRevision);
    process.stdout.write(`${result.message}\n`);
    return 0;
  }
  const { rollbackDeployment } = await import("../../controllers/deployment/index.js");
  const result = await rollbackDeployment(store, { apiVersion: "apps/v1", kind: "Deployment", namespace: options.namespace, name: found.name }, toRevision);
  process.stdout.write(`${result.message}\n`);
  return 0;
};

async function pauseOrResume(store: Store, target: string[], options: RolloutOptions, paused: boolean): Promise<number> {
  const found = await findRolloutTarget(store, target, options, ["Deployment"]);
  if (!found) return 1;
  const { setDeploymentPaused } = await import("../../controllers/deployment/index.js");
  process.stdout.write(`${await setDeploymentPaused(store, { apiVersion: "apps/v1", kind: "Deployment", namespace: options.namespace, name: found.name }, paused)}\n`);
  return 0;
}

const rolloutRestart: Action = async (store, target, options) => {
  const found = await findRolloutTarget(store, target, options);
  if (!found) return 1;
  const { RESTARTED_AT, restartDeployment } = await import("../../controllers/deployment/index.js");
  const { formatTimestamp } = await import("../../store/index.js");
  if (found.object.kind === "Deployment") {
    process.stdout.write(`${await restartDeployment(store, { apiVersion: "apps/v1", kind: "Deployment", namespace: options.namespace, name: found.name }, new Date())}\n`);
    return 0;
  }
  // StatefulSets and DaemonSets restart the same way: a changed template is a new revision.
  const spec = (found.object.spec ?? {}) as JsonObject;
  const template = (spec.template ?? {}) as JsonObject;
  const metadata = (template.metadata ?? {}) as JsonObject;
  const annotations = { ...((metadata.annotations ?? {}) as JsonObject), [RESTARTED_AT]: formatTimestamp(new Date()) };
  await store.update({ ...found.object, spec: { ...spec, template: { ...template, metadata: { ...metadata, annotations } } } });
  process.stdout.write(`${found.object.kind === "StatefulSet" ? "statefulset" : "daemonset"}.apps/${found.name} restarted\n`);
  return 0;
};
