/** The planner's public surface: what mkplan, mkapply and the tests import. */
export { PLAN_FORMAT_VERSION, planHasChanges, type Plan, type ObjectChange, type DriftEntry, type PlanAction, type PlanCounts, type PlanMode, type PlanBaseline, type ReplaceCause, type ActionReason } from "./model.js";
export { computePlan, countActions, type PlanInput, type PlanResult, type StoredObject } from "./planner.js";
export { planAgainstStore, type PlanAgainstStoreOptions } from "./plan-store.js";
export type { Refresher, RefreshRequest, DriftObservation } from "./refresh.js";
export { addressOf, planRefOf, parseTarget, targetMatches, type TargetSelector } from "./address.js";
export { CONFIGURATION_ANNOTATION, configurationOf, normalizeForPlan } from "./normalize.js";
export { renderPlanText, type TextRenderOptions } from "./render/text.js";
export { renderPlanMarkdown, GITHUB_COMMENT_LIMIT, type MarkdownRenderOptions } from "./render/markdown.js";
export { renderPlanJson, planToJson } from "./render/json.js";
export { serializePlanFile, parsePlanFile, readPlanFile, writePlanFile, expectedFingerprint, PLAN_FILE_FORMAT, type ParsedPlanFile, type PlanFileMeta } from "./plan-file.js";
export { fingerprintObject, digestText } from "./fingerprint.js";
export { applyPlanToStore, type ApplyToStoreOptions, type ApplyToStoreResult } from "./apply-to-store.js";
export { PlanCode } from "./codes.js";
export { SENSITIVE_VALUE } from "./mask.js";
