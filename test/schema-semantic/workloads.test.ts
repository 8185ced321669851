import { test } from "node:test";
import assert from "node:assert/strict";
import { SemanticCode as C } from "../../src/schema/semantic/codes.js";
import { claimTemplate, container, cronJob, daemonSet, deployment, expectClean, expectIssue, expectNoIssue, job, replicaSet, statefulSet } from "./fixtures.js";

test("clean workloads have no issues", () => {
  for (const object of [deployment(), replicaSet(), daemonSet(), job(), cronJob()]) expectClean(object);
  expectClean(statefulSet({ volumeClaimTemplates: [claimTemplate("data")], template: { spec: { containers: [container({ volumeMounts: [{ name: "data", mountPath: "/data" }] })] } } }));
});

test("replica counts and history limits must not be negative", () => {
  expectNoIssue(deployment({ replicas: 0, revisionHistoryLimit: 0 }), C.negativeValue);
  expectIssue(deployment({ replicas: -1 }), C.negativeValue, "spec.replicas");
  expectIssue(deployment({ revisionHistoryLimit: -1 }), C.negativeValue, "spec.revisionHistoryLimit");
  expectIssue(replicaSet({ minReadySeconds: -5 }), C.negativeValue, "spec.minReadySeconds");
  expectIssue(statefulSet({ replicas: -1 }), C.negativeValue, "spec.replicas");
  expectIssue(daemonSet({ revisionHistoryLimit: -2 }), C.negativeValue, "spec.revisionHistoryLimit");
});

test("Deployment: maxSurge and maxUnavailable are not both 0", () => {
  expectNoIssue(deployment({ strategy: { rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } }), C.surgeAndUnavailable);
  expectNoIssue(deployment({ strategy: { rollingUpdate: { maxSurge: 0 } } }), C.surgeAndUnavailable);
  expectIssue(deployment({ strategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } } }), C.surgeAndUnavailable, "spec.strategy.rollingUpdate.maxUnavailable");
  expectIssue(deployment({ strategy: { rollingUpdate: { maxSurge: "0%", maxUnavailable: 0 } } }), C.surgeAndUnavailable, "spec.strategy.rollingUpdate.maxUnavailable");
});

test("Deployment: int-or-percent values, maxUnavailable at most 100%", () => {
  expectNoIssue(deployment({ strategy: { rollingUpdate: { maxSurge: "150%", maxUnavailable: "100%" } } }), C.invalidIntOrPercent);
  expectIssue(deployment({ strategy: { rollingUpdate: { maxUnavailable: "120%" } } }), C.invalidIntOrPercent, "spec.strategy.rollingUpdate.maxUnavailable");
  expectIssue(deployment({ strategy: { rollingUpdate: { maxSurge: "25 %" } } }), C.invalidIntOrPercent, "spec.strategy.rollingUpdate.maxSurge");
  expectIssue(deployment({ strategy: { rollingUpdate: { maxSurge: -1 } } }), C.invalidIntOrPercent, "spec.strategy.rollingUpdate.maxSurge");
});

test("Deployment: rollingUpdate only with type RollingUpdate; type is RollingUpdate or Recreate", () => {
  expectNoIssue(deployment({ strategy: { type: "Recreate" } }), C.rollingUpdateWithoutType);
  expectIssue(deployment({ strategy: { type: "Recreate", rollingUpdate: { maxSurge: 1 } } }), C.rollingUpdateWithoutType, "spec.strategy.rollingUpdate");
  const issue = expectIssue(deployment({ strategy: { type: "recreate" } }), C.unsupportedValue, "spec.strategy.type");
  assert.deepEqual(issue.help, ["did you mean `Recreate`?"]);
});

test("Deployment: progressDeadlineSeconds greater than minReadySeconds", () => {
  expectNoIssue(deployment({ minReadySeconds: 30, progressDeadlineSeconds: 60 }), C.progressDeadline);
  expectIssue(deployment({ minReadySeconds: 600 }), C.progressDeadline, "spec.progressDeadlineSeconds");
  expectIssue(deployment({ minReadySeconds: 10, progressDeadlineSeconds: 10 }), C.progressDeadline, "spec.progressDeadlineSeconds");
});

test("StatefulSet: podManagementPolicy and update strategy values", () => {
  expectNoIssue(statefulSet({ podManagementPolicy: "Parallel", updateStrategy: { type: "OnDelete" } }), C.unsupportedValue);
  expectIssue(statefulSet({ podManagementPolicy: "Ordered" }), C.unsupportedValue, "spec.podManagementPolicy");
  expectIssue(statefulSet({ updateStrategy: { type: "Recreate" } }), C.unsupportedValue, "spec.updateStrategy.type");
  expectIssue(statefulSet({ persistentVolumeClaimRetentionPolicy: { whenDeleted: "Keep" } }), C.unsupportedValue, "spec.persistentVolumeClaimRetentionPolicy.whenDeleted");
});

test("StatefulSet: partition not negative, maxUnavailable not 0, rollingUpdate only with RollingUpdate", () => {
  expectNoIssue(statefulSet({ updateStrategy: { rollingUpdate: { partition: 2, maxUnavailable: "50%" } } }), C.invalidIntOrPercent);
  expectIssue(statefulSet({ updateStrategy: { rollingUpdate: { partition: -1 } } }), C.negativeValue, "spec.updateStrategy.rollingUpdate.partition");
  expectIssue(statefulSet({ updateStrategy: { rollingUpdate: { maxUnavailable: 0 } } }), C.invalidIntOrPercent, "spec.updateStrategy.rollingUpdate.maxUnavailable");
  expectIssue(statefulSet({ updateStrategy: { type: "OnDelete", rollingUpdate: { partition: 1 } } }), C.rollingUpdateWithoutType, "spec.updateStrategy.rollingUpdate");
});

test("StatefulSet: serviceName is optional in 1.36 but missing it is warned about", () => {
  expectNoIssue(statefulSet(), C.noServiceName);
  expectIssue(statefulSet({ serviceName: undefined }), C.noServiceName, "spec.serviceName", "warning");
});

test("StatefulSet: claim templates need access modes and storage (a warning: the apiserver accepts the set)", () => {
  const mounted = { template: { spec: { containers: [container({ volumeMounts: [{ name: "data", mountPath: "/data" }] })] } } };
  expectNoIssue(statefulSet({ ...mounted, volumeClaimTemplates: [claimTemplate("data")] }), C.accessModes);
  const issue = expectIssue(statefulSet({ ...mounted, volumeClaimTemplates: [claimTemplate("data", { accessModes: undefined })] }), C.accessModes, "spec.volumeClaimTemplates[0].spec.accessModes", "warning");
  assert.ok(issue.notes?.some((n) => n.includes("Pending")));
  expectIssue(statefulSet({ ...mounted, volumeClaimTemplates: [claimTemplate("data", { resources: undefined })] }), C.storageRequest, "spec.volumeClaimTemplates[0].spec.resources.requests.storage", "warning");
  expectNoIssue(statefulSet({ ...mounted, volumeClaimTemplates: [claimTemplate("data")] }), C.claimTemplate);
  expectIssue(statefulSet({ ...mounted, volumeClaimTemplates: [claimTemplate("Data")] }), C.claimTemplate, "spec.volumeClaimTemplates[0].metadata.name", "warning");
  expectIssue(statefulSet({ ...mounted, volumeClaimTemplates: [claimTemplate("data"), claimTemplate("data")] }), C.claimTemplate, "spec.volumeClaimTemplates[1].metadata.name", "warning");
});

test("StatefulSet: claim templates count as volumes for mounts, and should be mounted", () => {
  const mount = { template: { spec: { containers: [container({ volumeMounts: [{ name: "data", mountPath: "/data" }] })] } } };
  expectNoIssue(statefulSet({ ...mount, volumeClaimTemplates: [claimTemplate("data")] }), C.undeclaredVolume);
  expectIssue(statefulSet(mount), C.undeclaredVolume, "spec.template.spec.containers[0].volumeMounts[0].name");
  expectIssue(statefulSet({ volumeClaimTemplates: [claimTemplate("data")] }), C.claimTemplate, "spec.volumeClaimTemplates[0].metadata.name", "warning");
});

test("StatefulSet: terminationGracePeriodSeconds 0 is warned about", () => {
  expectNoIssue(statefulSet({ template: { spec: { terminationGracePeriodSeconds: 10 } } }), C.forbiddenInTemplate);
  expectIssue(statefulSet({ template: { spec: { terminationGracePeriodSeconds: 0 } } }), C.forbiddenInTemplate, "spec.template.spec.terminationGracePeriodSeconds", "warning");
});

test("DaemonSet: one of maxSurge and maxUnavailable is non-zero, never both", () => {
  expectNoIssue(daemonSet({ updateStrategy: { rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } } }), C.surgeAndUnavailable);
  expectIssue(daemonSet({ updateStrategy: { rollingUpdate: { maxUnavailable: 1, maxSurge: 1 } } }), C.surgeAndUnavailable, "spec.updateStrategy.rollingUpdate.maxSurge");
  expectIssue(daemonSet({ updateStrategy: { rollingUpdate: { maxUnavailable: 0, maxSurge: 0 } } }), C.surgeAndUnavailable, "spec.updateStrategy.rollingUpdate.maxUnavailable");
  expectIssue(daemonSet({ updateStrategy: { rollingUpdate: { maxSurge: "101%", maxUnavailable: 0 } } }), C.invalidIntOrPercent, "spec.updateStrategy.rollingUpdate.maxSurge");
  expectIssue(daemonSet({ updateStrategy: { type: "Rolling" } }), C.unsupportedValue, "spec.updateStrategy.type");
});

test("Job: counts and limits must not be negative", () => {
  expectNoIssue(job({ completions: 5, parallelism: 2, backoffLimit: 0, ttlSecondsAfterFinished: 0 }), C.negativeValue);
  for (const field of ["completions", "parallelism", "backoffLimit", "ttlSecondsAfterFinished", "activeDeadlineSeconds"]) {
    expectIssue(job({ [field]: -1 }), C.negativeValue, `spec.${field}`);
  }
  expectNoIssue(job({ activeDeadlineSeconds: 600 }), C.notPositive);
  expectIssue(job({ activeDeadlineSeconds: 0 }), C.notPositive, "spec.activeDeadlineSeconds", "warning");
});

test("Job: Indexed completion needs completions; per-index fields need Indexed", () => {
  expectNoIssue(job({ completionMode: "Indexed", completions: 3, backoffLimitPerIndex: 1, maxFailedIndexes: 2 }), C.completionMode);
  expectIssue(job({ completionMode: "Indexed", completions: undefined, parallelism: 3 }), C.completionMode, "spec.completions");
  expectIssue(job({ backoffLimitPerIndex: 1 }), C.completionMode, "spec.backoffLimitPerIndex");
  expectIssue(job({ completionMode: "Indexed", completions: 3, maxFailedIndexes: 1 }), C.completionMode, "spec.backoffLimitPerIndex");
  expectIssue(job({ completionMode: "Indexed", completions: 3, backoffLimitPerIndex: 1, maxFailedIndexes: 4 }), C.completionMode, "spec.maxFailedIndexes");
  expectIssue(job({ completionMode: "Ordered" }), C.unsupportedValue, "spec.completionMode");
});

test("Job: an Indexed Job's Pod hostnames must stay DNS labels", () => {
  expectNoIssue(job({ completionMode: "Indexed", completions: 10 }), C.nameTooLongForChildren);
  expectIssue(job({ completionMode: "Indexed", completions: 10 }, { metadata: { name: "x".repeat(62) } }), C.nameTooLongForChildren, "metadata.name");
});

test("Job: a selector of one's own needs manualSelector, and must then match", () => {
  expectNoIssue(job({ manualSelector: true, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } } } }), C.jobSelector);
  expectIssue(job({ selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } } } }), C.jobSelector, "spec.selector");
  expectIssue(job({ manualSelector: true }), C.jobSelector, "spec.selector");
  expectIssue(job({ manualSelector: true, selector: { matchLabels: { app: "api" } }, template: { metadata: { labels: { app: "web" } } } }), C.selectorMismatch, "spec.template.metadata.labels");
});

test("Job: podFailurePolicy needs restartPolicy Never and podReplacementPolicy Failed", () => {
  const policy = { rules: [{ action: "FailJob", onExitCodes: { operator: "In", values: [42] } }] };
  expectNoIssue(job({ podFailurePolicy: policy }), C.restartPolicy);
  expectIssue(job({ podFailurePolicy: policy, template: { spec: { restartPolicy: "OnFailure" } } }), C.restartPolicy, "spec.template.spec.restartPolicy");
  expectIssue(job({ podFailurePolicy: policy, podReplacementPolicy: "TerminatingOrFailed" }), C.unsupportedValue, "spec.podReplacementPolicy");
});

test("CronJob: the schedule must parse", () => {
  expectNoIssue(cronJob({ schedule: "@hourly" }), C.invalidSchedule);
  expectNoIssue(cronJob({ schedule: "0 3 * * mon-fri" }), C.invalidSchedule);
  const issue = expectIssue(cronJob({ schedule: "*/5 * * *" }), C.invalidSchedule, "spec.schedule");
  assert.match(issue.message, /expected exactly 5 fields/);
  expectIssue(cronJob({ schedule: "0 25 * * *" }), C.invalidSchedule, "spec.schedule");
  assert.deepEqual(expectIssue(cronJob({ schedule: "@hourley" }), C.invalidSchedule, "spec.schedule").help, ["did you mean `@hourly`?"]);
  assert.match(expectIssue(cronJob({ schedule: "TZ=UTC 0 * * * *" }), C.invalidSchedule, "spec.schedule").help?.[0] ?? "", /timeZone/);
});

test("CronJob: the time zone must be an IANA name", () => {
  expectNoIssue(cronJob({ timeZone: "Europe/Berlin" }), C.invalidTimeZone);
  expectIssue(cronJob({ timeZone: "Europe/Atlantis" }), C.invalidTimeZone, "spec.timeZone");
  assert.deepEqual(expectIssue(cronJob({ timeZone: "europe/berlin" }), C.invalidTimeZone, "spec.timeZone").help, ["did you mean `Europe/Berlin`?"]);
});

test("CronJob: concurrencyPolicy values and non-negative deadlines and limits", () => {
  expectNoIssue(cronJob({ concurrencyPolicy: "Forbid", startingDeadlineSeconds: 0, successfulJobsHistoryLimit: 0 }), C.unsupportedValue);
  expectIssue(cronJob({ concurrencyPolicy: "Queue" }), C.unsupportedValue, "spec.concurrencyPolicy");
  expectIssue(cronJob({ startingDeadlineSeconds: -1 }), C.negativeValue, "spec.startingDeadlineSeconds");
  expectIssue(cronJob({ failedJobsHistoryLimit: -1 }), C.negativeValue, "spec.failedJobsHistoryLimit");
});

test("CronJob: the jobTemplate follows Job rules and has no selector", () => {
  expectIssue(cronJob({ jobTemplate: { spec: { template: { spec: { restartPolicy: "Always" } } } } }), C.restartPolicy, "spec.jobTemplate.spec.template.spec.restartPolicy");
  expectIssue(cronJob({ jobTemplate: { spec: { selector: { matchLabels: { a: "b" } } } } }), C.jobSelector, "spec.jobTemplate.spec.selector");
  expectIssue(cronJob({ jobTemplate: { spec: { backoffLimit: -1 } } }), C.negativeValue, "spec.jobTemplate.spec.backoffLimit");
});

test("CronJob: names are at most 52 characters", () => {
  expectNoIssue(cronJob({}, { metadata: { name: "x".repeat(52) } }), C.nameTooLongForChildren);
  expectIssue(cronJob({}, { metadata: { name: "x".repeat(53) } }), C.nameTooLongForChildren, "metadata.name");
});

test("Job: without a manual selector the name becomes a label value, at most 63 characters", () => {
  expectNoIssue(job({}, { metadata: { name: "x".repeat(63) } }), C.nameTooLongForChildren);
  expectIssue(job({}, { metadata: { name: "x".repeat(64) } }), C.nameTooLongForChildren, "metadata.name");
});

test("StatefulSet: Pod names `<name>-<ordinal>` must fit in 63 characters (a warning)", () => {
  expectNoIssue(statefulSet({ replicas: 10 }), C.nameTooLongForChildren);
  const long = statefulSet({ replicas: 10 });
  (long.metadata as { name: string }).name = "x".repeat(62);
  expectIssue(long, C.nameTooLongForChildren, "metadata.name", "warning");
});
