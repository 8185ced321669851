import type { JsonObject } from "../../schema/json.js";
import { formatAge } from "../../store/clock.js";
import { podReadyText, podRestartsText, podStatusText } from "./pod-status.js";
import type { Table } from "./render-table.js";
import { list, num, record, type Json } from "../json-fields.js";

function str(value: unknown, none = "<none>"): string {
  return typeof value === "string" && value !== "" ? value : typeof value === "number" ? String(value) : none;
}

export interface TableOptions {
  wide?: boolean;
  showLabels?: boolean;
  /** Prefix rows with the namespace (`--all-namespaces`). */
  withNamespace?: boolean;
  now: Date;
}

interface Columns {
  headers: string[];
  cells(o: JsonObject, now: Date): string[];
  wideHeaders?: string[];
  wideCells?(o: JsonObject): string[];
}

const meta = (o: JsonObject): Json => record(o.metadata);
const spec = (o: JsonObject): Json => record(o.spec);
const status = (o: JsonObject): Json => record(o.status);

function age(o: JsonObject, now: Date): string {
  const created = meta(o).creationTimestamp;
  return typeof created === "string" ? formatAge(new Date(created), now) : "<unknown>";
}

function templateContainers(o: JsonObject): Json[] {
  return list(record(record(spec(o).template).spec).containers);
}

function containersAndImages(o: JsonObject): string[] {
  const cs = templateContainers(o);
  return [cs.map((c) => str(c.name)).join(","), cs.map((c) => str(c.image)).join(",")];
}

/** `app=web,tier=front` from a label selector (matchLabels and matchExpressions), as kubectl prints it. */
export function selectorText(selector: unknown): string {
  const s = record(selector);
  const parts = Object.entries(record(s.matchLabels)).map(([k, v]) => `${k}=${String(v)}`);
  for (const e of list(s.matchExpressions)) {
    const values = Array.isArray(e.values) ? e.values.join(",") : "";
    if (e.operator === "In") parts.push(`${String(e.key)} in (${values})`);
    else if (e.operator === "NotIn") parts.push(`${String(e.key)} notin (${values})`);
    else if (e.operator === "Exists") parts.push(String(e.key));
    else if (e.operator === "DoesNotExist") parts.push(`!${String(e.key)}`);
  }
  return parts.length > 0 ? parts.join(",") : "<none>";
}

function labelsText(labels: unknown): string {
  const entries = Object.entries(record(labels));
  return entries.length > 0 ? entries.map(([k, v]) => `${k}=${String(v)}`).join(",") : "<none>";
}

function servicePorts(o: JsonObject): string {
  const ports = list(spec(o).ports).map((p) => `${num(p.port)}${p.nodePort ? `:${num(p.nodePort)}` : ""}/${str(p.protocol, "TCP")}`);
  return ports.length > 0 ? ports.join(",") : "<none>";
}

function jobStatus(o: JsonObject): string {
  const conditions = list(status(o).conditions).filter((c) => c.status === "True");
  const has = (type: string): boolean => conditions.some((c) => c.type === type);
  if (has("Complete")) return "Complete";
  if (has("Failed")) return "Failed";
  if (has("FailureTarget")) return "FailureTarget";
  if (has("SuccessCriteriaMet")) return "SuccessCriteriaMet";
  if (spec(o).suspend === true) return "Suspended";
  return "Running";
}

function jobDuration(o: JsonObject, now: Date): string {
  const start = status(o).startTime;
  if (typeof start !== "string") return "";
  const end = status(o).completionTime;
  return formatAge(new Date(start), typeof end === "string" ? new Date(end) : now);
}

function hpaTargets(o: JsonObject): string {
  const s = spec(o);
  if (typeof s.targetCPUUtilizationPercentage === "number") {
    const current = status(o).currentCPUUtilizationPercentage;
    return `cpu: ${typeof current === "number" ? `${current}%` : "<unknown>"}/${s.targetCPUUtilizationPercentage}%`;
  }
  const current = list(status(o).currentMetrics);
  const targets = list(s.metrics).map((m, i) => {
    const resource = record(m.resource);
    const target = record(resource.target);
    const seen = record(record(current[i]).resource).current;
    const name = str(resource.name, "metric");
    const have = typeof record(seen).averageUtilization === "number" ? `${record(seen).averageUtilization}%` : "<unknown>";
    const want = typeof target.averageUtilization === "number" ? `${target.averageUtilization}%` : str(target.averageValue ?? target.value);
    return `${name}: ${have}/${want}`;
  });
  return targets.length > 0 ? targets.join(", ") : "<none>";
}

/** kubectl's columns per kind (its printers in pkg/printers/internalversion). */
const COLUMNS: Record<string, Columns> = {
  Pod: {
    headers: ["NAME", "READY", "STATUS", "RESTARTS", "AGE"],
    cells: (o, now) => [str(meta(o).name), podReadyText(o), podStatusText(o), podRestartsText(o, now), age(o, now)],
    wideHeaders: ["IP", "NODE", "NOMINATED NODE", "READINESS GATES"],
    wideCells: (o) => [str(status(o).podIP), str(spec(o).nodeName), "<none>", "<none>"],
  },
  Deployment: {
    headers: ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"],
    cells: (o, now) => [str(meta(o).name), `${num(status(o).readyReplicas)}/${num(spec(o).replicas ?? 1)}`, String(num(status(o).updatedReplicas)), String(num(status(o).availableReplicas)), age(o, now)],
    wideHeaders: ["CONTAINERS", "IMAGES", "SELECTOR"],
    wideCells: (o) => [...containersAndImages(o), selectorText(spec(o).selector)],
  },
  ReplicaSet: {
    headers: ["NAME", "DESIRED", "CURRENT", "READY", "AGE"],
    cells: (o, now) => [str(meta(o).name), String(num(spec(o).replicas ?? 1)), String(num(status(o).replicas)), String(num(status(o).readyReplicas)), age(o, now)],
    wideHeaders: ["CONTAINERS", "IMAGES", "SELECTOR"],
    wideCells: (o) => [...containersAndImages(o), selectorText(spec(o).selector)],
  },
  ReplicationController: {
    headers: ["NAME", "DESIRED", "CURRENT", "READY", "AGE"],
    cells: (o, now) => [str(meta(o).name), String(num(spec(o).replicas ?? 1)), String(num(status(o).replicas)), String(num(status(o).readyReplicas)), age(o, now)],
    wideHeaders: ["CONTAINERS", "IMAGES", "SELECTOR"],
    wideCells: (o) => [...containersAndImages(o), labelsText(spec(o).selector)],
  },
  StatefulSet: {
    headers: ["NAME", "READY", "AGE"],
    cells: (o, now) => [str(meta(o).name), `${num(status(o).readyReplicas)}/${num(spec(o).replicas ?? 1)}`, age(o, now)],
    wideHeaders: ["CONTAINERS", "IMAGES"],
    wideCells: (o) => containersAndImages(o),
  },
  DaemonSet: {
    headers: ["NAME", "DESIRED", "CURRENT", "READY", "UP-TO-DATE", "AVAILABLE", "NODE SELECTOR", "AGE"],
    cells: (o, now) => {
      const s = status(o);
      return [str(meta(o).name), String(num(s.desiredNumberScheduled)), String(num(s.currentNumberScheduled)), String(num(s.numberReady)), String(num(s.updatedNumberScheduled)), String(num(s.numberAvailable)), labelsText(record(record(spec(o).template).spec).nodeSelector), age(o, now)];
    },
    wideHeaders: ["CONTAINERS", "IMAGES", "SELECTOR"],
    wideCells: (o) => [...containersAndImages(o), selectorText(spec(o).selector)],
  },
  Job: {
    headers: ["NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE"],
    cells: (o, now) => [str(meta(o).name), jobStatus(o), `${num(status(o).succeeded)}/${spec(o).completions === undefined ? 1 : num(spec(o).completions)}`, jobDuration(o, now), age(o, now)],
    wideHeaders: ["CONTAINERS", "IMAGES", "SELECTOR"],
    wideCells: (o) => [...containersAndImages(o), selectorText(spec(o).selector)],
  },
  CronJob: {
    headers: ["NAME", "SCHEDULE", "TIMEZONE", "SUSPEND", "ACTIVE", "LAST SCHEDULE", "AGE"],
    cells: (o, now) => {
      const last = status(o).lastScheduleTime;
      return [str(meta(o).name), str(spec(o).schedule), str(spec(o).timeZone), String(spec(o).suspend === true), String(list(status(o).active).length), typeof last === "string" ? formatAge(new Date(last), now) : "<none>", age(o, now)];
    },
  },
  Service: {
    headers: ["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"],
    cells: (o, now) => [str(meta(o).name), str(spec(o).type, "ClusterIP"), str(spec(o).clusterIP), "<none>", servicePorts(o), age(o, now)],
    wideHeaders: ["SELECTOR"],
    wideCells: (o) => [labelsText(spec(o).selector)],
  },
  ConfigMap: {
    headers: ["NAME", "DATA", "AGE"],
    cells: (o, now) => [str(meta(o).name), String(Object.keys(record(o.data)).length + Object.keys(record(o.binaryData)).length), age(o, now)],
  },
  Secret: {
    headers: ["NAME", "TYPE", "DATA", "AGE"],
    cells: (o, now) => [str(meta(o).name), str(o.type, "Opaque"), String(Object.keys(record(o.data)).length + Object.keys(record(o.stringData)).length), age(o, now)],
  },
  PersistentVolumeClaim: {
    headers: ["NAME", "STATUS", "VOLUME", "CAPACITY", "ACCESS MODES", "STORAGECLASS", "VOLUMEATTRIBUTESCLASS", "AGE"],
    cells: (o, now) => [str(meta(o).name), str(status(o).phase, "Pending"), str(spec(o).volumeName, ""), str(record(status(o).capacity).storage, ""), accessModes(status(o).accessModes), str(spec(o).storageClassName), "<unset>", age(o, now)],
  },
  Namespace: {
    headers: ["NAME", "STATUS", "AGE"],
    cells: (o, now) => [str(meta(o).name), str(status(o).phase, "Active"), age(o, now)],
  },
  Node: {
    headers: ["NAME", "STATUS", "ROLES", "AGE", "VERSION"],
    cells: (o, now) => [str(meta(o).name), list(status(o).conditions).some((c) => c.type === "Ready" && c.status === "True") ? "Ready" : "NotReady", "<none>", age(o, now), str(record(status(o).nodeInfo).kubeletVersion, "")],
  },
  HorizontalPodAutoscaler: {
    headers: ["NAME", "REFERENCE", "TARGETS", "MINPODS", "MAXPODS", "REPLICAS", "AGE"],
    cells: (o, now) => {
      const ref = record(spec(o).scaleTargetRef);
      return [str(meta(o).name), `${str(ref.kind)}/${str(ref.name)}`, hpaTargets(o), String(num(spec(o).minReplicas ?? 1)), String(num(spec(o).maxReplicas)), String(num(status(o).currentReplicas)), age(o, now)];
    },
  },
  ControllerRevision: {
    headers: ["NAME", "CONTROLLER", "REVISION", "AGE"],
    cells: (o, now) => {
      const owner = list(meta(o).ownerReferences).find((r) => r.controller === true);
      return [str(meta(o).name), owner ? `${String(owner.kind).toLowerCase()}.apps/${str(owner.name)}` : "<none>", String(num(o.revision)), age(o, now)];
    },
  },
  Event: {
    headers: ["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"],
    cells: (o, now) => {
      const inv = record(o.involvedObject);
      const last = o.lastTimestamp ?? o.eventTime ?? meta(o).creationTimestamp;
      return [typeof last === "string" ? formatAge(new Date(last), now) : "<unknown>", str(o.type), str(o.reason), `${String(inv.kind ?? "").toLowerCase()}/${str(inv.name)}`, str(o.message, "")];
    },
  },
};

function accessModes(value: unknown): string {
  const short: Record<string, string> = { ReadWriteOnce: "RWO", ReadOnlyMany: "ROX", ReadWriteMany: "RWX", ReadWriteOncePod: "RWOP" };
  return Array.isArray(value) ? value.map((m) => short[String(m)] ?? String(m)).join(",") : "";
}

/** The table `kubectl get KIND` prints for these objects (of one kind). */
export function objectTable(kind: string, objects: readonly JsonObject[], options: TableOptions): Table {
  const columns = COLUMNS[kind] ?? { headers: ["NAME", "AGE"], cells: (o: JsonObject, now: Date) => [str(meta(o).name), age(o, now)] };
  const wide = options.wide === true && columns.wideHeaders !== undefined && columns.wideCells !== undefined;
  const headers = [...(options.withNamespace ? ["NAMESPACE"] : []), ...columns.headers, ...(wide ? (columns.wideHeaders ?? []) : []), ...(options.showLabels ? ["LABELS"] : [])];
  const rows = objects.map((o) => [
    ...(options.withNamespace ? [str(meta(o).namespace, "")] : []),
    ...columns.cells(o, options.now),
    ...(wide && columns.wideCells ? columns.wideCells(o) : []),
    ...(options.showLabels ? [labelsText(meta(o).labels)] : []),
  ]);
  return { headers, rows };
}
