/** The running container a probe or a lifecycle handler acts on. */
export interface ProbeTarget {
  podUid: string;
  /** The container's name in the pod spec. */
  containerName: string;
  /** podman's name (or id) of the container: exec runs there. */
  podmanContainer: string;
  /** The pod's address on mk's network: httpGet and tcpSocket connect there from the host. */
  podIP: string;
  /** The container's ports, so that a probe's port may be a port name. */
  ports: readonly { name?: string; containerPort: number }[];
  /** The pod, for messages in Kubernetes' form (`Pod "web_default(uid)"`). */
  pod?: { namespace: string; name: string };
}

/** `web_default(3f2a...)`: how the kubelet names a pod in messages (format.Pod). */
export function podForMessages(target: ProbeTarget): string {
  return target.pod ? `${target.pod.name}_${target.pod.namespace}(${target.podUid})` : `(${target.podUid})`;
}
