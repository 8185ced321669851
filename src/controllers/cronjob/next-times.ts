import type { JsonObject } from "../../schema/json.js";
import { specOf } from "../shared/pod-facts.js";
import { parseSchedule as parse } from "./schedule.js";

/** The next `count` schedule times after now (for `mk get cronjob` and tests); empty when the schedule is invalid. */
export function nextScheduleTimes(cronJob: JsonObject, now: Date, count = 1): Date[] {
  const spec = specOf(cronJob);
  const parsed = parse(String(spec.schedule ?? ""), typeof spec.timeZone === "string" ? spec.timeZone : undefined);
  if (!parsed.ok) return [];
  const out: Date[] = [];
  let t = now;
  for (let i = 0; i < count; i++) {
    t = parsed.schedule.next(t);
    out.push(t);
  }
  return out;
}
