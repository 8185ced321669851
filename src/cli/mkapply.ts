#!/usr/bin/env node
import { normalizeSingleDashLongOptions } from "./argv.js";
import { APPLY_SINGLE_DASH_OPTIONS, buildApplyCommand } from "./commands/apply.js";

const program = buildApplyCommand().showHelpAfterError("(run mkapply --help for usage)").showSuggestionAfterError(true);
await program.parseAsync(normalizeSingleDashLongOptions(process.argv, APPLY_SINGLE_DASH_OPTIONS));
