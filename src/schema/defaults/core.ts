import type { JsonObject } from "../json.js";
import { childObject, childObjects, ensureObject, isUnset, setDefault } from "./mutate.js";
import { defaultPodOnly, defaultPodSpec, defaultPodTemplate } from "./pod-spec.js";

/** Kubernetes' default for sessionAffinity ClientIP: three hours. */
const defaultClientIPAffinitySeconds = 10800;

/** v1 Pod: the PodSpec defaults plus what only a bare Pod gets. */
export function defaultPod(pod: JsonObject): void {
  const spec = childObject(pod, "spec");
  if (!spec) return;
  defaultPodSpec(spec, { restartPolicy: true });
  defaultPodOnly(spec);
}

/** v1 ReplicationController: replicas 1; selector and metadata.labels from the template labels. */
export function defaultReplicationController(rc: JsonObject): void {
  const spec = ensureObject(rc, "spec");
  if (!spec) return;
  const template = childObject(spec, "template");
  const labels = childObject(childObject(template, "metadata"), "labels");
  if (labels) {
    if (isEmptyMap(spec.selector)) spec.selector = structuredClone(labels);
    const metadata = ensureObject(rc, "metadata");
    if (metadata && isEmptyMap(metadata.labels)) metadata.labels = structuredClone(labels);
  }
  setDefault(spec, "replicas", 1);
  defaultPodTemplate(template, { restartPolicy: true });
}

function isEmptyMap(value: JsonObject[string] | undefined): boolean {
  return isUnset(value) || (typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length === 0);
}

/**
 * v1 Service. Besides the apiserver's defaulting (type, sessionAffinity, protocol, targetPort,
 * traffic policies) mk records the IP family choice the apiserver's registry makes on a
 * single-stack IPv4 cluster (ipFamilyPolicy SingleStack, ipFamilies [IPv4]): mk serves Services on
 * one host's IPv4 podman network, and recording them keeps stored and desired objects alike.
 * clusterIP/clusterIPs are allocated, not defaulted: the store assigns them, and the planner treats
 * them as server-set when the configuration leaves them out.
 */
export function defaultService(service: JsonObject): void {
  const spec = ensureObject(service, "spec");
  if (!spec) return;
  setDefault(spec, "sessionAffinity", "None");
  if (spec.sessionAffinity === "None") delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === "ClientIP") {
    const config = ensureObject(spec, "sessionAffinityConfig");
    const clientIP = config && ensureObject(config, "clientIP");
    if (clientIP) setDefault(clientIP, "timeoutSeconds", defaultClientIPAffinitySeconds);
  }
  setDefault(spec, "type", "ClusterIP");
  for (const port of childObjects(spec, "ports")) {
    setDefault(port, "protocol", "TCP");
    if (isUnset(port.targetPort) || port.targetPort === 0 || port.targetPort === "") {
      if (typeof port.port === "number") port.targetPort = port.port;
    }
  }
  const type = spec.type;
  const externallyReachable = type === "NodePort" || type === "LoadBalancer";
  if (externallyReachable) setDefault(spec, "externalTrafficPolicy", "Cluster");
  if (type === "ClusterIP" || externallyReachable) setDefault(spec, "internalTrafficPolicy", "Cluster");
  if (type === "LoadBalancer") setDefault(spec, "allocateLoadBalancerNodePorts", true);
  if (type !== "ExternalName") {
    setDefault(spec, "ipFamilyPolicy", "SingleStack");
    // RequireDualStack cannot be met by a single-stack network; leave its families to the store,
    // which rejects it, rather than record a family list the policy contradicts.
    if (spec.ipFamilyPolicy !== "RequireDualStack") setDefault(spec, "ipFamilies", ["IPv4"]);
  }
}

/** v1 PersistentVolumeClaim: volumeMode Filesystem (status is the controller's, not defaulted here). */
export function defaultPersistentVolumeClaim(claim: JsonObject): void {
  const spec = ensureObject(claim, "spec");
  if (spec) setDefault(spec, "volumeMode", "Filesystem");
}

/** v1 Secret: type Opaque. */
export function defaultSecret(secret: JsonObject): void {
  setDefault(secret, "type", "Opaque");
}

/**
 * v1 Namespace: the apiserver labels every named Namespace with `kubernetes.io/metadata.name`
 * (it sets the label even over a user's value, so that label selectors can pick namespaces by name).
 */
export function defaultNamespace(namespace: JsonObject): void {
  const metadata = childObject(namespace, "metadata");
  const name = metadata?.name;
  if (!metadata || typeof name !== "string" || name === "") return;
  const labels = ensureObject(metadata, "labels");
  if (labels) labels["kubernetes.io/metadata.name"] = name;
}
