import { CronExpressionParser } from "cron-parser";
import { CRON_DESCRIPTORS, timeZoneProblem } from "../../schema/cron.js";

/**
 * A CronJob schedule as Kubernetes reads it (robfig/cron's standard parser): five fields,
 * or one of the descriptors, evaluated in spec.timeZone (default: the controller's zone, UTC
 * here). A TZ= or CRON_TZ= prefix is refused as the apiserver refuses it.
 */
export interface CronSchedule {
  /** The first schedule time strictly after `after`. */
  next(after: Date): Date;
  /** The last schedule time at or before `atOrBefore`, if any. */
  previous(atOrBefore: Date): Date | undefined;
}

export type ParsedSchedule = { ok: true; schedule: CronSchedule } | { ok: false; reason: "UnparseableSchedule" | "UnknownTimeZone"; message: string };

export function parseSchedule(text: string, timeZone?: string): ParsedSchedule {
  if (timeZone !== undefined && timeZoneProblem(timeZone) !== undefined) {
    return { ok: false, reason: "UnknownTimeZone", message: `invalid timeZone: ${JSON.stringify(timeZone)}: unknown time zone ${timeZone}` };
  }
  const trimmed = text.trim();
  if (/^(CRON_)?TZ=/.test(trimmed)) {
    return { ok: false, reason: "UnparseableSchedule", message: `unparseable schedule: ${JSON.stringify(text)} : cannot use TZ or CRON_TZ in schedule, use timeZone field instead` };
  }
  const expression = trimmed.startsWith("@") ? CRON_DESCRIPTORS[trimmed.toLowerCase()] : trimmed;
  if (expression === undefined) return { ok: false, reason: "UnparseableSchedule", message: `unparseable schedule: ${JSON.stringify(text)} : unrecognized descriptor: ${trimmed}` };
  const fields = expression.split(/\s+/);
  if (fields.length !== 5) {
    return { ok: false, reason: "UnparseableSchedule", message: `unparseable schedule: ${JSON.stringify(text)} : expected exactly 5 fields, found ${fields.length}: ${JSON.stringify(expression)}` };
  }
  const tz = timeZone ?? "UTC";
  try {
    CronExpressionParser.parse(expression, { currentDate: new Date(0), tz, strict: false });
  } catch (e) {
    return { ok: false, reason: "UnparseableSchedule", message: `unparseable schedule: ${JSON.stringify(text)} : ${(e as Error).message}` };
  }
  return {
    ok: true,
    schedule: {
      next: (after) => CronExpressionParser.parse(expression, { currentDate: after, tz }).next().toDate(),
      previous: (atOrBefore) => {
        try {
          return CronExpressionParser.parse(expression, { currentDate: new Date(atOrBefore.getTime() + 1), tz }).prev().toDate();
        } catch {
          return undefined;
        }
      },
    },
  };
}

export interface MissedSchedules {
  /** The latest schedule time in (earliest, now], if any. */
  mostRecent?: Date;
  /** How many schedule times fell in (earliest, now] (estimated past 100, as Kubernetes does). */
  missed: number;
  /** The next schedule time after now. */
  next: Date;
}

/**
 * The schedule times a CronJob has not acted on: after lastScheduleTime (else its creation), and
 * not before now − startingDeadlineSeconds (mostRecentScheduleTime in the controller).
 */
export function missedSchedules(schedule: CronSchedule, earliest: Date, now: Date, startingDeadlineSeconds?: number): MissedSchedules {
  let from = earliest;
  if (startingDeadlineSeconds !== undefined) {
    const deadline = new Date(now.getTime() - startingDeadlineSeconds * 1000);
    if (deadline > from) from = deadline;
  }
  const next = schedule.next(now);
  const first = schedule.next(from);
  if (first > now) return { missed: 0, next };
  const mostRecent = schedule.previous(now) ?? first;
  let missed = 0;
  let t = first;
  while (t <= now && missed <= 100) {
    missed++;
    t = schedule.next(t);
  }
  if (missed > 100) {
    // Counting every minute of a year is pointless: estimate from the period, as the controller does.
    const second = schedule.next(first);
    const period = second.getTime() - first.getTime();
    missed = period > 0 ? Math.floor((now.getTime() - first.getTime()) / period) + 1 : missed;
  }
  return { mostRecent, missed, next };
}
