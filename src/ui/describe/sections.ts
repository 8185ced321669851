/**
 * The parts kubectl describe prints for many kinds, in its words and order (k8s.io/kubectl
 * pkg/describe): labels and annotations, the pod template with its containers and volumes,
 * conditions, and the Events table. Each writes through a DescribeWriter, as kubectl's describers
 * write through their tabwriter.
 */
import type { JsonObject } from "../../schema/json.js";
import { formatAge, formatRfc1123z } from "../../store/clock.js";
import { formatDuration } from "../../apply/follow.js";
import type { DescribeWriter } from "./tab-writer.js";
import { list, num, record, type Json } from "../json-fields.js";

/** A field as kubectl prints it: strings and numbers as they are, `none` when absent or empty. */
export const text = (v: unknown, none = "<none>"): string => (typeof v === "string" && v !== "" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : none);
/** Go's printBool. */
export const goBool = (v: unknown): string => (v === true ? "True" : "False");

/** A stored RFC 3339 time as kubectl prints it (`Mon, 07 Dec 2026 16:31:29 +0000`). */
export function describeTime(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : formatRfc1123z(date);
}

/** printLabelsMultiline: one `key=value` per line, keys sorted, `<none>` when empty. */
export function labelLines(w: DescribeWriter, title: string, labels: unknown): void {
  const keys = Object.keys(record(labels)).sort();
  w.write(0, `${title}:\t`);
  if (keys.length === 0) {
    w.write(0, "<none>\n");
    return;
  }
  keys.forEach((key, i) => w.write(0, `${i === 0 ? "" : "\t"}${key}=${String(record(labels)[key])}\n`));
}

const MAX_ANNOTATION = 140;

/** printAnnotationsMultiline: `key: value`; a long or multi-line value goes below its key, shortened. */
export function annotationLines(w: DescribeWriter, title: string, annotations: unknown): void {
  const map = record(annotations);
  const keys = Object.keys(map).sort();
  w.write(0, `${title}:\t`);
  if (keys.length === 0) {
    w.write(0, "<none>\n");
    return;
  }
  keys.forEach((key, i) => {
    if (i !== 0) w.write(0, "\t");
    const value = String(map[key]).replace(/\n$/, "");
    if (value.length + key.length + 2 > MAX_ANNOTATION || value.includes("\n")) {
      w.write(0, `${key}:\n`);
      for (const line of value.split("\n")) w.write(0, `\t  ${line.length > MAX_ANNOTATION - 2 ? `${line.slice(0, MAX_ANNOTATION - 2)}...` : line}\n`);
    } else {
      w.write(0, `${key}: ${value}\n`);
    }
  });
}

/** Name, Namespace and (where kubectl shows it) CreationTimestamp, then Labels and Annotations. */
export function objectHeader(w: DescribeWriter, object: JsonObject, options: { created?: boolean; between?: () => void } = {}): void {
  const meta = record(object.metadata);
  w.write(0, `Name:\t${text(meta.name, "")}\n`);
  if (meta.namespace !== undefined) w.write(0, `Namespace:\t${text(meta.namespace, "")}\n`);
  const created = options.created ? describeTime(meta.creationTimestamp) : undefined;
  if (created) w.write(0, `CreationTimestamp:\t${created}\n`);
  options.between?.();
  labelLines(w, "Labels", meta.labels);
  annotationLines(w, "Annotations", meta.annotations);
}

/** printController: `Kind/name` of the controller owner, if any. */
export function controlledBy(object: JsonObject): string | undefined {
  const owner = list(record(object.metadata).ownerReferences).find((r) => r.controller === true);
  return owner ? `${text(owner.kind, "")}/${text(owner.name, "")}` : undefined;
}

/** labels.FormatLabels: `a=b,c=d` in sorted order, `<none>` when empty. */
export function formatLabels(map: unknown): string {
  const entries = Object.entries(record(map)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.length > 0 ? entries.map(([k, v]) => `${k}=${String(v)}`).join(",") : "<none>";
}

/** `3 Running / 0 Waiting / 0 Succeeded / 0 Failed` of the pods a workload selects. */
export function podCounts(pods: readonly JsonObject[]): string {
  const count = (phase: string): number => pods.filter((p) => record(p.status).phase === phase).length;
  return `${count("Running")} Running / ${count("Pending")} Waiting / ${count("Succeeded")} Succeeded / ${count("Failed")} Failed`;
}

/** DescribePodTemplate. */
export function podTemplateSection(w: DescribeWriter, template: Json): void {
  w.write(0, "Pod Template:\n");
  const meta = record(template.metadata);
  const spec = record(template.spec);
  labelLines(w, "  Labels", meta.labels);
  if (Object.keys(record(meta.annotations)).length > 0) annotationLines(w, "  Annotations", meta.annotations);
  if (typeof spec.serviceAccountName === "string" && spec.serviceAccountName !== "") w.write(1, `Service Account:\t${spec.serviceAccountName}\n`);
  if (list(spec.initContainers).length > 0) containersSection(w, "Init Containers", list(spec.initContainers), undefined, "  ");
  containersSection(w, "Containers", list(spec.containers), undefined, "  ");
  volumesSection(w, list(spec.volumes), "  ");
}

/**
 * describeContainers. `statuses` for a Pod (then the state, readiness and restarts show too, and
 * fieldRef variables show their values); undefined for a template.
 */
export function containersSection(w: DescribeWriter, title: string, containers: readonly Json[], pod: JsonObject | undefined, space: string): void {
  w.write(0, `${space}${title}:\n`);
  const status = record(pod?.status);
  const statuses = [...list(status.initContainerStatuses), ...list(status.containerStatuses)];
  for (const c of containers) {
    const s = pod ? statuses.find((x) => x.name === c.name) : undefined;
    w.write(1, `${space === "" ? "" : " "}${text(c.name, "")}:\n`);
    if (s) w.write(2, `Container ID:\t${text(s.containerID, "")}\n`);
    w.write(2, `Image:\t${text(c.image, "")}\n`);
    if (s) w.write(2, `Image ID:\t${text(s.imageID, "")}\n`);
    const ports = list(c.ports);
    const portText = ports.map((p) => `${text(p.containerPort, "0")}/${text(p.protocol, "TCP")}`).join(", ");
    w.write(2, portText.includes(",") ? `Ports:\t${portText}\n` : `Port:\t${portText || "<none>"}\n`);
    const hostPorts = ports.map((p) => `${text(p.hostPort, "0")}/${text(p.protocol, "TCP")}`).join(", ");
    w.write(2, hostPorts.includes(",") ? `Host Ports:\t${hostPorts}\n` : `Host Port:\t${hostPorts || "<none>"}\n`);
    for (const [label, key] of [["Command", "command"], ["Args", "args"]] as const) {
      const parts = Array.isArray(c[key]) ? (c[key] as unknown[]).map(String) : [];
      if (parts.length === 0) continue;
      w.write(2, `${label}:\n`);
      for (const part of parts) for (const line of part.split("\n")) w.write(3, `${line}\n`);
    }
    if (s) {
      containerState(w, "State", record(s.state));
      if (Object.keys(record(record(s.lastState).terminated)).length > 0) containerState(w, "Last State", record(s.lastState));
      w.write(2, `Ready:\t${goBool(s.ready)}\n`);
      w.write(2, `Restart Count:\t${num(s.restartCount)}\n`);
    }
    const resources = record(c.resources);
    for (const [label, key] of [["Limits", "limits"], ["Requests", "requests"]] as const) {
      const names = Object.keys(record(resources[key])).sort();
      if (names.length === 0) continue;
      w.write(2, `${label}:\n`);
      for (const name of names) w.write(3, `${name}:\t${String(record(resources[key])[name])}\n`);
    }
    for (const [label, key] of [["Liveness", "livenessProbe"], ["Readiness", "readinessProbe"], ["Startup", "startupProbe"]] as const) {
      if (c[key] !== undefined) w.write(2, `${label}:\t${describeProbe(record(c[key]))}\n`);
    }
    if (list(c.envFrom).length > 0) envFromLines(w, list(c.envFrom));
    envLines(w, c, pod);
    mountLines(w, list(c.volumeMounts));
  }
}

/** describeStatus: Running / Waiting / Terminated with the details kubectl shows for each. */
function containerState(w: DescribeWriter, title: string, state: Json): void {
  if (state.running !== undefined) {
    w.write(2, `${title}:\tRunning\n`);
    w.write(3, `Started:\t${describeTime(record(state.running).startedAt) ?? ""}\n`);
  } else if (state.terminated !== undefined) {
    const t = record(state.terminated);
    w.write(2, `${title}:\tTerminated\n`);
    if (text(t.reason, "") !== "") w.write(3, `Reason:\t${text(t.reason)}\n`);
    if (text(t.message, "") !== "") w.write(3, `Message:\t${text(t.message)}\n`);
    w.write(3, `Exit Code:\t${num(t.exitCode)}\n`);
    if (num(t.signal) > 0) w.write(3, `Signal:\t${num(t.signal)}\n`);
    w.write(3, `Started:\t${describeTime(t.startedAt) ?? ""}\n`);
    w.write(3, `Finished:\t${describeTime(t.finishedAt) ?? ""}\n`);
  } else {
    w.write(2, `${title}:\tWaiting\n`);
    const reason = text(record(state.waiting).reason, "");
    if (reason !== "") w.write(3, `Reason:\t${reason}\n`);
  }
}

/** DescribeProbe: `http-get http://:80/ delay=0s timeout=1s period=10s #success=1 #failure=3`. */
export function describeProbe(probe: Json): string {
  const seconds = (v: unknown, fallback: number): string => formatDuration(num(v, fallback) * 1000);
  const attrs = `delay=${seconds(probe.initialDelaySeconds, 0)} timeout=${seconds(probe.timeoutSeconds, 1)} period=${seconds(probe.periodSeconds, 10)} #success=${num(probe.successThreshold, 1)} #failure=${num(probe.failureThreshold, 3)}`;
  if (probe.exec !== undefined) {
    const command = Array.isArray(record(probe.exec).command) ? (record(probe.exec).command as unknown[]).map(String) : [];
    return `exec [${command.join(" ")}] ${attrs}`;
  }
  if (probe.httpGet !== undefined) {
    const h = record(probe.httpGet);
    const path = text(h.path, "");
    return `http-get ${text(h.scheme, "HTTP").toLowerCase()}://${text(h.host, "")}:${text(h.port, "")}${path === "" || path.startsWith("/") ? path : `/${path}`} ${attrs}`;
  }
  if (probe.tcpSocket !== undefined) {
    const t = record(probe.tcpSocket);
    return `tcp-socket ${text(t.host, "")}:${text(t.port, "")} ${attrs}`;
  }
  if (probe.grpc !== undefined) return `grpc <pod>:${text(record(probe.grpc).port, "")} ${text(record(probe.grpc).service, "")} ${attrs}`;
  return `unknown ${attrs}`;
}

function envFromLines(w: DescribeWriter, sources: readonly Json[]): void {
  w.write(2, "Environment Variables from:\n");
  for (const e of sources) {
    const ref = e.configMapRef !== undefined ? record(e.configMapRef) : record(e.secretRef);
    const from = e.configMapRef !== undefined ? "ConfigMap" : "Secret";
    const prefix = text(e.prefix, "");
    w.write(3, `${text(ref.name, "")}\t${from}${prefix === "" ? "" : ` with prefix '${prefix}'`}\tOptional: ${ref.optional === true}\n`);
  }
}

/** describeContainerEnvVars: values as written, references in kubectl's words (a Pod's fieldRefs resolved). */
function envLines(w: DescribeWriter, container: Json, pod: JsonObject | undefined): void {
  const env = list(container.env);
  w.write(2, `Environment:${env.length === 0 ? "\t<none>" : ""}\n`);
  for (const e of env) {
    const name = text(e.name, "");
    const from = record(e.valueFrom);
    if (e.valueFrom === undefined) {
      text(e.value, "")
        .split("\n")
        .forEach((line, i) => w.write(3, i === 0 ? `${name}:\t${line}\n` : `\t${line}\n`));
    } else if (from.fieldRef !== undefined) {
      const ref = record(from.fieldRef);
      w.write(3, `${name}:\t${pod ? fieldValue(pod, text(ref.fieldPath, "")) : ""} (${text(ref.apiVersion, "v1")}:${text(ref.fieldPath, "")})\n`);
    } else if (from.resourceFieldRef !== undefined) {
      const resource = text(record(from.resourceFieldRef).resource, "");
      const [part, key] = resource.split(".");
      const value = text(record(record(container.resources)[part])[key ?? ""], "");
      w.write(3, `${name}:\t${value === "" && part === "limits" ? "node allocatable" : value} (${resource})\n`);
    } else if (from.secretKeyRef !== undefined) {
      const ref = record(from.secretKeyRef);
      w.write(3, `${name}:\t<set to the key '${text(ref.key, "")}' in secret '${text(ref.name, "")}'>\tOptional: ${ref.optional === true}\n`);
    } else if (from.configMapKeyRef !== undefined) {
      const ref = record(from.configMapKeyRef);
      w.write(3, `${name}:\t<set to the key '${text(ref.key, "")}' of config map '${text(ref.name, "")}'>\tOptional: ${ref.optional === true}\n`);
    }
  }
}

/** What a fieldRef reads from a Pod (the paths the downward API offers). */
function fieldValue(pod: JsonObject, path: string): string {
  const meta = record(pod.metadata);
  const label = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (label) return text(record(meta[label[1]])[label[2]], "");
  const fields: Record<string, unknown> = {
    "metadata.name": meta.name,
    "metadata.namespace": meta.namespace,
    "metadata.uid": meta.uid,
    "spec.nodeName": record(pod.spec).nodeName,
    "spec.serviceAccountName": record(pod.spec).serviceAccountName,
    "status.podIP": record(pod.status).podIP,
    "status.hostIP": record(pod.status).hostIP,
  };
  return text(fields[path], "");
}

/** describeContainerVolumes: `/path from name (ro|rw)`, by mount path. */
function mountLines(w: DescribeWriter, mounts: readonly Json[]): void {
  w.write(2, `Mounts:${mounts.length === 0 ? "\t<none>" : ""}\n`);
  const sorted = [...mounts].sort((a, b) => (text(a.mountPath, "") < text(b.mountPath, "") ? -1 : 1));
  for (const m of sorted) {
    const flags = [m.readOnly === true ? "ro" : "rw", ...(text(m.subPath, "") !== "" ? [`path="${text(m.subPath)}"`] : [])];
    w.write(3, `${text(m.mountPath, "")} from ${text(m.name, "")} (${flags.join(",")})\n`);
  }
}

/** describeVolumes: each volume's source in kubectl's words. */
export function volumesSection(w: DescribeWriter, volumes: readonly Json[], space: string): void {
  if (volumes.length === 0) {
    w.write(0, `${space}Volumes:\t<none>\n`);
    return;
  }
  w.write(0, `${space}Volumes:\n`);
  for (const v of volumes) {
    w.write(1, `${space === "" ? "" : " "}${text(v.name, "")}:\n`);
    if (v.hostPath !== undefined) {
      const h = record(v.hostPath);
      w.write(2, `Type:\tHostPath (bare host directory volume)\n    Path:\t${text(h.path, "")}\n    HostPathType:\t${text(h.type, "")}\n`);
    } else if (v.emptyDir !== undefined) {
      const e = record(v.emptyDir);
      w.write(2, `Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t${text(e.medium, "")}\n    SizeLimit:\t${text(e.sizeLimit, "<unset>")}\n`);
    } else if (v.secret !== undefined) {
      const s = record(v.secret);
      w.write(2, `Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t${text(s.secretName, "")}\n    Optional:\t${s.optional === true}\n`);
    } else if (v.configMap !== undefined) {
      const c = record(v.configMap);
      w.write(2, `Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t${text(c.name, "")}\n    Optional:\t${c.optional === true}\n`);
    } else if (v.persistentVolumeClaim !== undefined) {
      const c = record(v.persistentVolumeClaim);
      w.write(2, `Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t${text(c.claimName, "")}\n    ReadOnly:\t${c.readOnly === true}\n`);
    } else if (v.downwardAPI !== undefined) {
      w.write(2, "Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n");
      for (const item of list(record(v.downwardAPI).items)) {
        const source = item.fieldRef !== undefined ? text(record(item.fieldRef).fieldPath, "") : text(record(item.resourceFieldRef).resource, "");
        w.write(0, `      ${source} -> ${text(item.path, "")}\n`);
      }
    } else if (v.projected !== undefined) {
      w.write(2, "Type:\tProjected (a volume that contains injected data from multiple sources)\n");
    } else {
      w.write(2, "Type:\t<unknown>\n");
    }
  }
}

/** A workload's conditions: `Type Status Reason`, with kubectl's header rule. */
export function workloadConditions(w: DescribeWriter, conditions: unknown): void {
  const rows = list(conditions);
  if (rows.length === 0) return;
  w.write(0, "Conditions:\n  Type\tStatus\tReason\n");
  w.write(1, "----\t------\t------\n");
  for (const c of rows) w.write(1, `${text(c.type, "")} \t${text(c.status, "")}\t${text(c.reason, "")}\n`);
}

/** DescribeEvents: flushed first, so the table lines up on its own; oldest first. */
export function eventsSection(w: DescribeWriter, events: readonly JsonObject[], now: Date): void {
  if (events.length === 0) {
    w.write(0, "Events:\t<none>\n");
    return;
  }
  w.flush();
  w.write(0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n");
  w.write(1, "----\t------\t----\t----\t-------\n");
  for (const e of events) {
    const first = text(e.firstTimestamp, "");
    const last = text(e.lastTimestamp, "");
    const count = num(e.count);
    const age = last === "" ? "<unknown>" : count > 1 && first !== "" ? `${formatAge(new Date(last), now)} (x${count} over ${formatAge(new Date(first), now)})` : formatAge(new Date(last), now);
    const source = text(record(e.source).component, "") || text(e.reportingController, "");
    w.write(1, `${text(e.type, "")}\t${text(e.reason, "")}\t${age}\t${source}\t${text(e.message, "").trim()}\n`);
  }
}
