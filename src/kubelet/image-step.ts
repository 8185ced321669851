import { imageExists, imageWaitingReason, pullImage } from "../runtime/images.js";
import type { Podman } from "../runtime/podman.js";
import { isInBackOffSinceUpdate, nextBackoff, remainingBackoffMs, type BackoffPolicy } from "./backoff.js";
import type { ContainerMemory } from "./pod-memory.js";

/**
 * Getting a container's image as the kubelet's image manager does: Never uses only what is on
 * the machine (ErrImageNeverPull), IfNotPresent pulls when missing, Always pulls every time; a
 * failed pull is ErrImagePull and then ImagePullBackOff until its back-off has passed.
 */
export type ImageOutcome = { ok: true } | { ok: false; retryAfterMs: number };

export interface ImageEvent {
  type: "Normal" | "Warning";
  reason: string;
  message: string;
}

/** Images known to be in local storage (a failed create with "image not known" forgets one). */
export class PresentImages {
  private readonly present = new Set<string>();
  has(image: string): boolean {
    return this.present.has(image);
  }
  add(image: string): void {
    this.present.add(image);
  }
  forget(image: string): void {
    this.present.delete(image);
  }
}

export async function ensureContainerImage(
  podman: Podman,
  request: { image: string; policy: "Always" | "IfNotPresent" | "Never"; memory: ContainerMemory; backoff: BackoffPolicy; nowMs: () => number; present: PresentImages },
  record: (e: ImageEvent) => Promise<void>,
): Promise<ImageOutcome> {
  const { image, policy, memory, backoff, present } = request;
  if (policy !== "Always") {
    let here = present.has(image);
    if (!here) {
      const exists = await imageExists(podman, image);
      here = exists.ok && exists.value;
      if (here) present.add(image);
    }
    if (here) {
      memory.pullBackoff = undefined;
      await record({ type: "Normal", reason: "Pulled", message: `Container image "${image}" already present on machine` });
      return { ok: true };
    }
    if (policy === "Never") {
      const message = `Container image "${image}" is not present with pull policy of Never`;
      memory.waiting = { reason: "ErrImageNeverPull", message };
      await record({ type: "Warning", reason: "ErrImageNeverPull", message });
      await record({ type: "Warning", reason: "Failed", message: "Error: ErrImageNeverPull" });
      return { ok: false, retryAfterMs: backoff.baseMs };
    }
  }
  const now = request.nowMs();
  if (isInBackOffSinceUpdate(memory.pullBackoff, backoff, now)) {
    memory.waiting = { reason: "ImagePullBackOff", message: `Back-off pulling image "${image}"` };
    await record({ type: "Normal", reason: "BackOff", message: `Back-off pulling image "${image}"` });
    await record({ type: "Warning", reason: "Failed", message: "Error: ImagePullBackOff" });
    return { ok: false, retryAfterMs: Math.max(1, remainingBackoffMs(memory.pullBackoff, memory.pullBackoff?.lastUpdateMs ?? now, now)) };
  }
  await record({ type: "Normal", reason: "Pulling", message: `Pulling image "${image}"` });
  const started = request.nowMs();
  const pulled = await pullImage(podman, image);
  if (pulled.ok) {
    memory.pullBackoff = undefined;
    present.add(image);
    const seconds = ((request.nowMs() - started) / 1000).toFixed(3).replace(/\.?0+$/, "");
    await record({ type: "Normal", reason: "Pulled", message: `Successfully pulled image "${image}" in ${seconds}s` });
    return { ok: true };
  }
  const waiting = imageWaitingReason(pulled.error) ?? { reason: "ErrImagePull", message: `Failed to pull image "${image}": ${pulled.error.message}` };
  memory.waiting = { reason: waiting.reason, message: waiting.message };
  memory.pullBackoff = nextBackoff(memory.pullBackoff, backoff, request.nowMs());
  await record({ type: "Warning", reason: "Failed", message: waiting.message });
  await record({ type: "Warning", reason: "Failed", message: `Error: ${waiting.reason}` });
  return { ok: false, retryAfterMs: memory.pullBackoff.backoffMs };
}
