import type { JsonObject } from "../../schema/json.js";
import type { ObjectRef } from "../../store/index.js";
import type { ValueChange } from "../diff/value-change.js";
import type { PlanAction } from "../model.js";
import type { WorkloadRefs } from "./workload-refs.js";

/** What the consequence rules see of one change: the compared objects unmasked (rules never quote Secret values). */
export interface ConsequenceInput {
  action: PlanAction;
  ref: Required<ObjectRef>;
  before?: JsonObject;
  after?: JsonObject;
  /** The unmasked change tree. */
  diff: ValueChange;
  /** Who uses what among the desired objects. */
  refs: WorkloadRefs;
}
