import type { JsonObject } from "../../schema/json.js";
import type { ObjectRef } from "../../store/index.js";
import type { ControlContext, ReconcileOutcome, Reconciler } from "../../control/reconciler.js";
import { LABEL, objectLabels, type Labels } from "../../runtime/labels.js";
import { podmanVolumeName } from "../../runtime/names.js";
import type { RuntimeSession } from "../../runtime/session.js";
import { ensureVolume, inspectVolume, removeVolume } from "../../runtime/volumes.js";
import { objectAt, podIdentity, stringAt } from "../pod-spec/pod-fields.js";
import { boundClaimStatus, claimVolumeName, podBlocksClaimRemoval, PVC_PROTECTION_FINALIZER } from "./claim-status.js";
import { referencedNames } from "./users.js";

export interface VolumeBinderOptions {
  session: RuntimeSession;
  /** Added to the labels of the podman volumes it creates (tests' transient labels). */
  labels?: Labels;
  /** How long to wait before checking again a deleted claim still in use, or a failed provisioning (default 5 s). */
  retryMs?: number;
}

const COMPONENT = "persistentvolume-controller";
/** The provisioner named in Events. */
export const PROVISIONER = "mk.io/podman-volume";

/**
 * The PersistentVolumeClaim controller (the binder, a dynamic provisioner and pvc-protection in
 * one): every claim gets the kubernetes.io/pvc-protection finalizer and a labelled podman volume
 * (podmanVolumeName), then status Bound with the requested storage as capacity. A deleted claim
 * stays (Terminating) while a pod that has not finished uses it; then its podman volume — only
 * one carrying the claim's labels — is removed with its data, and the finalizer released.
 * Pod changes wake the claims they name.
 */
export function createVolumeBinder(options: VolumeBinderOptions): Reconciler {
  const retryMs = options.retryMs ?? 5000;
  return {
    name: COMPONENT,
    concurrency: 2,
    // A podman volume removed behind mk's back is made again (empty) rather than left missing.
    resyncMs: 60_000,
    watches: [
      { apiVersion: "v1", kind: "PersistentVolumeClaim" },
      {
        apiVersion: "v1",
        kind: "Pod",
        keys: (pod) => {
          const { namespace } = podIdentity(pod);
          return [...referencedNames(pod, "PersistentVolumeClaim")].map((name) => ({ apiVersion: "v1", kind: "PersistentVolumeClaim", namespace, name }));
        },
      },
    ],
    async reconcile(key: ObjectRef, ctx: ControlContext): Promise<ReconcileOutcome | void> {
      const claim = await ctx.store.get(key);
      if (!claim) return;
      const metadata = objectAt(claim.metadata);
      const namespace = stringAt(metadata.namespace) ?? "default";
      const name = stringAt(metadata.name) ?? "";
      const uid = stringAt(metadata.uid) ?? "";
      const finalizers = Array.isArray(metadata.finalizers) ? metadata.finalizers.filter((f): f is string => typeof f === "string") : [];
      const volume = podmanVolumeName(options.session.project, namespace, name);
      const selector = objectLabels(options.session.project, { uid, namespace, name, kind: "PersistentVolumeClaim" });
      const involvedObject = { apiVersion: "v1", kind: "PersistentVolumeClaim", namespace, name, uid };

      if (metadata.deletionTimestamp !== undefined) {
        if (!finalizers.includes(PVC_PROTECTION_FINALIZER)) return;
        const pods = await ctx.store.list({ apiVersion: "v1", kind: "Pod", namespace });
        const users = pods.items.filter((p) => podBlocksClaimRemoval(p, namespace, name));
        if (users.length > 0) {
          ctx.log(`${COMPONENT}: claim ${namespace}/${name} is in use by ${users.map((p) => podIdentity(p).name).join(", ")}`);
          return { requeueAfterMs: retryMs };
        }
        const removed = await removeVolume(options.session.podman, volume, { [LABEL.project]: selector[LABEL.project], [LABEL.uid]: uid, [LABEL.kind]: "PersistentVolumeClaim" });
        if (!removed.ok && removed.error.kind !== "not-owned") {
          await ctx.recordEvent({ involvedObject, type: "Warning", reason: "VolumeFailedDelete", message: removed.error.message, source: { component: COMPONENT } });
          return { requeueAfterMs: retryMs };
        }
        await ctx.store.update({ ...claim, metadata: { ...metadata, finalizers: finalizers.filter((f) => f !== PVC_PROTECTION_FINALIZER) } });
        return;
      }

      let current = claim;
      if (!finalizers.includes(PVC_PROTECTION_FINALIZER)) {
        current = await ctx.store.update({ ...claim, metadata: { ...metadata, finalizers: [...finalizers, PVC_PROTECTION_FINALIZER] } });
      }
      const wasBound = stringAt(objectAt(current.status).phase) === "Bound";
      const lost = wasBound && !(await inspectVolume(options.session.podman, volume)).ok;
      const made = await ensureVolume(options.session.podman, volume, { ...(options.labels ?? {}), ...selector });
      if (!made.ok) {
        const storageClass = stringAt(objectAt(current.spec).storageClassName);
        const prefix = storageClass ? `Failed to provision volume with StorageClass "${storageClass}"` : "Failed to provision volume";
        await ctx.recordEvent({ involvedObject, type: "Warning", reason: "ProvisioningFailed", message: `${prefix}: ${made.error.message}`, source: { component: COMPONENT } });
        return { requeueAfterMs: retryMs };
      }
      if (lost) {
        await ctx.recordEvent({ involvedObject, type: "Warning", reason: "VolumeMissing", message: `podman volume ${volume} was removed outside of mk; a new, empty one was made`, source: { component: COMPONENT } });
      }
      const status = boundClaimStatus(current);
      if (JSON.stringify(status) !== JSON.stringify(objectAt(current.status))) {
        await ctx.store.updateStatus({ ...current, status });
      }
      if (!wasBound) {
        await ctx.recordEvent({ involvedObject, type: "Normal", reason: "ProvisioningSucceeded", message: `Successfully provisioned volume ${claimVolumeName(current)} using ${PROVISIONER}`, source: { component: COMPONENT } });
      }
    },
  };
}
