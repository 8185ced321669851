export { createCronJobController, CRONJOB_CONTROLLER } from "./controller.js";
export { decideCronJob, jobForSchedule, cronJobName, formatInZone, jobFinishedAs, SCHEDULED_TIMESTAMP_ANNOTATION, type CronJobDecision, type CronJobEvent } from "./decide.js";
export { parseSchedule, missedSchedules, type CronSchedule, type MissedSchedules, type ParsedSchedule } from "./schedule.js";

export { nextScheduleTimes } from "./next-times.js";
