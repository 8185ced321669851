import { test } from "node:test";
import assert from "node:assert/strict";
import { enumFromDescription } from "../../scripts/gen-api/enum-from-description.js";

// Descriptions from the Kubernetes 1.36 OpenAPI document (which has no `enum` for built-in types).
const closed: [string, string[]][] = [
  ["Restart policy for all containers within the pod. One of Always, OnFailure, Never. In some contexts, only a subset of those values may be permitted. Default to Always.", ["Always", "OnFailure", "Never"]],
  ["Protocol for port. Must be UDP, TCP, or SCTP. Defaults to \"TCP\".", ["UDP", "TCP", "SCTP"]],
  ["Type of deployment. Can be \"Recreate\" or \"RollingUpdate\". Default is RollingUpdate.", ["Recreate", "RollingUpdate"]],
  ["Set DNS policy for the pod. Defaults to \"ClusterFirst\". Valid values are 'ClusterFirstWithHostNet', 'ClusterFirst', 'Default' or 'None'. DNS parameters given in DNSConfig will be merged.", ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"]],
  ["Status of the condition, one of True, False, Unknown.", ["True", "False", "Unknown"]],
  ["Supports \"ClientIP\" and \"None\". Used to maintain session affinity. Must be ClientIP or None. Defaults to None.", ["ClientIP", "None"]],
  ["Name of the resource to which this resource resize policy applies. Supported values: cpu, memory.", ["cpu", "memory"]],
  ["Specifies how to treat concurrent executions of a Job. Valid values are:\n\n- \"Allow\" (default): allows CronJobs to run concurrently; - \"Forbid\": forbids concurrent runs; - \"Replace\": cancels currently running job", ["Allow", "Forbid", "Replace"]],
  ["type indicates which kind of AppArmor profile will be applied. Valid options are:\n  Localhost - a profile pre-loaded on the node.\n  RuntimeDefault - the container runtime's default profile.\n  Unconfined - no AppArmor enforcement.", ["Localhost", "RuntimeDefault", "Unconfined"]],
  ["Set DNS policy.\n\nPossible enum values:\n - `\"ClusterFirst\"` uses cluster DNS.\n - `\"Default\"` uses the node's.", ["ClusterFirst", "Default"]],
];

const open: string[] = [
  // A stray period splits the list: taking "In, NotIn, Exists, DoesNotExist" would reject Gt and Lt.
  "Represents a key's relationship to a set of values. Valid operators are In, NotIn, Exists, DoesNotExist. Gt, and Lt.",
  "Type of this event (Normal, Warning), new types could be added in the future",
  "Name is the name of the operating system. The currently supported values are linux and windows. Additional value may be defined in future.",
  "medium represents what type of storage medium should back this directory. Must be an empty string (default) or Memory.",
  "type represents whether the metric type is Utilization, Value, or AverageValue",
  "This field can be set or unset.",
  "Name must be unique within a namespace. Must be a DNS_LABEL.",
  "",
];

for (const [description, values] of closed) {
  test(`enum ${values.join("|")}`, () => assert.deepEqual(enumFromDescription(description), values));
}

for (const description of open) {
  test(`no enum: ${description.slice(0, 60) || "(empty)"}`, () => assert.equal(enumFromDescription(description), undefined));
}

test("two statements of the same set agree; different sets are ambiguous", () => {
  assert.deepEqual(enumFromDescription("Must be A or B. One of A, B."), ["A", "B"]);
  assert.equal(enumFromDescription("Must be A or B. One of A, B, C."), undefined);
});
