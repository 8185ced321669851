import { Command } from "commander";
import { packageVersion } from "./version.js";
import * as check from "./commands/check.js";
import * as compile from "./commands/compile.js";
import * as controller from "./commands/controller.js";
import * as deleteCommand from "./commands/delete.js";
import * as describe from "./commands/describe.js";
import * as destroy from "./commands/destroy.js";
import * as doctor from "./commands/doctor.js";
import * as events from "./commands/events.js";
import * as fmt from "./commands/fmt.js";
import * as forceUnlock from "./commands/force-unlock.js";
import * as get from "./commands/get.js";
import * as importCommand from "./commands/import.js";
import * as logs from "./commands/logs.js";
import * as rollout from "./commands/rollout.js";
import * as scale from "./commands/scale.js";
import * as validate from "./commands/validate.js";

/**
 * The `mk` command and its subcommands. Each subcommand lives in its own module under
 * ./commands and imports the heavy pipeline stages lazily inside its action, so that
 * `mk --help` and start-up stay fast. The command modules themselves are small and every run
 * registers all of them, so they are imported statically: the bundle (scripts/bundle.mjs) then
 * puts them in the entry file instead of one more file to load per command.
 */
export async function buildProgram(): Promise<Command> {
  const program = new Command("mk")
    .description("mk: typed Kubernetes manifests, Terraform-style plans, Kubernetes controllers on podman")
    .version(packageVersion(), "-V, --version", "print the version")
    .showHelpAfterError("(run with --help for usage)")
    .showSuggestionAfterError(true);
  for (const c of [validate, fmt, check, compile, importCommand, doctor, forceUnlock, get, describe, events, logs, scale, deleteCommand, rollout, destroy, controller]) c.register(program);
  return program;
}
