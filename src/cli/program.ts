import { Command } from "commander";
import { packageVersion } from "./version.js";

/**
 * The `mk` command and its subcommands. Each subcommand lives in its own module under
 * ./commands and imports the heavy pipeline stages lazily inside its action, so that
 * `mk --help` and start-up stay fast.
 */
export async function buildProgram(): Promise<Command> {
  const program = new Command("mk")
    .description("mk: typed Kubernetes manifests, Terraform-style plans, Kubernetes controllers on podman")
    .version(packageVersion(), "-V, --version", "print the version")
    .showHelpAfterError("(run with --help for usage)")
    .showSuggestionAfterError(true);
  const commands = await Promise.all([import("./commands/validate.js"), import("./commands/fmt.js"), import("./commands/check.js"), import("./commands/compile.js"), import("./commands/import.js"), import("./commands/doctor.js"), import("./commands/force-unlock.js"), import("./commands/get.js"), import("./commands/describe.js"), import("./commands/events.js"), import("./commands/logs.js"), import("./commands/scale.js"), import("./commands/delete.js")]);
  for (const c of commands) c.register(program);
  return program;
}
