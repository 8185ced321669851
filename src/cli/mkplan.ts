#!/usr/bin/env node
import { normalizeSingleDashLongOptions } from "./argv.js";
import { buildPlanCommand, PLAN_SINGLE_DASH_OPTIONS } from "./commands/plan.js";

const program = buildPlanCommand().showHelpAfterError("(run mkplan --help for usage)").showSuggestionAfterError(true);
await program.parseAsync(normalizeSingleDashLongOptions(process.argv, PLAN_SINGLE_DASH_OPTIONS));
