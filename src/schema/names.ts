/**
 * The name and key syntaxes the Kubernetes apiserver enforces (k8s.io/apimachinery/pkg/util/validation).
 * Each check returns the list of problems, in the apiserver's words, empty when the value is valid, so
 * callers can put the first one in a diagnostic and keep the others as notes.
 */

const DNS1123_LABEL_MAX = 63;
const DNS1123_SUBDOMAIN_MAX = 253;
const LABEL_VALUE_MAX = 63;
const QUALIFIED_NAME_MAX = 63;
const IANA_SVC_NAME_MAX = 15;
const CONFIG_MAP_KEY_MAX = 253;

const dns1123LabelPattern = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const dns1123SubdomainPattern = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const dns1035LabelPattern = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const qualifiedNamePattern = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const labelValuePattern = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const configMapKeyPattern = /^[-._a-zA-Z0-9]+$/;
const percentPattern = /^[0-9]+%$/;

/**
 * What the checks return for a valid value: one shared, frozen empty list, so that validating
 * thousands of valid names allocates nothing (callers only read the lists).
 */
const noProblems: readonly string[] = Object.freeze([]);

function tooLong(max: number): string {
  return `must be no more than ${max} characters`;
}

/** RFC 1123 label: container, volume and Namespace names, Service port names. */
export function dns1123LabelProblems(value: string): string[] {
  if (value.length <= DNS1123_LABEL_MAX && dns1123LabelPattern.test(value)) return noProblems as string[];
  const problems: string[] = [];
  if (value.length > DNS1123_LABEL_MAX) problems.push(tooLong(DNS1123_LABEL_MAX));
  if (!dns1123LabelPattern.test(value)) {
    problems.push("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name', or '123-abc')");
  }
  return problems;
}

/** RFC 1123 subdomain: the name of most objects (Pod, Deployment, ConfigMap, ...). */
export function dns1123SubdomainProblems(value: string): string[] {
  if (value.length <= DNS1123_SUBDOMAIN_MAX && dns1123SubdomainPattern.test(value)) return noProblems as string[];
  const problems: string[] = [];
  if (value.length > DNS1123_SUBDOMAIN_MAX) problems.push(tooLong(DNS1123_SUBDOMAIN_MAX));
  if (!dns1123SubdomainPattern.test(value)) {
    problems.push("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com')");
  }
  return problems;
}

/** RFC 1035 label: Service names (they become DNS names, so they must start with a letter). */
export function dns1035LabelProblems(value: string): string[] {
  if (value.length <= DNS1123_LABEL_MAX && dns1035LabelPattern.test(value)) return noProblems as string[];
  const problems: string[] = [];
  if (value.length > DNS1123_LABEL_MAX) problems.push(tooLong(DNS1123_LABEL_MAX));
  if (!dns1035LabelPattern.test(value)) {
    problems.push("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name', or 'abc-123')");
  }
  return problems;
}

/**
 * generateName is a prefix: the server appends a random suffix, so a trailing '-' is fine. The
 * apiserver checks the prefix by masking a trailing dash and validating the result as a name.
 */
export function maskTrailingDash(prefix: string): string {
  return prefix.length > 1 && prefix.endsWith("-") ? `${prefix.slice(0, -1)}a` : prefix;
}

/** IANA service name: container port names and named targetPorts (e.g. `http`, `metrics`). */
export function ianaServiceNameProblems(value: string): string[] {
  const problems: string[] = [];
  if (value.length > IANA_SVC_NAME_MAX) problems.push(tooLong(IANA_SVC_NAME_MAX));
  if (!/^[-a-z0-9]+$/.test(value)) problems.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
  if (value.includes("--")) problems.push("must not contain consecutive hyphens");
  if (!/[a-z]/.test(value)) problems.push("must contain at least one letter (a-z)");
  if (value.startsWith("-") || value.endsWith("-")) problems.push("must not begin or end with a hyphen");
  return problems;
}

// Label and annotation keys repeat across thousands of objects (`app`, `app.kubernetes.io/name`):
// remembering the ones already found valid keeps validation of large inputs fast.
const validQualifiedNames = new Set<string>();
const validQualifiedNamesLimit = 10_000;

/** A qualified name, `[prefix/]name`: label keys, annotation keys, selector keys. */
export function qualifiedNameProblems(value: string): string[] {
  if (validQualifiedNames.has(value)) return noProblems as string[];
  const problems = computeQualifiedNameProblems(value);
  if (problems.length === 0 && validQualifiedNames.size < validQualifiedNamesLimit) validQualifiedNames.add(value);
  return problems;
}

function computeQualifiedNameProblems(value: string): string[] {
  const parts = value.split("/");
  let name: string;
  const problems: string[] = [];
  if (parts.length === 1) {
    name = parts[0];
  } else if (parts.length === 2) {
    const [prefix, rest] = parts;
    name = rest;
    if (prefix.length === 0) problems.push("prefix part must be non-empty");
    else for (const p of dns1123SubdomainProblems(prefix)) problems.push(`prefix part ${p}`);
  } else {
    return ["a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc'), with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"];
  }
  if (name.length === 0) problems.push("name part must be non-empty");
  else if (name.length > QUALIFIED_NAME_MAX) problems.push(`name part ${tooLong(QUALIFIED_NAME_MAX)}`);
  if (name.length > 0 && !qualifiedNamePattern.test(name)) {
    problems.push("name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc')");
  }
  return problems;
}

/** A label value: empty, or up to 63 alphanumerics with '-', '_', '.' inside. */
export function labelValueProblems(value: string): string[] {
  if (value.length <= LABEL_VALUE_MAX && labelValuePattern.test(value)) return noProblems as string[];
  const problems: string[] = [];
  if (value.length > LABEL_VALUE_MAX) problems.push(tooLong(LABEL_VALUE_MAX));
  if (!labelValuePattern.test(value)) {
    problems.push("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345')");
  }
  return problems;
}

/** Keys of ConfigMap and Secret data: they become file names when mounted. */
export function configMapKeyProblems(value: string): string[] {
  const problems: string[] = [];
  if (value.length > CONFIG_MAP_KEY_MAX) problems.push(tooLong(CONFIG_MAP_KEY_MAX));
  if (!configMapKeyPattern.test(value)) problems.push("a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name')");
  if (value === ".") problems.push("must not be '.'");
  else if (value === "..") problems.push("must not be '..'");
  else if (value.startsWith("..")) problems.push("must not start with '..'");
  return problems;
}

/**
 * Environment variable names. Since Kubernetes 1.34 (RelaxedEnvironmentVariableValidation, GA) any
 * printable ASCII character except '=' is allowed.
 */
export function envVarNameProblems(value: string): string[] {
  if (value.length === 0) return ["must not be empty"];
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code === 61 /* = */ || code < 32 || code > 126) return ["a valid environment variable name must consist only of printable ASCII characters other than '='"];
  }
  return noProblems as string[];
}

/** Names that appear in a URL path (e.g. HPA scaleTargetRef kind and name). */
export function pathSegmentNameProblems(value: string): string[] {
  if (value === "." || value === "..") return [`may not be '${value}'`];
  const problems: string[] = [];
  for (const bad of ["/", "%"]) if (value.includes(bad)) problems.push(`may not contain '${bad}'`);
  return problems;
}

export function isPercent(value: string): boolean {
  return percentPattern.test(value);
}

/** A TCP/UDP port number, 1–65535. */
export function portNumberProblems(value: number): string[] {
  return Number.isInteger(value) && value >= 1 && value <= 65535 ? (noProblems as string[]) : ["must be between 1 and 65535, inclusive"];
}
