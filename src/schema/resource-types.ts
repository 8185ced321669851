import { KIND_INDEX } from "./generated/kind-index.js";
import type { KindIndexEntry } from "./api-model-types.js";
import { splitApiVersion } from "./kinds.js";
import { suggestName } from "../diag/suggest.js";

/** kubectl's short names (`kubectl api-resources`), for the kinds mk models. */
const SHORT_NAMES: Readonly<Record<string, string>> = {
  po: "Pod",
  rc: "ReplicationController",
  rs: "ReplicaSet",
  deploy: "Deployment",
  sts: "StatefulSet",
  ds: "DaemonSet",
  cj: "CronJob",
  svc: "Service",
  cm: "ConfigMap",
  pvc: "PersistentVolumeClaim",
  ns: "Namespace",
  no: "Node",
  ev: "Event",
  hpa: "HorizontalPodAutoscaler",
};

export type ResourceTypeResult = { ok: true; entry: KindIndexEntry } | { ok: false; message: string };

/**
 * The kind a user means by a resource type as kubectl accepts it: plural (`deployments`),
 * singular (`deployment`), short name (`deploy`), kind (`Deployment`), or any of these qualified
 * by the group (`deployments.apps`). Events resolve to core/v1, HPAs to autoscaling/v2 (the
 * store holds one object per group and kind).
 */
export function resolveResourceType(text: string): ResourceTypeResult {
  const lower = text.trim().toLowerCase();
  const dot = lower.indexOf(".");
  const name = dot < 0 ? lower : lower.slice(0, dot);
  const group = dot < 0 ? undefined : lower.slice(dot + 1);
  const kind = SHORT_NAMES[name] ?? KIND_INDEX.find((e) => e.plural === name || e.kind.toLowerCase() === name)?.kind;
  const entry = kind === undefined ? undefined : KIND_INDEX.find((e) => e.kind === kind && (group === undefined || splitApiVersion(e.apiVersion).group === group));
  if (entry) return { ok: true, entry };
  const known = [...new Set([...KIND_INDEX.map((e) => e.plural), ...Object.keys(SHORT_NAMES)])];
  const guess = suggestName(name, known);
  return { ok: false, message: `the server doesn't have a resource type "${text}"${guess ? ` (did you mean "${guess}"?)` : ""}` };
}
