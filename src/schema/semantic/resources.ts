import type { FieldPath } from "../../diag/span.js";
import type { JsonObject, JsonValue } from "../json.js";
import { qualifiedNameProblems } from "../names.js";
import { compareQuantities, isWholeNumber, parseQuantity, quantitySign, type Quantity } from "../quantity.js";
import { SemanticCode } from "./codes.js";
import type { IssueList } from "./issue-list.js";
import { objectField } from "./json-access.js";

/**
 * Parses the quantity at `path` and reports it when it does not parse or is negative. Returns the
 * quantity when it is usable.
 */
export function checkQuantity(value: JsonValue | undefined, path: FieldPath, what: string, issues: IssueList): Quantity | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string" && typeof value !== "number") {
    issues.error(SemanticCode.invalidQuantity, path, `${what} must be a quantity such as \`500m\`, \`1Gi\` or \`2\``);
    return undefined;
  }
  const parsed = parseQuantity(value);
  if (!parsed.ok) {
    issues.error(SemanticCode.invalidQuantity, path, `${what} \`${value}\` is not a valid quantity: ${parsed.error}`, {
      help: "write quantities like `100m` (0.1 CPU), `512Mi`, `1Gi` or `2`",
    });
    return undefined;
  }
  if (quantitySign(parsed.quantity) < 0) {
    issues.error(SemanticCode.negativeQuantity, path, `${what} must not be negative (got \`${value}\`)`);
    return undefined;
  }
  return parsed.quantity;
}

const standardContainerResources = new Set(["cpu", "memory", "ephemeral-storage"]);

/** Native resources (no domain, or a kubernetes.io domain) must be ones a container can ask for. */
function resourceNameProblem(name: string): string | undefined {
  if (standardContainerResources.has(name)) return undefined;
  const qualified = qualifiedNameProblems(name);
  if (qualified.length > 0) return qualified[0];
  const native = !name.includes("/") || name.includes("kubernetes.io/");
  if (native && !name.startsWith("hugepages-")) {
    return "must be a standard resource for containers (cpu, memory, ephemeral-storage, hugepages-<size>) or an extended resource with a domain, like example.com/gpu";
  }
  return undefined;
}

function isExtendedResource(name: string): boolean {
  return name.includes("/") && !name.includes("kubernetes.io/");
}

type ResourcePart = "limits" | "requests";

/**
 * A container's (or the Pod's) `resources`: names, quantities, and every request at most its limit.
 * Extended resources cannot be overcommitted: whole numbers, and the request equals the limit.
 */
export function checkResourceRequirements(resources: JsonObject, path: FieldPath, issues: IssueList): void {
  const limitList = objectField(resources, "limits");
  const requestList = objectField(resources, "requests");
  const limits = limitList ? checkResourceList(limitList, "limits", path, issues) : undefined;
  const requests = requestList ? checkResourceList(requestList, "requests", path, issues) : undefined;
  if (!requests) return;
  for (const [name, request] of requests) {
    const limit = limits?.get(name);
    if (limit === undefined) {
      if (isExtendedResource(name)) {
        issues.error(SemanticCode.requestAboveLimit, [...path, "limits", name], `extended resource \`${name}\` is requested but has no limit; set limits.${name} to the same value`);
      }
      continue;
    }
    const extended = isExtendedResource(name);
    const comparison = compareQuantities(request, limit);
    if (extended ? comparison === 0 : comparison <= 0) continue;
    const at: FieldPath = [...path, "requests", name];
    const limitText = String(limitList?.[name]);
    const requestText = String(requestList?.[name]);
    if (extended) {
      issues.error(SemanticCode.requestAboveLimit, at, `${name} request ${requestText} must equal its limit ${limitText}: extended resources cannot be overcommitted`);
    } else {
      issues.error(SemanticCode.requestAboveLimit, at, `${name} request ${requestText} is greater than its limit ${limitText}`, {
        label: `must be less than or equal to ${limitText}`,
        help: `lower requests.${name} or raise limits.${name}; a container is never given less than it requests`,
      });
    }
  }
}

/** The names and quantities of `limits` or `requests`; the usable quantities by name. */
function checkResourceList(list: JsonObject, part: ResourcePart, path: FieldPath, issues: IssueList): Map<string, Quantity> {
  const quantities = new Map<string, Quantity>();
  for (const name in list) {
    const value = list[name];
    const problem = resourceNameProblem(name);
    if (problem) {
      issues.error(SemanticCode.invalidResourceName, [...path, part, name], `\`${name}\` is not a resource a container can ${part === "limits" ? "be limited in" : "request"}: ${problem}`, {
        help: name === "storage" ? "containers use `ephemeral-storage`; persistent storage is requested by a PersistentVolumeClaim" : undefined,
      });
      continue;
    }
    const q = checkQuantity(value, [...path, part, name], `${part}.${name}`, issues);
    if (!q) continue;
    if (isExtendedResource(name) && !isWholeNumber(q)) {
      issues.error(SemanticCode.invalidResourceName, [...path, part, name], `${part}.${name} must be a whole number (got \`${value}\`): extended resources are counted in units`);
      continue;
    }
    quantities.set(name, q);
  }
  return quantities;
}
