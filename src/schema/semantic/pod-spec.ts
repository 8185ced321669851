import { formatFieldPath, type FieldPath } from "../../diag/span.js";
import type { JsonObject } from "../json.js";
import { dns1123LabelProblems, qualifiedNameProblems } from "../names.js";
import { SemanticCode } from "./codes.js";
import { checkContainer, type ContainerList } from "./containers.js";
import type { IssueList } from "./issue-list.js";
import { has, hasObjectItems, numberField, objectField, objectItems, stringField, stringMapField } from "./json-access.js";
import { checkLabels } from "./labels.js";
import { checkResourceRequirements } from "./resources.js";
import { checkVolumes } from "./volumes.js";

export interface PodSpecContext {
  /** A bare Pod (image required, ephemeral containers forbidden on create) or a template. */
  isTemplate: boolean;
  /** Volume names that come from outside the Pod spec (a StatefulSet's claim templates). */
  extraVolumeNames?: ReadonlySet<string>;
}

const restartPolicies = ["Always", "OnFailure", "Never"];
const dnsPolicies = ["ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"];
const tolerationOperators = ["Exists", "Equal"];
const taintEffects = ["NoSchedule", "PreferNoSchedule", "NoExecute"];
const containerLists: ContainerList[] = ["initContainers", "containers", "ephemeralContainers"];
const hostNameFields = ["hostname", "subdomain"];

/** The rules of a v1.PodSpec that a JSON Schema cannot express (pkg/apis/core/validation). */
export function checkPodSpec(spec: JsonObject, path: FieldPath, ctx: PodSpecContext, issues: IssueList): void {
  const volumeNames = checkVolumes(spec, path, issues);
  for (const name of ctx.extraVolumeNames ?? []) volumeNames.add(name);

  if (!hasObjectItems(spec, "containers")) {
    issues.error(SemanticCode.missingContainerPart, [...path, "containers"], "a Pod needs at least one container", {
      help: "add a container with a name and an image",
    });
  }
  if (hasObjectItems(spec, "ephemeralContainers")) {
    issues.error(SemanticCode.forbiddenInTemplate, [...path, "ephemeralContainers"], ctx.isTemplate ? "ephemeral containers are not allowed in a pod template" : "ephemeral containers cannot be set when a Pod is created; add them to a running Pod (kubectl debug)");
  }

  // Container names are unique across all three lists: they name the containers in the runtime.
  const seen = new Map<string, FieldPath>();
  for (const list of containerLists) {
    for (const { item: container, index } of objectItems(spec, list)) {
      const at: FieldPath = [...path, list, index];
      checkContainer(container, at, { list, volumeNames, imageRequired: !ctx.isTemplate }, issues);
      const name = stringField(container, "name");
      if (name === undefined || name === "") continue;
      const first = seen.get(name);
      if (first) {
        issues.error(SemanticCode.duplicateContainerName, [...at, "name"], `container name \`${name}\` is used twice in this Pod (${formatFieldPath(first.slice(path.length))} and ${list}[${index}])`, {
          label: "duplicate container name",
          help: "container names must be unique across containers, initContainers and ephemeralContainers",
        });
      } else {
        seen.set(name, at);
      }
    }
  }
  checkHostPorts(spec, path, issues);

  const restartPolicy = stringField(spec, "restartPolicy");
  if (restartPolicy !== undefined && !restartPolicies.includes(restartPolicy)) {
    issues.error(SemanticCode.restartPolicy, [...path, "restartPolicy"], `unsupported restartPolicy \`${restartPolicy}\`; use Always, OnFailure or Never`);
  }
  const dnsPolicy = stringField(spec, "dnsPolicy");
  if (dnsPolicy !== undefined && !dnsPolicies.includes(dnsPolicy)) {
    issues.error(SemanticCode.unsupportedPodValue, [...path, "dnsPolicy"], `unsupported dnsPolicy \`${dnsPolicy}\`; use ${dnsPolicies.join(", ")}`);
  }
  if (dnsPolicy === "None" && !has(spec, "dnsConfig")) {
    issues.error(SemanticCode.unsupportedPodValue, [...path, "dnsConfig"], "dnsPolicy None needs a dnsConfig (at least one nameserver)");
  }
  const activeDeadline = numberField(spec, "activeDeadlineSeconds");
  if (activeDeadline !== undefined && activeDeadline < 1) {
    issues.error(SemanticCode.notPositive, [...path, "activeDeadlineSeconds"], `activeDeadlineSeconds must be at least 1 (got ${activeDeadline})`);
  }
  const grace = numberField(spec, "terminationGracePeriodSeconds");
  if (grace !== undefined && grace < 0) {
    issues.error(SemanticCode.negativeValue, [...path, "terminationGracePeriodSeconds"], `terminationGracePeriodSeconds must not be negative (got ${grace})`);
  }
  for (const field of hostNameFields) {
    const value = stringField(spec, field);
    const problems = value === undefined || value === "" ? [] : dns1123LabelProblems(value);
    if (problems.length > 0) issues.error(SemanticCode.unsupportedPodValue, [...path, field], `invalid ${field} \`${value}\`: it must be a DNS-1123 label; ${problems[0]}`);
  }
  if (has(spec, "nodeSelector")) checkLabels(stringMapField(spec, "nodeSelector"), [...path, "nodeSelector"], issues);
  checkTolerations(spec, path, issues);
  const podResources = objectField(spec, "resources");
  if (podResources) checkResourceRequirements(podResources, [...path, "resources"], issues);
}

/** Two containers of one Pod cannot bind the same host port and protocol. */
function checkHostPorts(spec: JsonObject, path: FieldPath, issues: IssueList): void {
  let used: Map<string, string> | undefined;
  for (const { item: container, index } of objectItems(spec, "containers")) {
    for (const { item: port, index: portIndex } of objectItems(container, "ports")) {
      const hostPort = numberField(port, "hostPort");
      if (hostPort === undefined || hostPort === 0) continue;
      used ??= new Map();
      const protocol = stringField(port, "protocol") ?? "TCP";
      const key = `${hostPort}/${protocol}`;
      const at: FieldPath = [...path, "containers", index, "ports", portIndex, "hostPort"];
      const first = used.get(key);
      if (first !== undefined) {
        issues.error(SemanticCode.hostPortConflict, at, `host port ${key} is already used by ${first} in this Pod`);
      } else {
        used.set(key, `container \`${stringField(container, "name") ?? index}\``);
      }
    }
  }
}

function checkTolerations(spec: JsonObject, path: FieldPath, issues: IssueList): void {
  for (const { item: toleration, index } of objectItems(spec, "tolerations")) {
    const at: FieldPath = [...path, "tolerations", index];
    const key = stringField(toleration, "key") ?? "";
    const operator = stringField(toleration, "operator") ?? "Equal";
    const value = stringField(toleration, "value") ?? "";
    const effect = stringField(toleration, "effect") ?? "";
    if (key !== "") {
      const problems = qualifiedNameProblems(key);
      if (problems.length > 0) issues.error(SemanticCode.unsupportedPodValue, [...at, "key"], `invalid toleration key \`${key}\`: ${problems[0]}`);
    } else if (operator !== "Exists") {
      issues.error(SemanticCode.unsupportedPodValue, [...at, "operator"], "a toleration without a key must use operator Exists (it then tolerates every taint)");
    }
    if (!tolerationOperators.includes(operator)) {
      issues.error(SemanticCode.unsupportedPodValue, [...at, "operator"], `unsupported toleration operator \`${operator}\`; use Exists or Equal`);
    } else if (operator === "Exists" && value !== "") {
      issues.error(SemanticCode.unsupportedPodValue, [...at, "value"], "a toleration with operator Exists must not have a value");
    }
    if (effect !== "" && !taintEffects.includes(effect)) {
      issues.error(SemanticCode.unsupportedPodValue, [...at, "effect"], `unsupported toleration effect \`${effect}\`; use ${taintEffects.join(", ")}`);
    }
    if (has(toleration, "tolerationSeconds") && effect !== "NoExecute") {
      issues.error(SemanticCode.unsupportedPodValue, [...at, "tolerationSeconds"], "tolerationSeconds only applies to effect NoExecute");
    }
  }
}

/** Pod spec fields that only a bare Pod or a Job may set. */
export function checkNoActiveDeadline(spec: JsonObject | undefined, path: FieldPath, owner: string, issues: IssueList): void {
  if (has(spec, "activeDeadlineSeconds")) {
    issues.error(SemanticCode.forbiddenInTemplate, [...path, "activeDeadlineSeconds"], `activeDeadlineSeconds is not supported in a ${owner} pod template: its Pods are meant to run until replaced`, {
      help: "remove activeDeadlineSeconds; use a Job for work with a deadline",
    });
  }
}
