import { isJsonObject, type JsonObject } from "../schema/json.js";

/** metav1.LabelSelector: matchLabels and matchExpressions, all of which must hold. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

export interface LabelSelectorRequirement {
  key: string;
  operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
  values?: string[];
}

/**
 * The apiserver's checks on a selector (ValidateLabelSelectorRequirement): In and NotIn need
 * values, Exists and DoesNotExist take none. Returns the problem, or undefined when it is valid.
 */
export function selectorProblem(selector: LabelSelector): string | undefined {
  for (const [i, r] of (selector.matchExpressions ?? []).entries()) {
    const where = `matchExpressions[${i}]`;
    if (typeof r.key !== "string" || r.key === "") return `${where}.key must be a non-empty string`;
    const values = r.values ?? [];
    switch (r.operator) {
      case "In":
      case "NotIn":
        if (values.length === 0) return `${where}: operator ${r.operator} needs at least one value`;
        break;
      case "Exists":
      case "DoesNotExist":
        if (values.length > 0) return `${where}: operator ${r.operator} takes no values`;
        break;
      default:
        return `${where}.operator must be In, NotIn, Exists or DoesNotExist, not ${JSON.stringify(r.operator)}`;
    }
  }
  return undefined;
}

/**
 * Whether labels satisfy the selector. An empty selector matches everything, as
 * metav1.LabelSelectorAsSelector makes it; NotIn also matches objects without the label.
 */
export function selectorMatches(selector: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[key] !== value) return false;
  }
  for (const r of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    const values = r.values ?? [];
    switch (r.operator) {
      case "In":
        if (!has || !values.includes(labels[r.key])) return false;
        break;
      case "NotIn":
        if (has && values.includes(labels[r.key])) return false;
        break;
      case "Exists":
        if (!has) return false;
        break;
      case "DoesNotExist":
        if (has) return false;
        break;
    }
  }
  return true;
}

/** metadata.labels of an object, keeping only string values. */
export function labelsOf(object: JsonObject): Record<string, string> {
  const metadata = isJsonObject(object.metadata) ? object.metadata : undefined;
  const labels = metadata && isJsonObject(metadata.labels) ? metadata.labels : {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) if (typeof v === "string") out[k] = v;
  return out;
}
