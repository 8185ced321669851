/**
 * Pods and containers made directly with the runtime primitives for the probe and hook
 * end-to-end tests (no pod worker needed): a sandbox on the run's network and started containers.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import type { E2eRuntime } from "../../e2e-support/podman-fixture.js";
import { containerLabels, objectLabels, type MkObjectRef } from "../../../src/runtime/labels.js";
import { podmanContainerName, podmanPodName } from "../../../src/runtime/names.js";
import { createPodSandbox, podIP } from "../../../src/runtime/pod-sandbox.js";
import { createContainer, inspectContainer, startContainer } from "../../../src/runtime/containers.js";
import type { ContainerSpec } from "../../../src/runtime/container-spec.js";
import type { RuntimeResult } from "../../../src/runtime/podman-error.js";
import type { ProbeTarget } from "../../../src/kubelet/probes/probe-target.js";

export function unwrap<T>(r: RuntimeResult<T>, what: string): T {
  if (!r.ok) assert.fail(`${what}: ${r.error.kind}: ${r.error.message}`);
  return r.value;
}

export interface E2ePod {
  ref: MkObjectRef;
  podName: string;
  ip: string;
  /** Creates and starts a container; returns its probe target and start time. */
  run(name: string, spec: Omit<ContainerSpec, "name" | "pod" | "labels">, ports?: ProbeTarget["ports"]): Promise<ProbeTarget & { startedAt: Date }>;
}

export async function makePod(rt: E2eRuntime, name: string): Promise<E2ePod> {
  const ref: MkObjectRef = { uid: randomUUID(), namespace: "default", name, kind: "Pod" };
  const podName = podmanPodName(rt.project, ref.namespace, name);
  unwrap(
    await createPodSandbox(rt.podman, { name: podName, labels: { ...rt.labels, ...objectLabels(rt.project, ref) }, network: rt.network, aliases: [name], hostname: name }),
    `create pod ${name}`,
  );
  const ip = unwrap(await podIP(rt.podman, podName, rt.network), `ip of ${name}`);
  return {
    ref,
    podName,
    ip,
    async run(container, spec, ports = []) {
      const podmanName = podmanContainerName(podName, container);
      const id = unwrap(
        await createContainer(rt.podman, { ...spec, name: podmanName, pod: podName, labels: { ...rt.labels, ...containerLabels(rt.project, ref, container) } }),
        `create ${container}`,
      );
      unwrap(await startContainer(rt.podman, id), `start ${container}`);
      const inspected = unwrap(await inspectContainer(rt.podman, id), `inspect ${container}`);
      return {
        podUid: ref.uid,
        containerName: container,
        podmanContainer: podmanName,
        podIP: ip,
        ports,
        pod: { namespace: ref.namespace, name },
        startedAt: inspected.startedAt ?? new Date(),
      };
    },
  };
}
