/**
 * Consequences of changes to the objects workloads depend on: ConfigMaps and Secrets (which
 * workloads see the change, and when), Services, claims, Namespaces and autoscalers.
 */
import type { JsonObject } from "../../schema/json.js";
import { numberField, objectField, stringField, stringMapField } from "../../schema/semantic/json-access.js";
import { changedAt } from "../diff/changed-at.js";
import type { ConsequenceInput } from "./consequence-input.js";
import type { ConfigUse } from "./workload-refs.js";

function users(uses: ConfigUse[], via: ConfigUse["via"]): string[] {
  return uses.filter((u) => u.via === via).map((u) => u.user);
}

export function configConsequences(input: ConsequenceInput, out: string[]): void {
  const kind = input.ref.kind as "ConfigMap" | "Secret";
  const uses = input.refs.usersOf(kind, input.ref.namespace, input.ref.name);
  if (uses.length === 0 || input.action === "create" || input.action === "no-op") return;
  const mounted = users(uses, "volume");
  const env = users(uses, "env");
  const pull = users(uses, "imagePullSecret");
  if (input.action === "delete") {
    const all = [...new Set(uses.map((u) => u.user))];
    out.push(`still used by ${all.join(", ")}: new pods that need it will fail to start`);
    return;
  }
  if (mounted.length > 0) out.push(`mounted as files by ${mounted.join(", ")}: running pods see the new content without a restart (except through subPath mounts)`);
  if (env.length > 0) out.push(`read into environment variables by ${env.join(", ")}: running pods keep the old values until they restart`);
  if (pull.length > 0) out.push(`used to pull images by ${pull.join(", ")}: from the next image pull on`);
}

function selectorText(selector: Record<string, string> | undefined): string {
  const entries = Object.entries(selector ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.length === 0 ? "(none)" : entries.map(([k, v]) => `${k}=${v}`).join(",");
}

export function serviceConsequences(input: ConsequenceInput, out: string[]): void {
  const { action, before, after, ref } = input;
  const spec = (o: JsonObject | undefined) => objectField(o, "spec");
  if (action === "delete") out.push(`the name \`${ref.name}\` stops resolving for the pods that use it`);
  else if (action === "replace") out.push("deletes the Service and creates it again: open connections through it are cut");
  else if (action === "update" && changedAt(input.diff, ["spec", "selector"])) {
    out.push(`routes to other pods: selector ${selectorText(stringMapField(spec(before), "selector"))} → ${selectorText(stringMapField(spec(after), "selector"))}`);
  }
}

export function claimConsequences(input: ConsequenceInput, out: string[]): void {
  const { action, before, after } = input;
  const storage = (o: JsonObject | undefined) => stringField(objectField(objectField(objectField(o, "spec"), "resources"), "requests"), "storage");
  if (action === "delete") out.push("deletes the claim: the data in its volume is lost");
  else if (action === "replace") out.push("deletes the claim with the data in its volume, then creates an empty one");
  else if (action === "update" && changedAt(input.diff, ["spec", "resources", "requests", "storage"])) {
    out.push(`grows its volume from ${storage(before) ?? "?"} to ${storage(after) ?? "?"}`);
  }
}

export function namespaceConsequences(input: ConsequenceInput, out: string[]): void {
  if (input.action === "delete" || input.action === "replace") out.push(`deletes every object in namespace \`${input.ref.name}\``);
}

export function autoscalerConsequences(input: ConsequenceInput, out: string[]): void {
  const { action, after } = input;
  if (action !== "create" && action !== "update") return;
  const spec = objectField(after, "spec");
  if (action === "update" && !changedAt(input.diff, ["spec", "minReplicas"]) && !changedAt(input.diff, ["spec", "maxReplicas"]) && !changedAt(input.diff, ["spec", "scaleTargetRef"])) return;
  const target = objectField(spec, "scaleTargetRef");
  out.push(`scales ${stringField(target, "kind") ?? "?"}/${stringField(target, "name") ?? "?"} between ${numberField(spec, "minReplicas") ?? 1} and ${numberField(spec, "maxReplicas") ?? "?"} pods`);
}
