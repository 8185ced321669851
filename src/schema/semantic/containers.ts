import type { FieldPath } from "../../diag/span.js";
import type { JsonObject } from "../json.js";
import { dns1123LabelProblems, envVarNameProblems, ianaServiceNameProblems, portNumberProblems } from "../names.js";
import { suggestName } from "../../diag/suggest.js";
import { SemanticCode } from "./codes.js";
import type { IssueList } from "./issue-list.js";
import { has, numberField, objectField, objectItems, stringField } from "./json-access.js";
import { supportedProtocols } from "./ports.js";
import { checkLifecycle, checkProbe, type ProbeKind } from "./probes.js";
import { checkResourceRequirements } from "./resources.js";

export type ContainerList = "containers" | "initContainers" | "ephemeralContainers";

export interface ContainerContext {
  list: ContainerList;
  /** Volumes a mount may name: the Pod's volumes plus, for a StatefulSet, its claim templates. */
  volumeNames: ReadonlySet<string>;
  /** A Pod needs an image; a template may leave it to be filled in later (the API allows it). */
  imageRequired: boolean;
}

const pullPolicies = ["Always", "IfNotPresent", "Never"];
const terminationMessagePolicies = ["File", "FallbackToLogsOnError"];
const mountPropagations = ["None", "HostToContainer", "Bidirectional"];
const probeKinds: readonly ProbeKind[] = ["livenessProbe", "readinessProbe", "startupProbe"];

/** One container: name, image, ports, env, mounts, probes, lifecycle, resources. */
export function checkContainer(container: JsonObject, path: FieldPath, ctx: ContainerContext, issues: IssueList): void {
  const name = stringField(container, "name") ?? "";
  const nameProblems = dns1123LabelProblems(name);
  if (name === "") issues.error(SemanticCode.invalidContainerName, [...path, "name"], "container has no name");
  else if (nameProblems.length > 0) {
    issues.error(SemanticCode.invalidContainerName, [...path, "name"], `invalid container name \`${name}\`: a container name must be a DNS-1123 label; ${nameProblems[0]}`, {
      notes: nameProblems.slice(1),
    });
  }
  const what = name === "" ? "container" : `container \`${name}\``;

  const image = stringField(container, "image") ?? "";
  if (image === "") {
    if (ctx.imageRequired) issues.error(SemanticCode.missingContainerPart, [...path, "image"], `${what} has no image`);
    else issues.warning(SemanticCode.missingContainerPart, [...path, "image"], `${what} has no image: its Pods cannot start until something sets one`);
  } else if (image.trim() !== image) {
    issues.error(SemanticCode.missingContainerPart, [...path, "image"], `image \`${image}\` must not have leading or trailing whitespace`);
  }

  checkContainerPorts(container, path, what, ctx, issues);
  checkEnv(container, path, issues);
  checkVolumeMounts(container, path, what, ctx, issues);
  checkContainerProbes(container, path, what, ctx, issues);

  const pullPolicy = stringField(container, "imagePullPolicy");
  if (pullPolicy !== undefined && !pullPolicies.includes(pullPolicy)) {
    issues.error(SemanticCode.unsupportedPodValue, [...path, "imagePullPolicy"], `unsupported imagePullPolicy \`${pullPolicy}\`; use ${pullPolicies.join(", ")}`, {
      help: suggestion(pullPolicy, pullPolicies),
    });
  }
  const messagePolicy = stringField(container, "terminationMessagePolicy");
  if (messagePolicy !== undefined && !terminationMessagePolicies.includes(messagePolicy)) {
    issues.error(SemanticCode.unsupportedPodValue, [...path, "terminationMessagePolicy"], `unsupported terminationMessagePolicy \`${messagePolicy}\`; use File or FallbackToLogsOnError`);
  }
  const resources = objectField(container, "resources");
  if (resources) {
    if (ctx.list === "ephemeralContainers" && Object.keys(resources).length > 0) {
      issues.error(SemanticCode.forbiddenInTemplate, [...path, "resources"], "ephemeral containers may not set resources");
    } else {
      checkResourceRequirements(resources, [...path, "resources"], issues);
    }
  }
}

function suggestion(value: string, candidates: readonly string[]): string | undefined {
  const best = candidates.find((c) => c.toLowerCase() === value.toLowerCase()) ?? suggestName(value, candidates);
  return best ? `did you mean \`${best}\`?` : undefined;
}

function checkContainerPorts(container: JsonObject, path: FieldPath, what: string, ctx: ContainerContext, issues: IssueList): void {
  const ports = objectItems(container, "ports");
  if (ctx.list === "ephemeralContainers" && ports.length > 0) {
    issues.error(SemanticCode.forbiddenInTemplate, [...path, "ports"], "ephemeral containers may not declare ports");
    return;
  }
  let names: Set<string> | undefined;
  for (const { item: port, index } of ports) {
    const containerPort = numberField(port, "containerPort");
    if (containerPort === undefined) {
      issues.error(SemanticCode.portOutOfRange, [...path, "ports", index, "containerPort"], `a port of ${what} has no containerPort`);
    } else if (portNumberProblems(containerPort).length > 0) {
      issues.error(SemanticCode.portOutOfRange, [...path, "ports", index, "containerPort"], `containerPort ${containerPort} is out of range: it must be between 1 and 65535`);
    }
    const hostPort = numberField(port, "hostPort");
    if (hostPort !== undefined && hostPort !== 0 && portNumberProblems(hostPort).length > 0) {
      issues.error(SemanticCode.portOutOfRange, [...path, "ports", index, "hostPort"], `hostPort ${hostPort} is out of range: it must be between 1 and 65535 (or 0 for none)`);
    }
    const name = stringField(port, "name");
    if (name !== undefined && name !== "") {
      names ??= new Set();
      const problems = ianaServiceNameProblems(name);
      if (problems.length > 0) {
        issues.error(SemanticCode.invalidPortName, [...path, "ports", index, "name"], `invalid port name \`${name}\`: a port name is an IANA service name (at most 15 lowercase letters, digits and '-', with a letter); ${problems[0]}`, {
          notes: problems.slice(1),
        });
      } else if (names.has(name)) {
        issues.error(SemanticCode.invalidPortName, [...path, "ports", index, "name"], `port name \`${name}\` is used twice in ${what}`, { help: "port names must be unique within a container" });
      }
      names.add(name);
    }
    const protocol = stringField(port, "protocol");
    if (protocol !== undefined && !(supportedProtocols as readonly string[]).includes(protocol)) {
      issues.error(SemanticCode.unsupportedProtocol, [...path, "ports", index, "protocol"], `unsupported protocol \`${protocol}\`; use TCP, UDP or SCTP`, {
        help: suggestion(protocol, supportedProtocols),
      });
    }
  }
}

function checkEnv(container: JsonObject, path: FieldPath, issues: IssueList): void {
  for (const { item: env, index } of objectItems(container, "env")) {
    const name = stringField(env, "name") ?? "";
    const problems = envVarNameProblems(name);
    if (problems.length > 0) issues.error(SemanticCode.invalidEnv, [...path, "env", index, "name"], `invalid environment variable name \`${name}\`: ${problems[0]}`);
    const valueFrom = objectField(env, "valueFrom");
    if (valueFrom) {
      const at: FieldPath = [...path, "env", index];
      if (has(env, "value") && stringField(env, "value") !== "") {
        issues.error(SemanticCode.invalidEnv, [...at, "valueFrom"], `environment variable \`${name}\` sets both value and valueFrom; use one`);
      }
      const sources = ["fieldRef", "resourceFieldRef", "configMapKeyRef", "secretKeyRef", "fileKeyRef"].filter((k) => has(valueFrom, k));
      if (sources.length === 0) issues.error(SemanticCode.invalidEnv, [...at, "valueFrom"], `valueFrom of \`${name}\` names no source: set one of fieldRef, resourceFieldRef, configMapKeyRef, secretKeyRef`);
      else if (sources.length > 1) issues.error(SemanticCode.invalidEnv, [...at, "valueFrom", sources[1]], `valueFrom of \`${name}\` has ${sources.length} sources (${sources.join(", ")}); use one`);
    }
  }
}

function checkVolumeMounts(container: JsonObject, path: FieldPath, what: string, ctx: ContainerContext, issues: IssueList): void {
  const mounts = objectItems(container, "volumeMounts");
  if (mounts.length === 0) return;
  const mountPaths = new Map<string, number>();
  for (const { item: mount, index } of mounts) {
    const at: FieldPath = [...path, "volumeMounts", index];
    const name = stringField(mount, "name") ?? "";
    if (name !== "" && !ctx.volumeNames.has(name)) {
      const declared = [...ctx.volumeNames];
      const near = suggestName(name, declared);
      issues.error(SemanticCode.undeclaredVolume, [...at, "name"], `${what} mounts volume \`${name}\`, which is not declared`, {
        label: "no volume with this name",
        help: near ? `did you mean \`${near}\`?` : declared.length > 0 ? `declared volumes: ${declared.join(", ")}` : "declare it in spec.volumes",
      });
    }
    const mountPath = stringField(mount, "mountPath") ?? "";
    if (mountPath === "") {
      issues.error(SemanticCode.invalidMountPath, [...at, "mountPath"], `the mount of \`${name}\` in ${what} has no mountPath`);
    } else {
      const normalized = mountPath.replace(/\/+$/, "") || "/";
      const first = mountPaths.get(normalized);
      if (first !== undefined) {
        issues.error(SemanticCode.invalidMountPath, [...at, "mountPath"], `mountPath \`${mountPath}\` is used twice in ${what} (volumeMounts[${first}] and volumeMounts[${index}])`, {
          help: "mount each volume at its own path; use subPath to mount parts of one volume",
        });
      } else {
        mountPaths.set(normalized, index);
      }
    }
    const subPath = stringField(mount, "subPath");
    if (subPath !== undefined && subPath !== "") {
      if (subPath.startsWith("/")) issues.error(SemanticCode.invalidMountPath, [...at, "subPath"], `subPath \`${subPath}\` must be a relative path`);
      else if (subPath.split("/").includes("..")) issues.error(SemanticCode.invalidMountPath, [...at, "subPath"], `subPath \`${subPath}\` must not contain '..'`);
      if (has(mount, "subPathExpr") && stringField(mount, "subPathExpr") !== "") {
        issues.error(SemanticCode.invalidMountPath, [...at, "subPathExpr"], "subPath and subPathExpr are mutually exclusive");
      }
    }
    const propagation = stringField(mount, "mountPropagation");
    if (propagation !== undefined && !mountPropagations.includes(propagation)) {
      issues.error(SemanticCode.unsupportedPodValue, [...at, "mountPropagation"], `unsupported mountPropagation \`${propagation}\`; use ${mountPropagations.join(", ")}`);
    }
  }
}

function checkContainerProbes(container: JsonObject, path: FieldPath, what: string, ctx: ContainerContext, issues: IssueList): void {
  const restartPolicy = stringField(container, "restartPolicy");
  const sidecar = ctx.list === "initContainers" && restartPolicy === "Always";
  if (restartPolicy !== undefined && ctx.list === "initContainers" && restartPolicy !== "Always") {
    issues.error(SemanticCode.restartPolicy, [...path, "restartPolicy"], `init container restartPolicy must be Always (a sidecar) or unset (got \`${restartPolicy}\`)`);
  }
  if (restartPolicy !== undefined && ctx.list === "ephemeralContainers") {
    issues.error(SemanticCode.forbiddenInTemplate, [...path, "restartPolicy"], "ephemeral containers may not set restartPolicy");
  }
  for (const kind of probeKinds) {
    const probe = objectField(container, kind);
    if (!probe) continue;
    if (ctx.list === "ephemeralContainers" || (ctx.list === "initContainers" && !sidecar)) {
      issues.error(SemanticCode.forbiddenInTemplate, [...path, kind], `${what} may not have a ${kind}: ${ctx.list === "initContainers" ? "an init container runs to completion before the app starts (only a sidecar, restartPolicy Always, can be probed)" : "ephemeral containers are not probed"}`);
      continue;
    }
    checkProbe(probe, kind, [...path, kind], issues);
  }
  const lifecycle = objectField(container, "lifecycle");
  if (lifecycle) {
    if (ctx.list === "ephemeralContainers" || (ctx.list === "initContainers" && !sidecar)) {
      issues.error(SemanticCode.forbiddenInTemplate, [...path, "lifecycle"], `${what} may not have lifecycle hooks${ctx.list === "initContainers" ? " unless it is a sidecar (restartPolicy Always)" : ""}`);
    } else {
      checkLifecycle(lifecycle, [...path, "lifecycle"], issues);
    }
  }
}
