/**
 * The refresh step: before planning, the runtime compares what the store says should be running
 * with what is (podman containers gone, containers removed by hand) and reports the differences.
 * The runtime fills this hook in; the planner only needs the interface, and tests use a fake.
 */
import type { JsonObject } from "../schema/json.js";
import type { ObjectRef } from "../store/index.js";

/** One object changed outside of mk, as the runtime saw it. */
export interface DriftObservation {
  /** The stored object the runtime checked (a Pod, usually). */
  ref: ObjectRef;
  change: "deleted" | "updated";
  /** The object as it is live, for `updated`: the plan shows stored → live field by field. */
  live?: JsonObject;
  /** In words, for people: "container sidecar was removed", "pod web-0 exited". */
  details?: string[];
}

export interface RefreshRequest {
  /** Every object in the store when the plan started (desired and controller-owned). */
  stored: readonly JsonObject[];
}

export interface Refresher {
  /** A short name for messages ("podman"). */
  readonly name: string;
  refresh(request: RefreshRequest): Promise<DriftObservation[]>;
}
