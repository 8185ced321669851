import type { FieldPath } from "../../diag/span.js";
import type { JsonObject } from "../json.js";
import { dns1035LabelProblems, dns1123LabelProblems, dns1123SubdomainProblems, maskTrailingDash } from "../names.js";
import { SemanticCode } from "./codes.js";
import type { IssueList } from "./issue-list.js";
import { has, objectField, stringField, stringMapField } from "./json-access.js";
import { checkAnnotations, checkLabels } from "./labels.js";
import { isClusterScoped } from "./scope.js";

type NameSyntax = "DNS-1123 subdomain" | "DNS-1123 label" | "DNS-1035 label";

/** The name syntax each kind's apiserver validation uses (pkg/apis/*\/validation, `Validate<Kind>Name`). */
const nameSyntaxByKind: Record<string, NameSyntax> = {
  Pod: "DNS-1123 subdomain",
  ReplicationController: "DNS-1123 subdomain",
  ReplicaSet: "DNS-1123 subdomain",
  Deployment: "DNS-1123 subdomain",
  DaemonSet: "DNS-1123 subdomain",
  // Pods of a StatefulSet are named `<name>-<ordinal>` and that is also their hostname, so recent
  // Kubernetes requires a DNS label for new StatefulSets.
  StatefulSet: "DNS-1123 label",
  Job: "DNS-1123 subdomain",
  CronJob: "DNS-1123 subdomain",
  // A Service name is a DNS name in the cluster: RFC 1035 (it must start with a letter).
  Service: "DNS-1035 label",
  ConfigMap: "DNS-1123 subdomain",
  Secret: "DNS-1123 subdomain",
  PersistentVolumeClaim: "DNS-1123 subdomain",
  Namespace: "DNS-1123 label",
  HorizontalPodAutoscaler: "DNS-1123 subdomain",
  ControllerRevision: "DNS-1123 subdomain",
  Node: "DNS-1123 subdomain",
};

function nameProblems(syntax: NameSyntax, name: string): string[] {
  switch (syntax) {
    case "DNS-1123 subdomain":
      return dns1123SubdomainProblems(name);
    case "DNS-1123 label":
      return dns1123LabelProblems(name);
    case "DNS-1035 label":
      return dns1035LabelProblems(name);
  }
}

/** A lower-cased, hyphenated version of a name, offered as help when the name is close to valid. */
function suggestName(name: string, syntax: NameSyntax): string | undefined {
  let fixed = name.toLowerCase().replace(/[^a-z0-9.-]+/g, "-");
  if (syntax !== "DNS-1123 subdomain") fixed = fixed.replace(/\./g, "-");
  fixed = fixed.replace(/^[^a-z0-9]+/, "").replace(/[^a-z0-9]+$/, "").replace(/-{2,}/g, "-");
  if (syntax === "DNS-1035 label") fixed = fixed.replace(/^[0-9-]+/, "");
  const max = syntax === "DNS-1123 subdomain" ? 253 : 63;
  fixed = fixed.slice(0, max).replace(/[^a-z0-9]+$/, "");
  return fixed !== "" && fixed !== name && nameProblems(syntax, fixed).length === 0 ? fixed : undefined;
}

/** ObjectMeta of a top-level object: name or generateName, namespace, labels, annotations. */
export function checkObjectMeta(object: JsonObject, kind: string, issues: IssueList): void {
  const metadata = objectField(object, "metadata");
  const path: FieldPath = ["metadata"];
  const name = stringField(metadata, "name");
  const generateName = stringField(metadata, "generateName");
  const syntax = nameSyntaxByKind[kind];

  if ((name === undefined || name === "") && (generateName === undefined || generateName === "")) {
    issues.error(SemanticCode.missingName, [...path, "name"], `${kind} has no name: set metadata.name (or metadata.generateName for a server-generated name)`);
  }
  if (name !== undefined && name !== "" && syntax !== undefined) {
    const problems = nameProblems(syntax, name);
    if (problems.length > 0) {
      const suggestion = suggestName(name, syntax);
      issues.error(SemanticCode.invalidName, [...path, "name"], `invalid ${kind} name \`${name}\`: a ${kind} name must be a ${syntax}; ${problems[0]}`, {
        notes: problems.slice(1),
        help: suggestion ? `try \`${suggestion}\`` : undefined,
      });
    }
  }
  if (generateName !== undefined && generateName !== "" && syntax !== undefined) {
    const problems = nameProblems(syntax, maskTrailingDash(generateName));
    if (problems.length > 0) {
      issues.error(SemanticCode.invalidGenerateName, [...path, "generateName"], `invalid generateName \`${generateName}\`: the prefix must be a ${syntax} (a trailing \`-\` is allowed); ${problems[0]}`, {
        notes: problems.slice(1),
      });
    }
  }

  const namespace = stringField(metadata, "namespace");
  if (isClusterScoped(kind)) {
    if (namespace !== undefined && namespace !== "") {
      issues.warning(SemanticCode.namespaceOnClusterScoped, [...path, "namespace"], `${kind} is cluster-scoped; metadata.namespace \`${namespace}\` is ignored`, {
        help: "remove metadata.namespace",
      });
    }
  } else if (namespace !== undefined && namespace !== "") {
    const problems = dns1123LabelProblems(namespace);
    if (problems.length > 0) {
      issues.error(SemanticCode.invalidNamespace, [...path, "namespace"], `invalid namespace \`${namespace}\`: a namespace must be a DNS-1123 label; ${problems[0]}`, {
        notes: problems.slice(1),
      });
    }
  }

  if (has(metadata, "labels")) checkLabels(stringMapField(metadata, "labels"), [...path, "labels"], issues);
  if (has(metadata, "annotations")) checkAnnotations(stringMapField(metadata, "annotations"), [...path, "annotations"], issues);
}

/** The metadata of a template (pod template, claim template): labels and annotations only. */
export function checkTemplateMeta(metadata: JsonObject | undefined, path: FieldPath, issues: IssueList): void {
  if (has(metadata, "labels")) checkLabels(stringMapField(metadata, "labels"), [...path, "labels"], issues);
  if (has(metadata, "annotations")) checkAnnotations(stringMapField(metadata, "annotations"), [...path, "annotations"], issues);
}
