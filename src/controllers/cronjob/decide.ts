import { isJsonObject, type JsonObject } from "../../schema/json.js";
import { formatRfc1123z, formatTimestamp } from "../../store/index.js";
import { controllerRef, creationTime, intField, isBeingDeleted, metadataOf, nameOf, specOf, statusOf, uidOf } from "../shared/pod-facts.js";
import { missedSchedules, parseSchedule } from "./schedule.js";

export const SCHEDULED_TIMESTAMP_ANNOTATION = "batch.kubernetes.io/cronjob-scheduled-timestamp";

export interface CronJobEvent {
  type: "Normal" | "Warning";
  reason: string;
  message: string;
}

export interface CronJobDecision {
  /** The Job to create for the most recent missed schedule time. */
  create?: { job: JsonObject; scheduledTime: Date };
  /** Jobs to delete (Replace, or history beyond the limits), with the event to record. */
  delete: JsonObject[];
  events: CronJobEvent[];
  /** The status to write (the created Job's reference is appended by the caller). */
  status: JsonObject;
  requeueAfterMs?: number;
}

/** A Job's terminal condition (Complete or Failed), if it has finished. */
export function jobFinishedAs(job: JsonObject): "Complete" | "Failed" | undefined {
  const conditions = Array.isArray(statusOf(job).conditions) ? (statusOf(job).conditions as JsonObject[]).filter(isJsonObject) : [];
  for (const c of conditions) if ((c.type === "Complete" || c.type === "Failed") && c.status === "True") return c.type;
  return undefined;
}

/** `<cronjob>-<scheduled time in minutes since the epoch>`, as getJobName does. */
export function cronJobName(cronJobName: string, scheduledTime: Date): string {
  return `${cronJobName}-${Math.floor(scheduledTime.getTime() / 60_000)}`;
}

/** RFC 3339 in the CronJob's zone (the scheduled-timestamp annotation). */
export function formatInZone(date: Date, timeZone?: string): string {
  if (!timeZone || timeZone === "UTC" || timeZone === "Etc/UTC") return formatTimestamp(date);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  const local = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  const offsetMin = Math.round((local - Math.floor(date.getTime() / 1000) * 1000) / 60_000);
  if (offsetMin === 0) return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}Z`;
  const sign = offsetMin < 0 ? "-" : "+";
  const abs = Math.abs(offsetMin);
  const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${offset}`;
}

/** The Job getJobFromTemplate2 builds: the jobTemplate with the owner and the scheduled time. */
export function jobForSchedule(cronJob: JsonObject, scheduledTime: Date): JsonObject {
  const spec = specOf(cronJob);
  const template = isJsonObject(spec.jobTemplate) ? spec.jobTemplate : {};
  const tmeta = isJsonObject(template.metadata) ? template.metadata : {};
  const timeZone = typeof spec.timeZone === "string" ? spec.timeZone : undefined;
  const metadata: JsonObject = {
    name: cronJobName(nameOf(cronJob), scheduledTime),
    namespace: String(metadataOf(cronJob).namespace ?? "default"),
    labels: { ...(isJsonObject(tmeta.labels) ? tmeta.labels : {}) },
    annotations: { ...(isJsonObject(tmeta.annotations) ? tmeta.annotations : {}), [SCHEDULED_TIMESTAMP_ANNOTATION]: formatInZone(scheduledTime, timeZone) },
    ownerReferences: [controllerRef(cronJob)],
  };
  if (Object.keys(metadata.labels as JsonObject).length === 0) delete metadata.labels;
  return { apiVersion: "batch/v1", kind: "Job", metadata, spec: structuredClone(isJsonObject(template.spec) ? template.spec : {}) };
}

export function jobReference(job: JsonObject): JsonObject {
  const meta = metadataOf(job);
  return { apiVersion: "batch/v1", kind: "Job", name: String(meta.name), namespace: String(meta.namespace ?? "default"), uid: String(meta.uid), resourceVersion: String(meta.resourceVersion ?? "") };
}

function jobStart(job: JsonObject): number {
  const start = statusOf(job).startTime;
  const t = typeof start === "string" ? Date.parse(start) : NaN;
  return Number.isFinite(t) ? t : creationTime(job);
}

/** The CronJob controller's syncCronJob as a function of the CronJob, its Jobs and now. */
export function decideCronJob(cronJob: JsonObject, jobs: readonly JsonObject[], now: Date): CronJobDecision {
  const spec = specOf(cronJob);
  const previous = statusOf(cronJob);
  const events: CronJobEvent[] = [];
  const toDelete: JsonObject[] = [];
  const byUid = new Map(jobs.map((j) => [uidOf(j), j]));

  // Active list: what still runs; finished and vanished Jobs leave it.
  const activeRefs = Array.isArray(previous.active) ? previous.active.filter(isJsonObject) : [];
  const active = new Map<string, JsonObject>();
  for (const ref of activeRefs) {
    const job = byUid.get(String(ref.uid));
    if (!job) {
      events.push({ type: "Normal", reason: "MissingJob", message: `Active job went missing: ${String(ref.name)}` });
      continue;
    }
    const finished = jobFinishedAs(job);
    if (finished) events.push({ type: "Normal", reason: "SawCompletedJob", message: `Saw completed job: ${nameOf(job)}, condition: ${finished}` });
    else active.set(uidOf(job), job);
  }
  for (const job of jobs) {
    if (!jobFinishedAs(job) && !active.has(uidOf(job)) && !isBeingDeleted(job)) active.set(uidOf(job), job);
  }

  let lastSuccessfulTime = typeof previous.lastSuccessfulTime === "string" ? previous.lastSuccessfulTime : undefined;
  for (const job of jobs) {
    const done = statusOf(job).completionTime;
    if (jobFinishedAs(job) === "Complete" && typeof done === "string" && (!lastSuccessfulTime || Date.parse(done) > Date.parse(lastSuccessfulTime))) lastSuccessfulTime = done;
  }
  let lastScheduleTime = typeof previous.lastScheduleTime === "string" ? previous.lastScheduleTime : undefined;
  let create: CronJobDecision["create"];
  let requeueAfterMs: number | undefined;

  const parsed = parseSchedule(String(spec.schedule ?? ""), typeof spec.timeZone === "string" ? spec.timeZone : undefined);
  if (!parsed.ok) {
    events.push({ type: "Warning", reason: parsed.reason, message: parsed.message });
  } else if (spec.suspend !== true) {
    const schedule = parsed.schedule;
    const sds = typeof spec.startingDeadlineSeconds === "number" ? spec.startingDeadlineSeconds : undefined;
    const earliest = lastScheduleTime ? new Date(lastScheduleTime) : new Date(creationTime(cronJob));
    const missed = missedSchedules(schedule, earliest, now, sds);
    requeueAfterMs = missed.next.getTime() - now.getTime() + 100;
    if (missed.missed > 100) {
      // Kubernetes (CronJobControllerV2) warns and still starts the most recent one; seed 002:796 describes the old controller, which gave up.
      events.push({ type: "Warning", reason: "TooManyMissedTimes", message: `too many missed start times: ${missed.missed}. Set or decrease .spec.startingDeadlineSeconds or check clock skew` });
    }
    const scheduled = missed.mostRecent;
    if (scheduled) {
      const name = cronJobName(nameOf(cronJob), scheduled);
      const tooLate = sds !== undefined && scheduled.getTime() + sds * 1000 < now.getTime();
      const policy = spec.concurrencyPolicy === "Forbid" || spec.concurrencyPolicy === "Replace" ? spec.concurrencyPolicy : "Allow";
      if (tooLate) {
        events.push({ type: "Warning", reason: "MissSchedule", message: `Missed scheduled time to start a job: ${formatRfc1123z(scheduled)}` });
      } else if (jobs.some((j) => nameOf(j) === name)) {
        lastScheduleTime = formatTimestamp(scheduled);
      } else if (policy === "Forbid" && active.size > 0) {
        events.push({ type: "Normal", reason: "JobAlreadyActive", message: "Not starting job because prior execution is running and concurrency policy is Forbid" });
      } else {
        if (policy === "Replace") {
          for (const job of active.values()) toDelete.push(job);
          active.clear();
        }
        create = { job: jobForSchedule(cronJob, scheduled), scheduledTime: scheduled };
        lastScheduleTime = formatTimestamp(scheduled);
      }
    }
  }

  // History: keep the newest successfulJobsHistoryLimit (3) and failedJobsHistoryLimit (1) finished Jobs.
  const limits = { Complete: intField(spec, "successfulJobsHistoryLimit", 3), Failed: intField(spec, "failedJobsHistoryLimit", 1) };
  for (const kind of ["Complete", "Failed"] as const) {
    const finished = jobs.filter((j) => jobFinishedAs(j) === kind && !isBeingDeleted(j)).sort((a, b) => jobStart(a) - jobStart(b));
    toDelete.push(...finished.slice(0, Math.max(0, finished.length - limits[kind])));
  }

  const status: JsonObject = {};
  // A reference keeps the resourceVersion it was made with (as the controller's does): no status churn.
  const previousRef = new Map(activeRefs.map((r) => [String(r.uid), r]));
  const refs = [...active.values()].map((j) => previousRef.get(uidOf(j)) ?? jobReference(j));
  if (refs.length > 0) status.active = refs;
  if (lastScheduleTime) status.lastScheduleTime = lastScheduleTime;
  if (lastSuccessfulTime) status.lastSuccessfulTime = lastSuccessfulTime;
  return { create, delete: toDelete, events, status, requeueAfterMs };
}
