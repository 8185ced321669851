import type { JsonObject } from "../../schema/json.js";
import { controllerOwner } from "../../control/reconciler.js";
import { objectLabels, type Labels } from "../../runtime/labels.js";
import { podmanPodName } from "../../runtime/names.js";
import type { HostAlias, PodSandboxSpec, PortMapping } from "../../runtime/pod-sandbox.js";
import { numberAt, objectAt, objectsAt, podIdentity, podSpecOf, stringAt, stringsAt } from "./pod-fields.js";

/** Where a Pod's sandbox goes: the project and its network, plus labels every object must also carry (tests' transient labels). */
export interface SandboxRuntime {
  project: string;
  network: string;
  /** Added to the pod's labels (never replacing mk's own). */
  labels?: Labels;
}

/**
 * The podman pod for `pod` (the CRI's PodSandboxConfig). Pure. The hostname is spec.hostname or
 * the pod name; the DNS aliases are the pod name and, with hostname and subdomain both set,
 * `<hostname>.<subdomain>` — the name a headless Service gives a StatefulSet pod (`web-0.nginx`).
 * Every container port with a hostPort is published on the host.
 */
export function podSandboxSpec(pod: JsonObject, runtime: SandboxRuntime): PodSandboxSpec {
  const id = podIdentity(pod);
  const spec = podSpecOf(pod);
  const name = podmanPodName(runtime.project, id.namespace, id.name);
  const labels = {
    ...(runtime.labels ?? {}),
    ...objectLabels(runtime.project, { uid: id.uid, namespace: id.namespace, name: id.name, kind: "Pod", ownerUid: controllerOwner(pod)?.uid }),
  };
  const hostname = stringAt(spec.hostname) ?? id.name;
  const subdomain = stringAt(spec.subdomain);
  const aliases = [id.name];
  if (stringAt(spec.hostname) !== undefined && subdomain !== undefined && subdomain !== "") aliases.push(`${hostname}.${subdomain}`);
  const result: PodSandboxSpec = { name, labels, network: runtime.network, aliases, hostname: truncateHostname(hostname) };
  const ports = hostPorts(spec);
  if (ports.length > 0) result.ports = ports;
  const hostAliases = podHostAliases(spec);
  if (hostAliases.length > 0) result.hostAliases = hostAliases;
  if (spec.shareProcessNamespace === true) result.shareProcessNamespace = true;
  return result;
}

/** Every containerPort with a hostPort, once (two containers cannot publish the same host port anyway). */
export function hostPorts(spec: JsonObject): PortMapping[] {
  const seen = new Set<string>();
  const out: PortMapping[] = [];
  for (const container of objectsAt(spec.containers)) {
    for (const port of objectsAt(container.ports)) {
      const hostPort = numberAt(port.hostPort);
      const containerPort = numberAt(port.containerPort);
      if (hostPort === undefined || hostPort <= 0 || containerPort === undefined) continue;
      const protocol = (stringAt(port.protocol) ?? "TCP") as PortMapping["protocol"];
      const hostIP = stringAt(port.hostIP);
      const key = `${hostIP ?? ""}:${hostPort}/${protocol}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const mapping: PortMapping = { containerPort, hostPort, protocol };
      if (hostIP !== undefined && hostIP !== "") mapping.hostIP = hostIP;
      out.push(mapping);
    }
  }
  return out;
}

function podHostAliases(spec: JsonObject): HostAlias[] {
  return objectsAt(spec.hostAliases)
    .map((a) => ({ ip: stringAt(objectAt(a).ip) ?? "", hostnames: stringsAt(a.hostnames) ?? [] }))
    .filter((a) => a.ip !== "" && a.hostnames.length > 0);
}

/** The kubelet's rule: at most 63 characters, without a trailing `-` or `.` left by the cut. */
export function truncateHostname(hostname: string): string {
  return hostname.length <= 63 ? hostname : hostname.slice(0, 63).replace(/[-.]+$/, "");
}
