import { createHash } from "node:crypto";
import type { JsonObject } from "../schema/json.js";

/** corev1.ObjectReference as events use it. */
export interface InvolvedObject {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  uid?: string;
  resourceVersion?: string;
  fieldPath?: string;
}

export type EventType = "Normal" | "Warning";

/** What a controller reports (record.EventRecorder.Event). */
export interface EventInput {
  involvedObject: InvolvedObject;
  type: EventType;
  /** UpperCamelCase, short: `ScalingReplicaSet`, `FailedCreate`, `BackOff`. */
  reason: string;
  message: string;
  /** Who reports it: `deployment-controller`, `kubelet` (with the host). */
  source: { component: string; host?: string };
  action?: string;
}

/**
 * Two events are the same event when everything but their time is the same: the apiserver's
 * EventCorrelator key (source, involved object, type, reason, message). A repeat increments
 * count and moves lastTimestamp instead of adding an object.
 */
export function eventDedupKey(input: EventInput): string {
  const o = input.involvedObject;
  const parts = [
    input.source.component,
    input.source.host ?? "",
    o.kind,
    o.namespace ?? "",
    o.name,
    o.fieldPath ?? "",
    o.uid ?? "",
    o.apiVersion,
    input.type,
    input.reason,
    input.message,
  ];
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex");
}

/** The namespace an event lives in: its object's, or `default` for cluster-scoped objects (as kubectl does). */
export function eventNamespace(input: EventInput): string {
  const ns = input.involvedObject.namespace;
  return ns === undefined || ns === "" ? "default" : ns;
}

export interface NewEventFields {
  uid: string;
  /** `<involved name>.<hex>`, as client-go names events. */
  name: string;
  resourceVersion: string;
  timestamp: string;
}

/** A core/v1 Event as the apiserver would hold it. */
export function newEventObject(input: EventInput, f: NewEventFields): JsonObject {
  const involved: JsonObject = { apiVersion: input.involvedObject.apiVersion, kind: input.involvedObject.kind, name: input.involvedObject.name };
  const o = input.involvedObject;
  if (o.namespace) involved.namespace = o.namespace;
  if (o.uid) involved.uid = o.uid;
  if (o.resourceVersion) involved.resourceVersion = o.resourceVersion;
  if (o.fieldPath) involved.fieldPath = o.fieldPath;
  const source: JsonObject = { component: input.source.component };
  if (input.source.host) source.host = input.source.host;
  const event: JsonObject = {
    apiVersion: "v1",
    kind: "Event",
    metadata: {
      name: f.name,
      namespace: eventNamespace(input),
      uid: f.uid,
      resourceVersion: f.resourceVersion,
      creationTimestamp: f.timestamp,
    },
    involvedObject: involved,
    reason: input.reason,
    message: input.message,
    type: input.type,
    source,
    count: 1,
    firstTimestamp: f.timestamp,
    lastTimestamp: f.timestamp,
    reportingComponent: input.source.component,
    reportingInstance: input.source.host ?? "",
  };
  if (input.action) event.action = input.action;
  return event;
}

/** The stored event after one more occurrence. */
export function repeatedEvent(existing: JsonObject, resourceVersion: string, timestamp: string): JsonObject {
  const metadata = { ...(existing.metadata as JsonObject), resourceVersion };
  const count = typeof existing.count === "number" ? existing.count + 1 : 2;
  return { ...existing, metadata, count, lastTimestamp: timestamp };
}
