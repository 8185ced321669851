/**
 * `mk describe`: kubectl describe's text for one object, field for field in kubectl's order and
 * aligned by its tabwriter (./tab-writer.ts), with the object's Events last. Kinds kubectl has no
 * special describer for here show their spec and status. Secret values never appear: a Secret
 * shows each key's size.
 */
import type { JsonObject } from "../../schema/json.js";
import { formatAge } from "../../store/clock.js";
import { selectorText } from "../tables/kind-columns.js";
import {
  annotationLines,
  containersSection,
  controlledBy,
  describeTime,
  eventsSection,
  formatLabels,
  labelLines,
  objectHeader,
  podCounts,
  podTemplateSection,
  text,
  volumesSection,
  workloadConditions,
} from "./sections.js";
import { list, num, record, type Json } from "../json-fields.js";
import { DescribeWriter } from "./tab-writer.js";

/** What `mk describe` knows besides the object: its pods, ReplicaSets, endpoints and Events. */
export interface DescribeContext {
  events: readonly JsonObject[];
  /** For Deployments: their ReplicaSets (old and new). */
  replicaSets?: readonly JsonObject[];
  /** For workloads: their pods. */
  pods?: readonly JsonObject[];
  /** For Services: each port's endpoints (`10.89.0.2:80,10.89.0.3:80`, `<none>`), by port name. */
  endpoints?: (portName: string) => string;
  now: Date;
}

export function describeObject(object: JsonObject, ctx: DescribeContext): string {
  const w = new DescribeWriter();
  const spec = record(object.spec);
  const status = record(object.status);
  const meta = record(object.metadata);
  switch (object.kind) {
    case "Deployment":
      describeDeployment(w, object, ctx);
      break;
    case "ReplicaSet":
    case "ReplicationController": {
      objectHeader(w, object, {
        between: () => w.write(0, `Selector:\t${object.kind === "ReplicationController" ? formatLabels(spec.selector) : selectorText(spec.selector)}\n`),
      });
      const owner = controlledBy(object);
      if (owner) w.write(0, `Controlled By:\t${owner}\n`);
      w.write(0, `Replicas:\t${num(status.replicas)} current / ${num(spec.replicas, 1)} desired\n`);
      w.write(0, `Pods Status:\t${podCounts(ctx.pods ?? [])}\n`);
      podTemplateSection(w, record(spec.template));
      workloadConditions(w, status.conditions);
      break;
    }
    case "StatefulSet":
      describeStatefulSet(w, object, ctx);
      break;
    case "DaemonSet": {
      w.write(0, `Name:\t${text(meta.name, "")}\n`);
      w.write(0, `Namespace:\t${text(meta.namespace, "")}\n`);
      w.write(0, `Selector:\t${selectorText(spec.selector)}\n`);
      w.write(0, `Node-Selector:\t${formatLabels(record(record(spec.template).spec).nodeSelector)}\n`);
      labelLines(w, "Labels", meta.labels);
      annotationLines(w, "Annotations", meta.annotations);
      w.write(0, `Desired Number of Nodes Scheduled: ${num(status.desiredNumberScheduled)}\n`);
      w.write(0, `Current Number of Nodes Scheduled: ${num(status.currentNumberScheduled)}\n`);
      w.write(0, `Number of Nodes Scheduled with Up-to-date Pods: ${num(status.updatedNumberScheduled)}\n`);
      w.write(0, `Number of Nodes Scheduled with Available Pods: ${num(status.numberAvailable)}\n`);
      w.write(0, `Number of Nodes Misscheduled: ${num(status.numberMisscheduled)}\n`);
      w.write(0, `Pods Status:\t${podCounts(ctx.pods ?? [])}\n`);
      podTemplateSection(w, record(spec.template));
      break;
    }
    case "Job":
      describeJob(w, object);
      break;
    case "CronJob":
      describeCronJob(w, object);
      break;
    case "Pod":
      describePod(w, object, ctx.now);
      break;
    case "Service":
      describeService(w, object, ctx);
      break;
    case "Secret": {
      objectHeader(w, object);
      w.write(0, `\nType:\t${text(object.type, "Opaque")}\n`);
      w.write(0, "\nData\n====\n");
      const sizes = [
        ...Object.entries(record(object.data)).map(([k, v]): [string, number] => [k, typeof v === "string" ? Buffer.from(v, "base64").length : 0]),
        ...Object.entries(record(object.stringData)).map(([k, v]): [string, number] => [k, typeof v === "string" ? Buffer.byteLength(v) : 0]),
      ].sort(([a], [b]) => (a < b ? -1 : 1));
      for (const [k, size] of sizes) w.write(0, `${k}:\t${size} bytes\n`);
      break;
    }
    case "ConfigMap": {
      objectHeader(w, object);
      w.write(0, "\nData\n====\n");
      for (const k of Object.keys(record(object.data)).sort()) w.write(0, `${k}:\n----\n${String(record(object.data)[k])}\n`);
      w.write(0, "\nBinaryData\n====\n");
      for (const k of Object.keys(record(object.binaryData)).sort()) w.write(0, `${k}: ${Buffer.from(String(record(object.binaryData)[k]), "base64").length} bytes\n`);
      w.write(0, "\n");
      break;
    }
    case "PersistentVolumeClaim": {
      objectHeader(w, object);
      w.write(0, `StorageClass:\t${text(spec.storageClassName, "")}\n`);
      w.write(0, `Status:\t${text(status.phase, "")}\n`);
      w.write(0, `Volume:\t${text(spec.volumeName, "")}\n`);
      w.write(0, `Capacity:\t${text(record(status.capacity).storage, "")}\n`);
      w.write(0, `Access Modes:\t${(Array.isArray(status.accessModes) ? status.accessModes : []).map((m) => accessModeShort(String(m))).join(",")}\n`);
      w.write(0, `VolumeMode:\t${text(spec.volumeMode, "Filesystem")}\n`);
      break;
    }
    default: {
      objectHeader(w, object, { created: true });
      if (Object.keys(spec).length > 0) w.write(0, `Spec:\n${indentJson(spec)}`);
      if (Object.keys(status).length > 0) w.write(0, `Status:\n${indentJson(status)}`);
    }
  }
  eventsSection(w, ctx.events, ctx.now);
  return w.toString();
}

function describeDeployment(w: DescribeWriter, d: JsonObject, ctx: DescribeContext): void {
  const spec = record(d.spec);
  const status = record(d.status);
  objectHeader(w, d, { created: true });
  w.write(0, `Selector:\t${selectorText(spec.selector)}\n`);
  w.write(0, `Replicas:\t${num(spec.replicas, 1)} desired | ${num(status.updatedReplicas)} updated | ${num(status.replicas)} total | ${num(status.availableReplicas)} available | ${num(status.unavailableReplicas)} unavailable\n`);
  const strategy = record(spec.strategy);
  const type = text(strategy.type, "RollingUpdate");
  w.write(0, `StrategyType:\t${type}\n`);
  w.write(0, `MinReadySeconds:\t${num(spec.minReadySeconds)}\n`);
  if (type === "RollingUpdate") {
    const rolling = record(strategy.rollingUpdate);
    w.write(0, `RollingUpdateStrategy:\t${text(rolling.maxUnavailable ?? "25%")} max unavailable, ${text(rolling.maxSurge ?? "25%")} max surge\n`);
  }
  podTemplateSection(w, record(spec.template));
  workloadConditions(w, status.conditions);
  const sets = ctx.replicaSets ?? [];
  const revisionOf = (o: JsonObject): string => text(record(record(o.metadata).annotations)["deployment.kubernetes.io/revision"], "");
  const current = revisionOf(d);
  const describeSet = (rs: JsonObject): string => `${text(record(rs.metadata).name, "")} (${num(record(rs.status).replicas)}/${num(record(rs.spec).replicas, 1)} replicas created)`;
  const newSet = sets.find((rs) => revisionOf(rs) === current);
  const oldSets = sets.filter((rs) => rs !== newSet && num(record(rs.spec).replicas) > 0);
  if (sets.length > 0) {
    w.write(0, `OldReplicaSets:\t${oldSets.length > 0 ? oldSets.map(describeSet).join(", ") : "<none>"}\n`);
    w.write(0, `NewReplicaSet:\t${newSet ? describeSet(newSet) : "<none>"}\n`);
  }
}

function describeStatefulSet(w: DescribeWriter, s: JsonObject, ctx: DescribeContext): void {
  const spec = record(s.spec);
  const status = record(s.status);
  objectHeader(w, s, { created: true, between: () => w.write(0, `Selector:\t${selectorText(spec.selector)}\n`) });
  w.write(0, `Replicas:\t${num(spec.replicas, 1)} desired | ${num(status.replicas)} total\n`);
  const strategy = record(spec.updateStrategy);
  const type = text(strategy.type, "RollingUpdate");
  w.write(0, `Update Strategy:\t${type}\n`);
  if (type === "RollingUpdate") w.write(1, `Partition:\t${num(record(strategy.rollingUpdate).partition)}\n`);
  w.write(0, `Pods Status:\t${podCounts(ctx.pods ?? [])}\n`);
  podTemplateSection(w, record(spec.template));
  const claims = list(spec.volumeClaimTemplates);
  if (claims.length === 0) {
    w.write(0, "Volume Claims:\t<none>\n");
    return;
  }
  w.write(0, "Volume Claims:\n");
  for (const claim of claims) {
    const cmeta = record(claim.metadata);
    const cspec = record(claim.spec);
    w.write(1, `Name:\t${text(cmeta.name, "")}\n`);
    w.write(1, `StorageClass:\t${text(cspec.storageClassName, "")}\n`);
    labelLines(w, "  Labels", cmeta.labels);
    annotationLines(w, "  Annotations", cmeta.annotations);
    w.write(1, `Capacity:\t${text(record(record(cspec.resources).requests).storage, "<default>")}\n`);
    w.write(1, `Access Modes:\t[${(Array.isArray(cspec.accessModes) ? cspec.accessModes : []).map(String).join(" ")}]\n`);
  }
}

function describeJob(w: DescribeWriter, job: JsonObject): void {
  const spec = record(job.spec);
  const status = record(job.status);
  objectHeader(w, job, { between: () => w.write(0, `Selector:\t${selectorText(spec.selector)}\n`) });
  const owner = controlledBy(job);
  if (owner) w.write(0, `Controlled By:\t${owner}\n`);
  w.write(0, `Parallelism:\t${num(spec.parallelism, 1)}\n`);
  w.write(0, `Completions:\t${typeof spec.completions === "number" ? spec.completions : "<unset>"}\n`);
  w.write(0, `Completion Mode:\t${text(spec.completionMode, "NonIndexed")}\n`);
  w.write(0, `Suspend:\t${spec.suspend === true}\n`);
  w.write(0, `Backoff Limit:\t${num(spec.backoffLimit, 6)}\n`);
  if (typeof spec.ttlSecondsAfterFinished === "number") w.write(0, `TTL Seconds After Finished:\t${spec.ttlSecondsAfterFinished}\n`);
  const started = describeTime(status.startTime);
  if (started) w.write(0, `Start Time:\t${started}\n`);
  const completed = describeTime(status.completionTime);
  if (completed) {
    w.write(0, `Completed At:\t${completed}\n`);
    const seconds = Math.max(0, Math.round((Date.parse(String(status.completionTime)) - Date.parse(String(status.startTime))) / 1000));
    if (Number.isFinite(seconds)) w.write(0, `Duration:\t${seconds}s\n`);
  }
  if (typeof spec.activeDeadlineSeconds === "number") w.write(0, `Active Deadline Seconds:\t${spec.activeDeadlineSeconds}s\n`);
  w.write(0, `Pods Statuses:\t${num(status.active)} Active (${num(status.ready)} Ready) / ${num(status.succeeded)} Succeeded / ${num(status.failed)} Failed\n`);
  if (spec.completionMode === "Indexed") w.write(0, `Completed Indexes:\t${text(status.completedIndexes)}\n`);
  podTemplateSection(w, record(spec.template));
}

function describeCronJob(w: DescribeWriter, cronJob: JsonObject): void {
  const spec = record(cronJob.spec);
  const status = record(cronJob.status);
  objectHeader(w, cronJob);
  w.write(0, `Schedule:\t${text(spec.schedule, "")}\n`);
  w.write(0, `Concurrency Policy:\t${text(spec.concurrencyPolicy, "Allow")}\n`);
  w.write(0, `Suspend:\t${spec.suspend === true ? "True" : "False"}\n`);
  w.write(0, `Successful Job History Limit:\t${num(spec.successfulJobsHistoryLimit, 3)}\n`);
  w.write(0, `Failed Job History Limit:\t${num(spec.failedJobsHistoryLimit, 1)}\n`);
  w.write(0, `Starting Deadline Seconds:\t${typeof spec.startingDeadlineSeconds === "number" ? `${spec.startingDeadlineSeconds}s` : "<unset>"}\n`);
  const jobSpec = record(record(spec.jobTemplate).spec);
  w.write(0, `Selector:\t${jobSpec.selector !== undefined ? selectorText(jobSpec.selector) : "<unset>"}\n`);
  w.write(0, `Parallelism:\t${typeof jobSpec.parallelism === "number" ? jobSpec.parallelism : "<unset>"}\n`);
  w.write(0, `Completions:\t${typeof jobSpec.completions === "number" ? jobSpec.completions : "<unset>"}\n`);
  if (typeof jobSpec.activeDeadlineSeconds === "number") w.write(0, `Active Deadline Seconds:\t${jobSpec.activeDeadlineSeconds}s\n`);
  podTemplateSection(w, record(jobSpec.template));
  w.write(0, `Last Schedule Time:\t${describeTime(status.lastScheduleTime) ?? "<unset>"}\n`);
  const active = list(status.active).map((r) => text(r.name, ""));
  w.write(0, `Active Jobs:\t${active.length > 0 ? active.join(", ") : "<none>"}\n`);
}

function describePod(w: DescribeWriter, pod: JsonObject, now: Date): void {
  const meta = record(pod.metadata);
  const spec = record(pod.spec);
  const status = record(pod.status);
  w.write(0, `Name:\t${text(meta.name, "")}\n`);
  w.write(0, `Namespace:\t${text(meta.namespace, "")}\n`);
  if (typeof spec.priority === "number") w.write(0, `Priority:\t${spec.priority}\n`);
  w.write(0, `Service Account:\t${text(spec.serviceAccountName, "default")}\n`);
  const node = text(spec.nodeName, "");
  w.write(0, `Node:\t${node === "" ? "<none>" : `${node}/${text(status.hostIP, "")}`}\n`);
  const started = describeTime(status.startTime);
  if (started) w.write(0, `Start Time:\t${started}\n`);
  labelLines(w, "Labels", meta.labels);
  annotationLines(w, "Annotations", meta.annotations);
  if (typeof meta.deletionTimestamp === "string") {
    w.write(0, `Status:\tTerminating (lasts ${formatAge(new Date(meta.deletionTimestamp), now)})\n`);
    if (typeof meta.deletionGracePeriodSeconds === "number") w.write(0, `Termination Grace Period:\t${meta.deletionGracePeriodSeconds}s\n`);
  } else {
    w.write(0, `Status:\t${text(status.phase, "")}\n`);
  }
  if (text(status.reason, "") !== "") w.write(0, `Reason:\t${text(status.reason)}\n`);
  if (text(status.message, "") !== "") w.write(0, `Message:\t${text(status.message)}\n`);
  w.write(0, `IP:\t${text(status.podIP, "")}\n`);
  const ips = list(status.podIPs);
  if (ips.length === 0) w.write(0, "IPs:\t<none>\n");
  else {
    w.write(0, "IPs:\n");
    for (const ip of ips) w.write(1, `IP:\t${text(ip.ip, "")}\n`);
  }
  const owner = controlledBy(pod);
  if (owner) w.write(0, `Controlled By:\t${owner}\n`);
  if (list(spec.initContainers).length > 0) containersSection(w, "Init Containers", list(spec.initContainers), pod, "");
  containersSection(w, "Containers", list(spec.containers), pod, "");
  const conditions = list(status.conditions);
  if (conditions.length > 0) {
    w.write(0, "Conditions:\n  Type\tStatus\n");
    for (const c of conditions) w.write(1, `${text(c.type, "")} \t${text(c.status, "")} \n`);
  }
  volumesSection(w, list(spec.volumes), "");
  w.write(0, `QoS Class:\t${text(status.qosClass, "") || qosClass(spec)}\n`);
  labelLines(w, "Node-Selectors", spec.nodeSelector);
  tolerationLines(w, list(spec.tolerations));
}

function describeService(w: DescribeWriter, service: JsonObject, ctx: DescribeContext): void {
  const spec = record(service.spec);
  objectHeader(w, service);
  w.write(0, `Selector:\t${formatLabels(spec.selector)}\n`);
  const type = text(spec.type, "ClusterIP");
  w.write(0, `Type:\t${type}\n`);
  if (text(spec.clusterIP, "") !== "") w.write(0, `IP:\t${text(spec.clusterIP)}\n`);
  for (const p of list(spec.ports)) {
    const name = text(p.name, "<unset>");
    const protocol = text(p.protocol, "TCP");
    w.write(0, `Port:\t${name}\t${num(p.port)}/${protocol}\n`);
    w.write(0, `TargetPort:\t${text(p.targetPort ?? p.port, "")}/${protocol}\n`);
    if (typeof p.nodePort === "number") w.write(0, `NodePort:\t${name}\t${p.nodePort}/${protocol}\n`);
    w.write(0, `Endpoints:\t${ctx.endpoints ? ctx.endpoints(text(p.name, "")) : "<none>"}\n`);
  }
  w.write(0, `Session Affinity:\t${text(spec.sessionAffinity, "None")}\n`);
  if (type === "NodePort" || type === "LoadBalancer") w.write(0, `External Traffic Policy:\t${text(spec.externalTrafficPolicy, "Cluster")}\n`);
}

/** printPodTolerationsMultiline: `key=value:effect op=Exists for 300s`. */
function tolerationLines(w: DescribeWriter, tolerations: readonly Json[]): void {
  w.write(0, "Tolerations:\t");
  if (tolerations.length === 0) {
    w.write(0, "<none>\n");
    return;
  }
  tolerations.forEach((t, i) => {
    const key = text(t.key, "");
    const value = text(t.value, "");
    const effect = text(t.effect, "");
    let line = `${i === 0 ? "" : "\t"}${key}${value !== "" ? `=${value}` : ""}${effect !== "" ? `:${effect}` : ""}`;
    if (t.operator === "Exists" && value === "") line += key !== "" || effect !== "" ? " op=Exists" : "op=Exists";
    if (typeof t.tolerationSeconds === "number") line += ` for ${t.tolerationSeconds}s`;
    w.write(0, `${line}\n`);
  });
}

/** The pod's QoS class from its containers' resources (Guaranteed, Burstable, BestEffort). */
function qosClass(spec: Json): string {
  const containers = [...list(spec.initContainers), ...list(spec.containers)];
  const resources = containers.map((c) => record(c.resources));
  const any = resources.some((r) => Object.keys(record(r.requests)).length > 0 || Object.keys(record(r.limits)).length > 0);
  if (!any) return "BestEffort";
  const guaranteed = resources.every((r) => {
    const limits = record(r.limits);
    const requests = { ...limits, ...record(r.requests) };
    return ["cpu", "memory"].every((k) => limits[k] !== undefined && String(requests[k]) === String(limits[k]));
  });
  return guaranteed ? "Guaranteed" : "Burstable";
}

/** ReadWriteOnce → RWO, as kubectl prints access modes. */
function accessModeShort(mode: string): string {
  const short: Record<string, string> = { ReadWriteOnce: "RWO", ReadOnlyMany: "ROX", ReadWriteMany: "RWX", ReadWriteOncePod: "RWOP" };
  return short[mode] ?? mode;
}

function indentJson(value: Json): string {
  return JSON.stringify(value, null, 2)
    .split("\n")
    .slice(1, -1)
    .map((l) => `${l}\n`)
    .join("");
}
