import type { JsonObject } from "../../schema/json.js";
import { formatAge } from "../../store/clock.js";
import { podStatusText } from "../tables/pod-status.js";
import { selectorText } from "../tables/kind-columns.js";
import { renderTable } from "../tables/render-table.js";

type Json = Record<string, unknown>;
const record = (v: unknown): Json => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Json) : {});
const list = (v: unknown): Json[] => (Array.isArray(v) ? v.map(record) : []);
const text = (v: unknown, none = "<none>"): string => (typeof v === "string" && v !== "" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : none);

/** What `mk describe` knows besides the object: its pods, ReplicaSets and Events. */
export interface DescribeContext {
  events: readonly JsonObject[];
  /** For Deployments: their ReplicaSets (old and new). */
  replicaSets?: readonly JsonObject[];
  /** For workloads: their pods. */
  pods?: readonly JsonObject[];
  now: Date;
}

/**
 * `kubectl describe` for one object: its metadata, the fields people look for first per kind,
 * then its Events (newest last). Secret values never appear: a Secret shows each key's size.
 */
export function describeObject(object: JsonObject, ctx: DescribeContext): string {
  const out: string[] = [];
  const field = (name: string, value: string, indent = 0): void => {
    // kubectl's columns: values line up at 20; a longer label keeps two spaces before its value.
    const label = `${name}:`;
    const width = Math.max(0, 20 - indent);
    out.push(`${" ".repeat(indent)}${label.length >= width ? `${label}  ` : label.padEnd(width)}${value}`);
  };
  const meta = record(object.metadata);
  const spec = record(object.spec);
  const status = record(object.status);
  field("Name", text(meta.name));
  if (meta.namespace !== undefined) field("Namespace", text(meta.namespace));
  field("Labels", mapLines(meta.labels, 20));
  field("Annotations", mapLines(meta.annotations, 20));
  if (typeof meta.creationTimestamp === "string") field("CreationTimestamp", meta.creationTimestamp);
  const owner = list(meta.ownerReferences).find((r) => r.controller === true);
  if (owner) field("Controlled By", `${text(owner.kind)}/${text(owner.name)}`);

  switch (object.kind) {
    case "Deployment": {
      field("Selector", selectorText(spec.selector));
      field("Replicas", `${text(spec.replicas ?? 1)} desired | ${num(status.updatedReplicas)} updated | ${num(status.replicas)} total | ${num(status.availableReplicas)} available | ${num(status.unavailableReplicas)} unavailable`);
      const strategy = record(spec.strategy);
      field("StrategyType", text(strategy.type, "RollingUpdate"));
      field("MinReadySeconds", text(spec.minReadySeconds ?? 0));
      const rolling = record(strategy.rollingUpdate);
      if (text(strategy.type, "RollingUpdate") === "RollingUpdate") field("RollingUpdateStrategy", `${text(rolling.maxUnavailable ?? "25%")} max unavailable, ${text(rolling.maxSurge ?? "25%")} max surge`);
      out.push(...podTemplate(record(spec.template)));
      out.push(...conditions(status.conditions, ["Type", "Status", "Reason"]));
      const sets = ctx.replicaSets ?? [];
      const revision = (rs: JsonObject): string => text(record(record(rs.metadata).annotations)["deployment.kubernetes.io/revision"], "");
      const current = text(record(meta.annotations)["deployment.kubernetes.io/revision"], "");
      const describeSet = (rs: JsonObject): string => `${text(record(rs.metadata).name)} (${num(record(rs.status).replicas)}/${text(record(rs.spec).replicas ?? 1)} replicas created)`;
      const newSet = sets.find((rs) => revision(rs) === current);
      const oldSets = sets.filter((rs) => rs !== newSet && num(record(rs.spec).replicas) > 0);
      field("OldReplicaSets", oldSets.length > 0 ? oldSets.map(describeSet).join(", ") : "<none>");
      field("NewReplicaSet", newSet ? describeSet(newSet) : "<none>");
      break;
    }
    case "ReplicaSet":
    case "ReplicationController":
    case "StatefulSet":
    case "DaemonSet":
    case "Job": {
      field("Selector", object.kind === "ReplicationController" ? mapLines(spec.selector, 20) : selectorText(spec.selector));
      if (object.kind === "Job") {
        field("Parallelism", text(spec.parallelism ?? 1));
        field("Completions", text(spec.completions ?? 1));
        field("Completion Mode", text(spec.completionMode, "NonIndexed"));
        field("Pods Statuses", `${num(status.active)} Active (${num(status.ready)} Ready) / ${num(status.succeeded)} Succeeded / ${num(status.failed)} Failed`);
      } else if (object.kind === "DaemonSet") {
        field("Desired Number of Nodes Scheduled", text(status.desiredNumberScheduled ?? 0));
        field("Number of Nodes Scheduled with Up-to-date Pods", text(status.updatedNumberScheduled ?? 0));
        field("Number of Nodes Scheduled with Available Pods", text(status.numberAvailable ?? 0));
      } else if (object.kind === "StatefulSet") {
        field("Replicas", `${text(spec.replicas ?? 1)} desired | ${num(status.replicas)} total`);
        const strategy = record(spec.updateStrategy);
        field("Update Strategy", text(strategy.type, "RollingUpdate"));
        if (text(strategy.type, "RollingUpdate") === "RollingUpdate") field("Partition", text(record(strategy.rollingUpdate).partition ?? 0), 2);
      } else {
        field("Replicas", `${num(status.replicas)} current / ${text(spec.replicas ?? 1)} desired`);
      }
      field("Pods Status", podCounts(ctx.pods ?? []));
      out.push(...podTemplate(record(spec.template)));
      out.push(...conditions(status.conditions, ["Type", "Status", "Reason"]));
      break;
    }
    case "Pod": {
      field("Node", text(spec.nodeName));
      if (typeof status.startTime === "string") field("Start Time", status.startTime);
      field("Status", podStatusText(object));
      field("IP", text(status.podIP));
      const statuses = [...list(status.initContainerStatuses), ...list(status.containerStatuses)];
      for (const [title, key] of [["Init Containers", "initContainers"], ["Containers", "containers"]] as const) {
        const cs = list(spec[key]);
        if (cs.length === 0) continue;
        out.push(`${title}:`);
        for (const c of cs) {
          const s = statuses.find((x) => x.name === c.name) ?? {};
          out.push(`  ${text(c.name)}:`);
          field("Container ID", text(s.containerID, ""), 4);
          field("Image", text(c.image), 4);
          out.push(...containerState("State", record(s.state)), ...(s.lastState && Object.keys(record(s.lastState)).length > 0 ? containerState("Last State", record(s.lastState)) : []));
          field("Ready", text(s.ready ?? false), 4);
          field("Restart Count", text(s.restartCount ?? 0), 4);
        }
      }
      out.push(...conditions(status.conditions, ["Type", "Status"]));
      const volumes = list(spec.volumes);
      if (volumes.length > 0) out.push("Volumes:", ...volumes.map((v) => `  ${text(v.name)}: ${Object.keys(v).filter((k) => k !== "name").join(", ")}`));
      break;
    }
    case "Service": {
      field("Selector", mapLines(spec.selector, 20).replace(/\n\s+/g, ","));
      field("Type", text(spec.type, "ClusterIP"));
      for (const p of list(spec.ports)) field("Port", `${text(p.name, "<unset>")}  ${text(p.port)}/${text(p.protocol, "TCP")}  (target ${text(p.targetPort ?? p.port)}${p.nodePort ? `, node port ${text(p.nodePort)}` : ""})`);
      break;
    }
    case "Secret": {
      field("Type", text(object.type, "Opaque"));
      out.push("", "Data", "====");
      for (const [k, v] of Object.entries(record(object.data))) out.push(`${k}:  ${typeof v === "string" ? Buffer.from(v, "base64").length : 0} bytes`);
      for (const [k, v] of Object.entries(record(object.stringData))) out.push(`${k}:  ${typeof v === "string" ? Buffer.byteLength(v) : 0} bytes`);
      break;
    }
    case "ConfigMap": {
      out.push("", "Data", "====");
      for (const [k, v] of Object.entries(record(object.data))) out.push(`${k}:`, "----", String(v), "");
      break;
    }
    default: {
      if (Object.keys(spec).length > 0) out.push("Spec:", ...indentJson(spec));
      if (Object.keys(status).length > 0) out.push("Status:", ...indentJson(status));
    }
  }
  out.push(...eventsSection(ctx.events, ctx.now));
  return `${out.join("\n")}\n`;
}

function num(v: unknown): number {
  return typeof v === "number" ? v : 0;
}

function mapLines(map: unknown, indent: number): string {
  const entries = Object.entries(record(map));
  if (entries.length === 0) return "<none>";
  return entries.map(([k, v]) => `${k}=${String(v)}`).join(`\n${" ".repeat(indent)}`);
}

function indentJson(value: Json): string[] {
  return JSON.stringify(value, null, 2).split("\n").slice(1, -1);
}

function podCounts(pods: readonly JsonObject[]): string {
  const count = (phase: string): number => pods.filter((p) => record(p.status).phase === phase).length;
  return `${count("Running")} Running / ${count("Pending")} Waiting / ${count("Succeeded")} Succeeded / ${count("Failed")} Failed`;
}

function podTemplate(template: Json): string[] {
  const out = ["Pod Template:", `  Labels:  ${mapLines(record(template.metadata).labels, 11)}`, "  Containers:"];
  for (const c of list(record(template.spec).containers)) {
    out.push(`   ${text(c.name)}:`, `    Image:      ${text(c.image)}`);
    const ports = list(c.ports).map((p) => `${text(p.containerPort)}/${text(p.protocol, "TCP")}`);
    out.push(`    Port:       ${ports.length > 0 ? ports.join(", ") : "<none>"}`);
    const env = list(c.env);
    if (env.length > 0) out.push("    Environment:", ...env.map((e) => `      ${text(e.name)}:  ${e.value !== undefined ? text(e.value, "") : "<set from a reference>"}`));
  }
  return out;
}

function conditions(value: unknown, columns: string[]): string[] {
  const rows = list(value);
  if (rows.length === 0) return [];
  const table = renderTable({ headers: columns, rows: rows.map((c) => columns.map((col) => text(c[col.toLowerCase()], ""))) });
  return ["Conditions:", ...table.trimEnd().split("\n").map((l) => `  ${l}`)];
}

function containerState(title: string, state: Json): string[] {
  const [name, detail] = Object.entries(state)[0] ?? ["waiting", {}];
  const d = record(detail);
  const out = [`    ${`${title}:`.padEnd(16)}${name[0].toUpperCase()}${name.slice(1)}`];
  if (d.reason !== undefined) out.push(`      Reason:       ${text(d.reason)}`);
  if (d.message !== undefined) out.push(`      Message:      ${text(d.message)}`);
  if (d.exitCode !== undefined) out.push(`      Exit Code:    ${text(d.exitCode)}`);
  if (d.startedAt !== undefined) out.push(`      Started:      ${text(d.startedAt)}`);
  if (d.finishedAt !== undefined) out.push(`      Finished:     ${text(d.finishedAt)}`);
  return out;
}

/** The Events table of kubectl describe: Type, Reason, Age (with the repeat count), From, Message. */
function eventsSection(events: readonly JsonObject[], now: Date): string[] {
  if (events.length === 0) return ["Events:              <none>"];
  const rows = events.map((e) => {
    const first = text(e.firstTimestamp, "");
    const last = text(e.lastTimestamp, "");
    const count = num(e.count);
    const age = last === "" ? "<unknown>" : count > 1 && first !== "" ? `${formatAge(new Date(last), now)} (x${count} over ${formatAge(new Date(first), now)})` : formatAge(new Date(last), now);
    return [text(e.type, ""), text(e.reason, ""), age, text(record(e.source).component, ""), text(e.message, "")];
  });
  const table = renderTable({ headers: ["Type", "Reason", "Age", "From", "Message"], rows: [["----", "------", "----", "----", "-------"], ...rows] });
  return ["Events:", ...table.trimEnd().split("\n").map((l) => `  ${l}`)];
}
