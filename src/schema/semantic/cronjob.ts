import type { JsonObject } from "../json.js";
import { suggestName } from "../../diag/suggest.js";
import { parseCronSchedule, timeZoneProblem } from "../cron.js";
import { SemanticCode } from "./codes.js";
import type { IssueList } from "./issue-list.js";
import { booleanField, has, objectField, stringField } from "./json-access.js";
import { checkTemplateMeta } from "./metadata.js";
import { checkEnum, checkNonNegative } from "./numbers.js";
import { checkJobSpec } from "./job.js";

/** Jobs are named `<cronjob>-<minutes since epoch>`: 11 more characters within a 63-character name. */
const maxCronJobNameLength = 52;

const descriptorNames = ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"];

/** batch/v1 CronJob (ValidateCronJobCreate). */
export function checkCronJob(object: JsonObject, issues: IssueList): void {
  const name = stringField(objectField(object, "metadata"), "name") ?? "";
  if (name.length > maxCronJobNameLength) {
    issues.error(SemanticCode.nameTooLongForChildren, ["metadata", "name"], `a CronJob name must be no more than ${maxCronJobNameLength} characters (this one has ${name.length}): each Job it creates appends an 11-character suffix`, {
      help: "shorten the name",
    });
  }
  const spec = objectField(object, "spec");
  const schedule = stringField(spec, "schedule");
  if (schedule === undefined || schedule === "") {
    issues.error(SemanticCode.invalidSchedule, ["spec", "schedule"], "a CronJob needs a schedule, e.g. `*/5 * * * *` (every five minutes)");
  } else {
    const parsed = parseCronSchedule(schedule);
    if (!parsed.ok) {
      const near = schedule.startsWith("@") ? suggestName(schedule.trim(), descriptorNames) : undefined;
      issues.error(SemanticCode.invalidSchedule, ["spec", "schedule"], `invalid schedule \`${schedule}\`: ${parsed.error}`, {
        notes: "a schedule is five fields: minute (0-59), hour (0-23), day of month (1-31), month (1-12 or jan-dec), day of week (0-6 or sun-sat)",
        help: near ? `did you mean \`${near}\`?` : schedule.includes("TZ") ? "move the zone to spec.timeZone, e.g. `timeZone: Europe/Berlin`" : undefined,
      });
    }
  }
  const timeZone = stringField(spec, "timeZone");
  if (timeZone !== undefined) {
    const problem = timeZoneProblem(timeZone);
    if (problem) {
      issues.error(SemanticCode.invalidTimeZone, ["spec", "timeZone"], problem.message, {
        help: problem.suggestion ? `did you mean \`${problem.suggestion}\`?` : "use an IANA name such as `Etc/UTC`, `Europe/Berlin` or `America/New_York`",
      });
    }
  }
  checkEnum(spec, "concurrencyPolicy", ["Allow", "Forbid", "Replace"], ["spec"], issues);
  checkNonNegative(spec, ["startingDeadlineSeconds", "successfulJobsHistoryLimit", "failedJobsHistoryLimit"], ["spec"], issues);

  const jobTemplate = objectField(spec, "jobTemplate");
  if (!jobTemplate) {
    issues.error(SemanticCode.missingContainerPart, ["spec", "jobTemplate"], "a CronJob needs spec.jobTemplate, the Job it creates on schedule");
    return;
  }
  checkTemplateMeta(objectField(jobTemplate, "metadata"), ["spec", "jobTemplate", "metadata"], issues);
  const jobSpec = objectField(jobTemplate, "spec");
  const jobPath = ["spec", "jobTemplate", "spec"];
  checkJobSpec(jobSpec, jobPath, "CronJob", issues);
  if (has(jobSpec, "selector")) {
    issues.error(SemanticCode.jobSelector, [...jobPath, "selector"], "a CronJob's jobTemplate may not set a selector: each Job's selector is generated", {
      help: "remove the selector",
    });
  }
  if (booleanField(jobSpec, "manualSelector") === true) {
    issues.error(SemanticCode.jobSelector, [...jobPath, "manualSelector"], "a CronJob's jobTemplate may not set manualSelector: true");
  }
}
