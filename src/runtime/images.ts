import { field, records, stringList, stringMap, text } from "./json-read.js";
import { runJson, type Podman } from "./podman.js";
import { failure, runtimeError, success, type PodmanError, type RuntimeResult } from "./podman-error.js";
import { TIMEOUTS } from "./timeouts.js";

/** Kubernetes' imagePullPolicy. */
export type PullPolicy = "Always" | "IfNotPresent" | "Never";

export interface ImageInfo {
  id: string;
  tags: string[];
  labels: Record<string, string>;
}

/** The local image, or a "not-found" error when it is not in local storage. */
export async function inspectImage(podman: Podman, ref: string): Promise<RuntimeResult<ImageInfo>> {
  const call = { args: ["image", "inspect", "--format", "json", ref], timeoutMs: TIMEOUTS.query };
  const r = await runJson(podman, call);
  if (!r.ok) {
    if (r.error.kind === "image-not-present" || r.error.kind === "not-found") {
      return failure(runtimeError("not-found", `image ${ref} is not in local storage`, call.args, r.error.detail));
    }
    return r;
  }
  const found = records(r.value)[0];
  if (!found) return failure(runtimeError("not-found", `image ${ref} is not in local storage`, call.args));
  return success({ id: text(found.Id), tags: stringList(found.RepoTags), labels: stringMap(field(found, "Labels") ?? field(found, "Config", "Labels")) });
}

export async function imageExists(podman: Podman, ref: string): Promise<RuntimeResult<boolean>> {
  const r = await podman.run({ args: ["image", "exists", ref], timeoutMs: TIMEOUTS.query, exitCodeIsResult: true });
  return r.ok ? success(r.value.exitCode === 0) : r;
}

/** Pulls `ref` from its registry; a failure is an "image-pull-failed" error naming the image. */
export async function pullImage(podman: Podman, ref: string, timeoutMs: number = TIMEOUTS.pull): Promise<RuntimeResult<void>> {
  const r = await podman.run({ args: ["pull", "--quiet", ref], timeoutMs, image: ref });
  if (r.ok) return success(undefined);
  if (r.error.kind === "image-pull-failed" || r.error.kind === "podman-missing") return r;
  // Any other failure of a pull (timeout, not-found from the registry, ...) is still a pull failure to the Pod.
  return failure({ ...r.error, kind: "image-pull-failed", image: ref, message: `failed to pull image "${ref}": ${r.error.detail || r.error.message}` });
}

/**
 * Makes the image available as the kubelet does for `policy`: Never uses only local storage,
 * IfNotPresent pulls when missing, Always pulls every time. Returns whether a pull happened.
 */
export async function ensureImage(podman: Podman, ref: string, policy: PullPolicy): Promise<RuntimeResult<{ pulled: boolean }>> {
  if (policy !== "Always") {
    const present = await imageExists(podman, ref);
    if (!present.ok) return present;
    if (present.value) return success({ pulled: false });
    if (policy === "Never") {
      return failure({ ...runtimeError("image-not-present", `image "${ref}" is not present on this machine and imagePullPolicy is Never`, ["image", "exists", ref]), image: ref });
    }
  }
  const pulled = await pullImage(podman, ref);
  return pulled.ok ? success({ pulled: true }) : pulled;
}

/** A container's waiting state in Kubernetes terms, for a failure to get its image. */
export interface ImageWaitingReason {
  reason: "ErrImagePull" | "ErrImageNeverPull" | "InvalidImageName";
  message: string;
}

/**
 * The Pod status a failed image step becomes (the kubelet's reasons and messages); undefined
 * for errors that are not about the image. The pod controller turns repeated ErrImagePull into
 * ImagePullBackOff with its back-off.
 */
export function imageWaitingReason(error: PodmanError): ImageWaitingReason | undefined {
  const image = error.image ?? "";
  if (error.kind === "image-not-present") {
    return { reason: "ErrImageNeverPull", message: `Container image "${image}" is not present with pull policy of Never` };
  }
  if (error.kind !== "image-pull-failed") return undefined;
  if (/invalid reference format|repository name must/i.test(error.detail)) {
    return { reason: "InvalidImageName", message: `Failed to apply default image tag "${image}": couldn't parse image reference "${image}": ${error.detail}` };
  }
  return { reason: "ErrImagePull", message: `Failed to pull image "${image}": ${error.detail || error.message}` };
}
