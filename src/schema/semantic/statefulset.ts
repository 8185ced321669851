import type { FieldPath } from "../../diag/span.js";
import type { JsonObject } from "../json.js";
import { dns1123LabelProblems } from "../names.js";
import { SemanticCode } from "./codes.js";
import { checkIntOrPercent } from "./int-or-percent.js";
import { IssueList } from "./issue-list.js";
import { intOrStringField, numberField, objectField, objectItems, stringField } from "./json-access.js";
import { checkTemplateMeta } from "./metadata.js";
import { checkEnum, checkNonNegative } from "./numbers.js";
import { checkClaimSpec } from "./pvc.js";
import { checkSelectorAndTemplate, hasRollingUpdate } from "./workload.js";

/** apps/v1 StatefulSet (ValidateStatefulSetSpec). */
export function checkStatefulSet(object: JsonObject, issues: IssueList): void {
  const spec = objectField(object, "spec");
  checkNonNegative(spec, ["replicas", "minReadySeconds", "revisionHistoryLimit"], ["spec"], issues);
  checkNonNegative(objectField(spec, "ordinals"), ["start"], ["spec", "ordinals"], issues);
  checkEnum(spec, "podManagementPolicy", ["OrderedReady", "Parallel"], ["spec"], issues);
  const retention = objectField(spec, "persistentVolumeClaimRetentionPolicy");
  for (const field of ["whenDeleted", "whenScaled"]) checkEnum(retention, field, ["Retain", "Delete"], ["spec", "persistentVolumeClaimRetentionPolicy"], issues);
  checkUpdateStrategy(objectField(spec, "updateStrategy"), issues);

  // Kubernetes required serviceName until 1.32; the 1.36 API makes it optional, but without a
  // governing headless Service the Pods get no stable DNS names (web-0.nginx).
  if ((stringField(spec, "serviceName") ?? "") === "") {
    issues.warning(SemanticCode.noServiceName, ["spec", "serviceName"], "StatefulSet has no serviceName: its Pods get no stable network identity (per-Pod DNS names)", {
      help: "set serviceName to a headless Service (clusterIP: None) that selects these Pods",
    });
  }

  // Pods are named `<name>-<ordinal>` and labelled with that name; the apiserver does not check it
  // when the StatefulSet is created, but creating the highest-numbered Pod would fail.
  const name = stringField(objectField(object, "metadata"), "name") ?? "";
  const replicas = numberField(spec, "replicas") ?? 1;
  const start = numberField(objectField(spec, "ordinals"), "start") ?? 0;
  const lastPod = `${name}-${start + Math.max(replicas, 1) - 1}`;
  if (name !== "" && lastPod.length > 63) {
    issues.warning(SemanticCode.nameTooLongForChildren, ["metadata", "name"], `the Pod \`${lastPod}\` would have a name longer than 63 characters, which its hostname and \`statefulset.kubernetes.io/pod-name\` label cannot hold`, {
      help: "shorten the StatefulSet name",
    });
  }

  const claimNames = checkClaimTemplates(spec, issues);
  const templateSpec = objectField(objectField(spec, "template"), "spec");
  checkSelectorAndTemplate(spec, { owner: "StatefulSet", runToCompletion: false, extraVolumeNames: claimNames }, issues);
  if (numberField(templateSpec, "terminationGracePeriodSeconds") === 0) {
    issues.warning(SemanticCode.forbiddenInTemplate, ["spec", "template", "spec", "terminationGracePeriodSeconds"], "terminationGracePeriodSeconds 0 is unsafe for a StatefulSet: a Pod may be replaced before the old one has stopped, so two Pods could share one identity", {
      help: "give the Pods time to shut down, e.g. 10 seconds or more",
    });
  }
  checkClaimsMounted(spec, issues);
}

function checkUpdateStrategy(strategy: JsonObject | undefined, issues: IssueList): void {
  const path = ["spec", "updateStrategy"];
  checkEnum(strategy, "type", ["RollingUpdate", "OnDelete"], path, issues);
  const type = stringField(strategy, "type") ?? "RollingUpdate";
  if (type === "OnDelete" && hasRollingUpdate(strategy)) {
    issues.error(SemanticCode.rollingUpdateWithoutType, [...path, "rollingUpdate"], "rollingUpdate is only allowed with updateStrategy type RollingUpdate", {
      help: "remove rollingUpdate, or set `type: RollingUpdate`",
    });
    return;
  }
  const rollingUpdate = objectField(strategy, "rollingUpdate");
  const at = [...path, "rollingUpdate"];
  checkNonNegative(rollingUpdate, ["partition"], at, issues);
  const maxUnavailable = intOrStringField(rollingUpdate, "maxUnavailable");
  const value = checkIntOrPercent(maxUnavailable, [...at, "maxUnavailable"], "maxUnavailable", issues);
  if (value === 0) {
    issues.error(SemanticCode.invalidIntOrPercent, [...at, "maxUnavailable"], "a StatefulSet's maxUnavailable cannot be 0: the update could never replace a Pod", {
      help: "use 1 (the default) to update one Pod at a time",
    });
  }
}

/**
 * The apiserver does not validate volumeClaimTemplates when a StatefulSet is created; the claims
 * are validated when the controller creates one per Pod, which then fails and leaves the Pods
 * pending. So problems here are warnings: the object is accepted, but will not run.
 */
function checkClaimTemplates(spec: JsonObject | undefined, issues: IssueList): Set<string> {
  const names = new Set<string>();
  for (const { item: claim, index } of objectItems(spec, "volumeClaimTemplates")) {
    const path: FieldPath = ["spec", "volumeClaimTemplates", index];
    const metadata = objectField(claim, "metadata");
    const name = stringField(metadata, "name") ?? "";
    const nameProblems = dns1123LabelProblems(name);
    if (name === "") {
      issues.warning(SemanticCode.claimTemplate, [...path, "metadata", "name"], "volume claim template has no name: containers mount it by this name");
    } else if (nameProblems.length > 0) {
      issues.warning(SemanticCode.claimTemplate, [...path, "metadata", "name"], `invalid volume claim template name \`${name}\`: it becomes a volume name, which must be a DNS-1123 label; ${nameProblems[0]}`);
    } else if (names.has(name)) {
      issues.warning(SemanticCode.claimTemplate, [...path, "metadata", "name"], `volume claim template \`${name}\` is defined twice`);
    }
    if (name !== "") names.add(name);
    const claimIssues = new IssueList();
    checkTemplateMeta(metadata, [...path, "metadata"], claimIssues);
    checkClaimSpec(objectField(claim, "spec"), [...path, "spec"], claimIssues);
    for (const issue of claimIssues.issues) {
      issues.warning(issue.code, issue.path, `volume claim template \`${name}\`: ${issue.message}`, {
        label: issue.label,
        help: issue.help,
        notes: [...(issue.notes ?? []), "Kubernetes accepts the StatefulSet, but creating this claim for each Pod fails, so the Pods stay Pending"],
      });
    }
  }
  return names;
}

/** Every claim template is meant to be mounted by at least one container. */
function checkClaimsMounted(spec: JsonObject | undefined, issues: IssueList): void {
  const templateSpec = objectField(objectField(spec, "template"), "spec");
  if (!templateSpec) return;
  const mounted = new Set<string>();
  for (const list of ["containers", "initContainers"]) {
    for (const { item } of objectItems(templateSpec, list)) {
      for (const { item: mount } of objectItems(item, "volumeMounts")) {
        const name = stringField(mount, "name");
        if (name) mounted.add(name);
      }
    }
  }
  for (const { item: claim, index } of objectItems(spec, "volumeClaimTemplates")) {
    const name = stringField(objectField(claim, "metadata"), "name") ?? "";
    if (name !== "" && !mounted.has(name)) {
      issues.warning(SemanticCode.claimTemplate, ["spec", "volumeClaimTemplates", index, "metadata", "name"], `volume claim template \`${name}\` is not mounted by any container`, {
        help: `add a volumeMount with \`name: ${name}\` to the container that uses it`,
      });
    }
  }
}
