import type { JsonObject } from "../json.js";
import { childObject, childObjects, ensureObject, setDefault } from "./mutate.js";
import { defaultPodTemplate } from "./pod-spec.js";

/** apps/v1 Deployment (SetDefaults_Deployment). */
export function defaultDeployment(deployment: JsonObject): void {
  const spec = ensureObject(deployment, "spec");
  if (!spec) return;
  setDefault(spec, "replicas", 1);
  const strategy = ensureObject(spec, "strategy");
  if (strategy) {
    setDefault(strategy, "type", "RollingUpdate");
    if (strategy.type === "RollingUpdate") {
      const rollingUpdate = ensureObject(strategy, "rollingUpdate");
      if (rollingUpdate) {
        setDefault(rollingUpdate, "maxUnavailable", "25%");
        setDefault(rollingUpdate, "maxSurge", "25%");
      }
    }
  }
  setDefault(spec, "revisionHistoryLimit", 10);
  setDefault(spec, "progressDeadlineSeconds", 600);
  defaultPodTemplate(childObject(spec, "template"), { restartPolicy: true });
}

/** apps/v1 ReplicaSet: replicas 1 (in apps/v1 neither selector nor labels come from the template). */
export function defaultReplicaSet(replicaSet: JsonObject): void {
  const spec = ensureObject(replicaSet, "spec");
  if (!spec) return;
  setDefault(spec, "replicas", 1);
  defaultPodTemplate(childObject(spec, "template"), { restartPolicy: true });
}

/** apps/v1 DaemonSet (SetDefaults_DaemonSet). */
export function defaultDaemonSet(daemonSet: JsonObject): void {
  const spec = ensureObject(daemonSet, "spec");
  if (!spec) return;
  const strategy = ensureObject(spec, "updateStrategy");
  if (strategy) {
    setDefault(strategy, "type", "RollingUpdate");
    if (strategy.type === "RollingUpdate") {
      const rollingUpdate = ensureObject(strategy, "rollingUpdate");
      if (rollingUpdate) {
        setDefault(rollingUpdate, "maxUnavailable", 1);
        setDefault(rollingUpdate, "maxSurge", 0);
      }
    }
  }
  setDefault(spec, "revisionHistoryLimit", 10);
  defaultPodTemplate(childObject(spec, "template"), { restartPolicy: true });
}

/**
 * apps/v1 StatefulSet (SetDefaults_StatefulSet). Note the apiserver's quirk: rollingUpdate (and so
 * partition and maxUnavailable) is only filled in when the strategy type was defaulted too; an
 * explicit `type: RollingUpdate` without rollingUpdate stays without it. maxUnavailable defaults to
 * 1 because MaxUnavailableStatefulSet is beta and on by default in 1.36.
 */
export function defaultStatefulSet(statefulSet: JsonObject): void {
  const spec = ensureObject(statefulSet, "spec");
  if (!spec) return;
  setDefault(spec, "podManagementPolicy", "OrderedReady");
  const strategy = ensureObject(spec, "updateStrategy");
  if (strategy) {
    if (strategy.type === undefined || strategy.type === null || strategy.type === "") {
      strategy.type = "RollingUpdate";
      ensureObject(strategy, "rollingUpdate");
    }
    const rollingUpdate = childObject(strategy, "rollingUpdate");
    if (strategy.type === "RollingUpdate" && rollingUpdate) {
      setDefault(rollingUpdate, "partition", 0);
      setDefault(rollingUpdate, "maxUnavailable", 1);
    }
  }
  const retention = ensureObject(spec, "persistentVolumeClaimRetentionPolicy");
  if (retention) {
    setDefault(retention, "whenDeleted", "Retain");
    setDefault(retention, "whenScaled", "Retain");
  }
  setDefault(spec, "replicas", 1);
  setDefault(spec, "revisionHistoryLimit", 10);
  defaultPodTemplate(childObject(spec, "template"), { restartPolicy: true });
  // Claim templates are PersistentVolumeClaims and get their defaults, including the
  // `status.phase: Pending` that `kubectl get statefulset -o yaml` shows on each of them.
  for (const claim of childObjects(spec, "volumeClaimTemplates")) {
    const claimSpec = ensureObject(claim, "spec");
    if (claimSpec) setDefault(claimSpec, "volumeMode", "Filesystem");
    const status = ensureObject(claim, "status");
    if (status) setDefault(status, "phase", "Pending");
  }
}
