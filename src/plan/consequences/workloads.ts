/**
 * What a change to a workload sets in motion, in the words of its controller: rolling updates
 * with their surge and unavailability, scaling, ordered StatefulSet updates, Jobs re-run from the
 * start, CronJob schedules.
 */
import type { JsonObject, JsonValue } from "../../schema/json.js";
import { booleanField, intOrStringField, numberField, objectField, objectItems, stringField } from "../../schema/semantic/json-access.js";
import { changedAt } from "../diff/changed-at.js";
import type { ConsequenceInput } from "./consequence-input.js";
import { pods, resolveFenceposts, scaledValue } from "./rollout-math.js";

function spec(object: JsonObject | undefined): JsonObject | undefined {
  return objectField(object, "spec");
}

function replicasOf(object: JsonObject | undefined, fallback = 1): number {
  return numberField(spec(object), "replicas") ?? fallback;
}

function scaling(input: ConsequenceInput, out: string[]): void {
  if (!changedAt(input.diff, ["spec", "replicas"])) return;
  const from = replicasOf(input.before);
  const to = replicasOf(input.after);
  out.push(`scales from ${from} to ${pods(to)}`);
  autoscaled(input, out);
}

/** A workload an autoscaler scales: its replicas in the configuration are not the last word. */
function autoscaled(input: ConsequenceInput, out: string[]): void {
  const hpa = input.refs.autoscalerOf(input.ref.kind, input.ref.namespace, input.ref.name);
  if (hpa) out.push(`${hpa.address} also sets its replicas (between ${hpa.minReplicas} and ${hpa.maxReplicas}): it may scale it again`);
}

function percentNote(value: JsonValue | undefined): string {
  return typeof value === "string" && value.endsWith("%") ? ` (${value})` : "";
}

export function deploymentConsequences(input: ConsequenceInput, out: string[]): void {
  const { action, before, after } = input;
  if (action === "create") {
    out.push(`creates ${pods(replicasOf(after))}`);
    autoscaled(input, out);
    return;
  }
  if (action === "delete") {
    out.push(`deletes its ReplicaSets and their ${pods(replicasOf(before))}`);
    return;
  }
  if (action === "replace") {
    out.push(`deletes it with its ${pods(replicasOf(before))}, then creates it again with ${pods(replicasOf(after))}: no pod of it runs in between`);
    return;
  }
  if (action !== "update") return;
  scaling(input, out);
  if (!changedAt(input.diff, ["spec", "template"])) return;
  const s = spec(after);
  const replicas = replicasOf(after);
  const strategy = objectField(s, "strategy");
  if (booleanField(s, "paused") === true) {
    out.push("the Deployment is paused: the new pod template rolls out when it is resumed");
  } else if (stringField(strategy, "type") === "Recreate") {
    out.push(`recreates its ${pods(replicas)}: every old pod stops before the new ones start (strategy Recreate)`);
  } else {
    const rolling = objectField(strategy, "rollingUpdate");
    const surge = rolling?.maxSurge;
    const unavailable = rolling?.maxUnavailable;
    const f = resolveFenceposts(surge, unavailable, replicas);
    out.push(
      `starts a rolling update: ${pods(replicas)}, maxSurge ${f.maxSurge}${percentNote(surge)}, maxUnavailable ${f.maxUnavailable}${percentNote(unavailable)}` +
        `: at most ${pods(replicas + f.maxSurge)} at a time, at least ${Math.max(0, replicas - f.maxUnavailable)} available`,
    );
  }
}

export function replicaSetConsequences(input: ConsequenceInput, out: string[]): void {
  const { action, before, after } = input;
  if (action === "create") out.push(`creates ${pods(replicasOf(after))}`);
  else if (action === "delete") out.push(`deletes its ${pods(replicasOf(before))}`);
  else if (action === "replace") out.push(`deletes it with its ${pods(replicasOf(before))}, then creates it again with ${pods(replicasOf(after))}`);
  else if (action === "update") {
    scaling(input, out);
    if (changedAt(input.diff, ["spec", "template"])) {
      out.push(`its running pods keep the old template: a ${input.ref.kind} does not roll out, only the pods it creates from now on use the new one`);
    }
  }
}

function ordinalName(object: JsonObject | undefined, name: string, ordinal: number): string {
  const start = numberField(objectField(spec(object), "ordinals"), "start") ?? 0;
  return `${name}-${start + ordinal}`;
}

/** `web-0, web-1`, or `web-0 … web-9` for long runs. */
function podRange(object: JsonObject | undefined, name: string, from: number, to: number): string {
  const step = from <= to ? 1 : -1;
  const count = Math.abs(to - from) + 1;
  if (count <= 3) {
    const names: string[] = [];
    for (let i = from; step > 0 ? i <= to : i >= to; i += step) names.push(ordinalName(object, name, i));
    return names.join(", ");
  }
  return `${ordinalName(object, name, from)} … ${ordinalName(object, name, to)}`;
}

export function statefulSetConsequences(input: ConsequenceInput, out: string[]): void {
  const { action, before, after, ref } = input;
  const name = ref.name;
  if (action === "create") {
    const replicas = replicasOf(after);
    if (replicas === 0) out.push("creates no pods (replicas 0)");
    else {
      const parallel = stringField(spec(after), "podManagementPolicy") === "Parallel";
      out.push(`creates ${pods(replicas)}, ${podRange(after, name, 0, replicas - 1)}, ${parallel ? "in parallel (podManagementPolicy Parallel)" : "one at a time in order, each once the previous one is ready"}`);
    }
    return;
  }
  if (action === "delete" || action === "replace") {
    const replicas = replicasOf(before);
    const policy = stringField(objectField(spec(before), "persistentVolumeClaimRetentionPolicy"), "whenDeleted") ?? "Retain";
    const claims = objectItems(spec(before), "volumeClaimTemplates").length > 0;
    out.push(`deletes its ${pods(replicas)}${claims ? `; their PersistentVolumeClaims are ${policy === "Delete" ? "deleted too (whenDeleted Delete)" : "kept (whenDeleted Retain)"}` : ""}`);
    if (action === "replace") out.push(`then creates it again with ${pods(replicasOf(after))}`);
    return;
  }
  if (action !== "update") return;
  if (changedAt(input.diff, ["spec", "replicas"])) {
    const from = replicasOf(before);
    const to = replicasOf(after);
    if (to > from) out.push(`scales from ${from} to ${pods(to)}: adds ${podRange(after, name, from, to - 1)}`);
    else out.push(`scales from ${from} to ${pods(to)}: removes ${podRange(after, name, from - 1, to)}, highest ordinal first`);
    autoscaled(input, out);
  }
  if (!changedAt(input.diff, ["spec", "template"])) return;
  const strategy = objectField(spec(after), "updateStrategy");
  if (stringField(strategy, "type") === "OnDelete") {
    out.push("its pods keep the old template until they are deleted (updateStrategy OnDelete)");
    return;
  }
  const replicas = replicasOf(after);
  if (replicas === 0) return;
  const rolling = objectField(strategy, "rollingUpdate");
  const partition = numberField(rolling, "partition") ?? 0;
  const maxUnavailable = Math.max(1, scaledValue(intOrStringField(rolling, "maxUnavailable"), replicas, true, 1));
  if (partition >= replicas) {
    out.push(`no pod is updated yet: partition ${partition} holds back every ordinal below it`);
    return;
  }
  const pace = maxUnavailable === 1 ? "one at a time" : `up to ${maxUnavailable} at a time`;
  const held = partition > 0 ? ` (partition ${partition}: ${podRange(after, name, 0, partition - 1)} ${partition === 1 ? "keeps" : "keep"} the old template)` : "";
  // Ordinals added by a scale-up in the same change start on the new template: only the existing ones are replaced.
  const existing = Math.min(replicas, replicasOf(before));
  if (existing <= partition) {
    out.push(`the pods it adds start on the new template; partition ${partition} holds back the existing ones`);
    return;
  }
  out.push(`starts a rolling update: replaces ${podRange(after, name, existing - 1, partition)}, highest ordinal first, ${pace}${held}`);
}

export function daemonSetConsequences(input: ConsequenceInput, out: string[]): void {
  const { action } = input;
  if (action === "create") out.push("runs one pod on each node (one on this host)");
  else if (action === "delete") out.push("deletes its pod on each node");
  else if (action === "replace") out.push("deletes its pod on each node, then creates it again");
  else if (action === "update" && changedAt(input.diff, ["spec", "template"])) {
    const strategy = objectField(spec(input.after), "updateStrategy");
    if (stringField(strategy, "type") === "OnDelete") out.push("its pods keep the old template until they are deleted (updateStrategy OnDelete)");
    else {
      const rolling = objectField(strategy, "rollingUpdate");
      const unavailable = rolling?.maxUnavailable ?? 1;
      const surge = rolling?.maxSurge ?? 0;
      out.push(`starts a rolling update: replaces the pod on each node, maxUnavailable ${String(unavailable)}, maxSurge ${String(surge)}`);
    }
  }
}

export function jobConsequences(input: ConsequenceInput, out: string[]): void {
  const { action, before, after } = input;
  if (action === "create") {
    const s = spec(after);
    const completions = numberField(s, "completions");
    const parallelism = numberField(s, "parallelism") ?? 1;
    if (booleanField(s, "suspend") === true) out.push("is created suspended: no pod starts until it is resumed");
    else if (completions === undefined) out.push(`runs ${pods(parallelism)} in parallel until one of them succeeds (a work queue: no completions set)`);
    else if (completions === 1 && parallelism === 1) out.push("runs 1 pod to completion");
    else out.push(`runs pods until ${completions} complete${completions === 1 ? "s" : ""}, ${parallelism} at a time`);
    return;
  }
  if (action === "delete") out.push("deletes the Job and its pods");
  else if (action === "replace") out.push("deletes the Job and its pods, then runs it again from the start");
  else if (action === "update") {
    if (changedAt(input.diff, ["spec", "suspend"])) {
      out.push(booleanField(spec(after), "suspend") === true ? "suspends the Job: its running pods are deleted" : "resumes the Job: its pods start");
    }
    if (changedAt(input.diff, ["spec", "parallelism"])) {
      out.push(`runs ${numberField(spec(after), "parallelism") ?? 1} pods at a time instead of ${numberField(spec(before), "parallelism") ?? 1}`);
    }
  }
}

export function cronJobConsequences(input: ConsequenceInput, out: string[]): void {
  const { action, before, after } = input;
  const s = spec(after);
  if (action === "create") {
    const zone = stringField(s, "timeZone");
    out.push(`starts a Job on the schedule \`${stringField(s, "schedule") ?? ""}\`${zone ? ` (${zone})` : ""}${booleanField(s, "suspend") === true ? " once it is resumed (suspended)" : ""}`);
    return;
  }
  if (action === "delete") out.push("deletes the CronJob, the Jobs it started and their pods");
  else if (action === "replace") out.push("deletes the CronJob, the Jobs it started and their pods, then creates it again");
  else if (action === "update") {
    if (changedAt(input.diff, ["spec", "schedule"]) || changedAt(input.diff, ["spec", "timeZone"])) {
      out.push(`its next Jobs follow the schedule \`${stringField(s, "schedule") ?? ""}\` (was \`${stringField(spec(before), "schedule") ?? ""}\`)`);
    }
    if (changedAt(input.diff, ["spec", "jobTemplate"])) out.push("the Jobs it starts from now on use the new template; Jobs already running keep the old one");
    if (changedAt(input.diff, ["spec", "suspend"])) {
      out.push(booleanField(s, "suspend") === true ? "suspends it: no new Job starts (running Jobs go on)" : "resumes it: Jobs start again on schedule");
    }
  }
}

export function podConsequences(input: ConsequenceInput, out: string[]): void {
  const { action, before, after } = input;
  if (action === "create") out.push("starts the pod");
  else if (action === "delete") out.push("stops the pod and deletes it");
  else if (action === "replace") out.push("stops the pod and deletes it, then starts it again: a bare pod is down in between");
  else if (action === "update") {
    for (const list of ["initContainers", "containers"]) {
      const old = new Map(objectItems(spec(before), list).map(({ item }) => [stringField(item, "name"), stringField(item, "image")]));
      for (const { item } of objectItems(spec(after), list)) {
        const name = stringField(item, "name");
        const image = stringField(item, "image");
        if (old.has(name) && old.get(name) !== image) out.push(`restarts container \`${name}\` with image \`${image}\``);
      }
    }
  }
}
