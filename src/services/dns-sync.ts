import type { JsonObject } from "../schema/json.js";
import type { ObjectStore } from "../store/index.js";
import { LABEL, projectSelector } from "../runtime/labels.js";
import { inspectNetworkAttachments, replaceNetworkAliases } from "../runtime/network.js";
import { BridgePinner } from "./bridge-pin.js";
import { listContainers } from "../runtime/observe.js";
import type { RuntimeSession } from "../runtime/session.js";
import { aliasChange, desiredServiceAliases } from "./dns-names.js";
import { podView, serviceView, type PodView } from "./service-model.js";

export interface DnsChange {
  pod: string;
  added: string[];
  removed: string[];
}

export interface DnsSyncReport {
  changes: DnsChange[];
  /** podman failures, as sentences (the sync goes on with the other pods; worth a retry). */
  errors: string[];
  /** Problems a retry would not fix (the bridge's MAC could not be pinned). */
  warnings: string[];
}

/**
 * Makes the Service names on mk's network match the store for one namespace: reads the
 * namespace's Services and Pods, computes each pod's Service aliases (dns-names.ts), reads what
 * podman has (one `ps` and one `inspect` of the running infra containers) and changes only the
 * pods whose aliases differ. Only mk's labelled infra containers of this project are touched.
 */
export async function syncNamespaceDns(session: RuntimeSession, store: ObjectStore, namespace: string, bridge = new BridgePinner(session)): Promise<DnsSyncReport> {
  const report: DnsSyncReport = { changes: [], errors: [], warnings: [] };
  const [services, pods] = await Promise.all([
    store.list({ apiVersion: "v1", kind: "Service", namespace }),
    store.list({ apiVersion: "v1", kind: "Pod", namespace }),
  ]);
  const podViews = pods.items.map(podView);
  const desired = desiredServiceAliases(services.items.map(serviceView), podViews);
  const byUid = new Map(podViews.map((p) => [p.uid, p]));

  const selector = projectSelector(session.project);
  const listed = await listContainers(session.podman, { ...selector, [LABEL.namespace]: namespace, [LABEL.kind]: "Pod" });
  if (!listed.ok) return { ...report, errors: [listed.error.message] };
  const infra = listed.value.filter((c) => c.isInfra && c.state === "running").map((c) => c.id);
  const attachments = await inspectNetworkAttachments(session.podman, infra, session.network);
  if (!attachments.ok) return { ...report, errors: [attachments.error.message] };

  const planned = attachments.value.flatMap((attachment) => {
    if (!attachment.running || attachment.ip === "") return [];
    const uid = attachment.labels[LABEL.uid] ?? "";
    const pod: Pick<PodView, "namespace" | "hostname" | "subdomain" | "name"> = byUid.get(uid) ?? {
      namespace,
      name: attachment.labels[LABEL.name] ?? attachment.containerName,
      hostname: "",
      subdomain: "",
    };
    const change = aliasChange(attachment.aliases, desired.get(uid) ?? new Set(), pod);
    return change ? [{ attachment, pod, change }] : [];
  });
  // Reconnecting changes the bridge's ports, and so do the kubelet's pod starts and deletions:
  // without a pinned MAC the other pods lose the gateway (and DNS). Once the bridge's name is
  // known the check costs no podman call, so it is made on every sync.
  if (planned.length === 0 && !bridge.known) return report;
  const pin = await bridge.pin();
  if (pin) report.warnings.push(pin);
  for (const { attachment, pod, change } of planned) {
    const r = await replaceNetworkAliases(session.podman, attachment, session.network, change.wanted, selector);
    if (!r.ok) report.errors.push(`changing the DNS names of pod ${namespace}/${pod.name} failed: ${r.error.message}`);
    else report.changes.push({ pod: pod.name, added: change.added, removed: change.removed });
  }
  return report;
}

/** The namespace of a stored object ("default" when absent). */
export function namespaceOf(object: JsonObject): string {
  const metadata = object.metadata;
  const ns = metadata && typeof metadata === "object" && !Array.isArray(metadata) ? metadata.namespace : undefined;
  return typeof ns === "string" && ns !== "" ? ns : "default";
}
