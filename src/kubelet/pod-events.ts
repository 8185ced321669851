import type { EventInput, EventType } from "../store/index.js";
import type { PodIdentity } from "./pod-spec/pod-fields.js";

/** The kubelet's Events about a pod or one of its containers (source component `kubelet`, host = the node). */
export function podEvent(pod: PodIdentity, node: string, type: EventType, reason: string, message: string, container?: { name: string; init: boolean }): EventInput {
  const involvedObject: EventInput["involvedObject"] = { apiVersion: "v1", kind: "Pod", namespace: pod.namespace, name: pod.name, uid: pod.uid };
  if (container) involvedObject.fieldPath = `spec.${container.init ? "initContainers" : "containers"}{${container.name}}`;
  return { involvedObject, type, reason, message, source: { component: "kubelet", host: node } };
}

/** The scheduler's Events (source component `default-scheduler`). */
export function schedulerEvent(pod: PodIdentity, type: EventType, reason: string, message: string): EventInput {
  return {
    involvedObject: { apiVersion: "v1", kind: "Pod", namespace: pod.namespace, name: pod.name, uid: pod.uid },
    type,
    reason,
    message,
    source: { component: "default-scheduler" },
  };
}
