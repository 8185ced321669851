import { isIP } from "node:net";
import type { FieldPath } from "../../diag/span.js";
import type { JsonObject } from "../json.js";
import { dns1123LabelProblems, dns1123SubdomainProblems, portNumberProblems } from "../names.js";
import { SemanticCode } from "./codes.js";
import type { IssueList } from "./issue-list.js";
import { has, intOrStringField, listField, numberField, objectField, objectItems, stringField, stringMapField } from "./json-access.js";
import { checkLabels } from "./labels.js";
import { checkEnum } from "./numbers.js";
import { checkPortNumberOrName, supportedProtocols } from "./ports.js";

/** The apiserver's default --service-node-port-range; mk allocates node ports from it too. */
export const nodePortRange = { min: 30000, max: 32767 } as const;
const maxSessionAffinitySeconds = 86400;

/** v1 Service (pkg/apis/core/validation ValidateService). */
export function checkService(object: JsonObject, issues: IssueList): void {
  const spec = objectField(object, "spec");
  const path: FieldPath = ["spec"];
  checkEnum(spec, "type", ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"], path, issues);
  const type = stringField(spec, "type") ?? "ClusterIP";
  const clusterIP = stringField(spec, "clusterIP") ?? "";
  const clusterIPs = (listField(spec, "clusterIPs") ?? []).filter((ip): ip is string => typeof ip === "string");
  const headless = clusterIP === "None" || clusterIPs[0] === "None";
  const ports = objectItems(spec, "ports");

  if (ports.length === 0 && !headless && type !== "ExternalName") {
    issues.error(SemanticCode.servicePortsRequired, [...path, "ports"], `a ${type} Service needs at least one port`, {
      help: "add `ports: [{ port: 80, targetPort: 8080 }]`; only headless Services (clusterIP: None) and ExternalName Services may have none",
    });
  }
  checkClusterIP(spec, type, clusterIP, clusterIPs, headless, issues);
  checkPorts(ports, type, issues);
  checkLabels(stringMapField(spec, "selector"), [...path, "selector"], issues);
  checkTrafficFields(spec, type, issues);
}

function checkClusterIP(spec: JsonObject | undefined, type: string, clusterIP: string, clusterIPs: string[], headless: boolean, issues: IssueList): void {
  const path: FieldPath = ["spec", "clusterIP"];
  if ((type === "NodePort" || type === "LoadBalancer") && headless) {
    issues.error(SemanticCode.clusterIP, path, `clusterIP may not be None for ${type} Services: a ${type} Service forwards through its cluster IP`, {
      help: "remove `clusterIP: None`, or use type ClusterIP for a headless Service",
    });
  }
  if (type === "ExternalName") {
    if (clusterIP !== "" || clusterIPs.length > 0) {
      issues.error(SemanticCode.clusterIP, path, "clusterIP must be empty for ExternalName Services: they are only a DNS alias");
    }
    for (const field of ["ipFamilies", "ipFamilyPolicy"]) {
      if (has(spec, field)) issues.error(SemanticCode.clusterIP, ["spec", field], `${field} may not be set for ExternalName Services`);
    }
    const externalName = stringField(spec, "externalName") ?? "";
    if (externalName === "") {
      issues.error(SemanticCode.clusterIP, ["spec", "externalName"], "an ExternalName Service needs spec.externalName, the DNS name it aliases");
    } else {
      const problems = dns1123SubdomainProblems(externalName.replace(/\.$/, ""));
      if (problems.length > 0) issues.error(SemanticCode.clusterIP, ["spec", "externalName"], `invalid externalName \`${externalName}\`: it must be a DNS name; ${problems[0]}`);
    }
  }
  if (clusterIP !== "" && clusterIP !== "None" && isIP(clusterIP) === 0) {
    issues.error(SemanticCode.clusterIP, path, `clusterIP \`${clusterIP}\` must be an IP address, "None" (headless) or empty (allocated)`);
  }
  if (clusterIP !== "" && clusterIPs.length > 0 && clusterIPs[0] !== clusterIP) {
    issues.error(SemanticCode.clusterIP, ["spec", "clusterIPs", 0], `clusterIPs[0] (\`${clusterIPs[0]}\`) must equal clusterIP (\`${clusterIP}\`)`);
  }
}

function checkPorts(ports: readonly { item: JsonObject; index: number }[], type: string, issues: IssueList): void {
  const names = new Map<string, number>();
  const portProtocols = new Map<string, number>();
  const nodePorts = new Map<string, number>();
  for (const { item: port, index } of ports) {
    const at: FieldPath = ["spec", "ports", index];
    const name = stringField(port, "name") ?? "";
    if (name === "" && ports.length > 1) {
      issues.error(SemanticCode.servicePortName, [...at, "name"], "every port of a Service with several ports needs a name", {
        help: "name the ports, e.g. `name: http` and `name: metrics`",
      });
    } else if (name !== "") {
      const problems = dns1123LabelProblems(name);
      if (problems.length > 0) issues.error(SemanticCode.servicePortName, [...at, "name"], `invalid Service port name \`${name}\`: it must be a DNS-1123 label; ${problems[0]}`);
      const first = names.get(name);
      if (first !== undefined) issues.error(SemanticCode.servicePortName, [...at, "name"], `port name \`${name}\` is used twice (ports[${first}] and ports[${index}])`);
      else names.set(name, index);
    }
    const number = numberField(port, "port");
    if (number === undefined) issues.error(SemanticCode.servicePortNumber, [...at, "port"], "a Service port needs a port number");
    else if (portNumberProblems(number).length > 0) issues.error(SemanticCode.servicePortNumber, [...at, "port"], `port ${number} is out of range: it must be between 1 and 65535`);
    const protocol = stringField(port, "protocol") ?? "TCP";
    if (!(supportedProtocols as readonly string[]).includes(protocol)) {
      issues.error(SemanticCode.unsupportedProtocol, [...at, "protocol"], `unsupported protocol \`${protocol}\`; use TCP, UDP or SCTP`);
    }
    const targetPort = intOrStringField(port, "targetPort");
    if (targetPort !== 0 && targetPort !== "") checkPortNumberOrName(targetPort, [...at, "targetPort"], "targetPort", SemanticCode.servicePortNumber, issues);
    if (number !== undefined) {
      const key = `${number}/${protocol}`;
      const first = portProtocols.get(key);
      if (first !== undefined) issues.error(SemanticCode.duplicateServicePort, [...at, "port"], `port ${key} is listed twice (ports[${first}] and ports[${index}])`);
      else portProtocols.set(key, index);
    }
    const nodePort = numberField(port, "nodePort");
    if (nodePort !== undefined && nodePort !== 0) {
      if (type !== "NodePort" && type !== "LoadBalancer") {
        issues.error(SemanticCode.nodePort, [...at, "nodePort"], `nodePort may not be used when type is ${type}`, { help: "remove nodePort, or set `type: NodePort`" });
      } else if (nodePort < nodePortRange.min || nodePort > nodePortRange.max) {
        issues.error(SemanticCode.nodePort, [...at, "nodePort"], `nodePort ${nodePort} is outside the node port range ${nodePortRange.min}-${nodePortRange.max}`, {
          help: "pick a port in the range, or leave nodePort out to have one allocated",
        });
      } else {
        const key = `${nodePort}/${protocol}`;
        const first = nodePorts.get(key);
        if (first !== undefined) issues.error(SemanticCode.nodePort, [...at, "nodePort"], `nodePort ${key} is used twice (ports[${first}] and ports[${index}])`);
        else nodePorts.set(key, index);
      }
    }
  }
}

function checkTrafficFields(spec: JsonObject | undefined, type: string, issues: IssueList): void {
  const path: FieldPath = ["spec"];
  checkEnum(spec, "sessionAffinity", ["None", "ClientIP"], path, issues);
  const affinity = stringField(spec, "sessionAffinity") ?? "None";
  const config = objectField(spec, "sessionAffinityConfig");
  if (config && affinity !== "ClientIP" && Object.keys(config).length > 0) {
    issues.error(SemanticCode.serviceTraffic, [...path, "sessionAffinityConfig"], "sessionAffinityConfig only applies when sessionAffinity is ClientIP");
  }
  const timeout = numberField(objectField(config, "clientIP"), "timeoutSeconds");
  if (timeout !== undefined && (timeout <= 0 || timeout > maxSessionAffinitySeconds)) {
    issues.error(SemanticCode.serviceTraffic, [...path, "sessionAffinityConfig", "clientIP", "timeoutSeconds"], `timeoutSeconds must be between 1 and ${maxSessionAffinitySeconds} (got ${timeout})`);
  }
  checkEnum(spec, "externalTrafficPolicy", ["Cluster", "Local"], path, issues);
  if (has(spec, "externalTrafficPolicy") && type !== "NodePort" && type !== "LoadBalancer" && (listField(spec, "externalIPs") ?? []).length === 0) {
    issues.error(SemanticCode.serviceTraffic, [...path, "externalTrafficPolicy"], `externalTrafficPolicy may only be set for externally reachable Services (NodePort, LoadBalancer or with externalIPs), not type ${type}`);
  }
  checkEnum(spec, "internalTrafficPolicy", ["Cluster", "Local"], path, issues);
  checkEnum(spec, "ipFamilyPolicy", ["SingleStack", "PreferDualStack", "RequireDualStack"], path, issues);
  const families = listField(spec, "ipFamilies") ?? [];
  families.forEach((family, i) => {
    if (family !== "IPv4" && family !== "IPv6") issues.error(SemanticCode.unsupportedValue, [...path, "ipFamilies", i], `unsupported IP family \`${String(family)}\`; use IPv4 or IPv6`);
  });
  if (families.length > 2 || new Set(families).size !== families.length) {
    issues.error(SemanticCode.unsupportedValue, [...path, "ipFamilies"], "ipFamilies lists at most two distinct families");
  }
  if (stringField(spec, "ipFamilyPolicy") === "SingleStack" && families.length > 1) {
    issues.error(SemanticCode.unsupportedValue, [...path, "ipFamilies"], "a SingleStack Service has one IP family");
  }
}
