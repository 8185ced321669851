import { Command } from "commander";
import { addApplyOptions, runApply, type ApplyOptions } from "./apply.js";

/** `mk destroy [DIR]`: plan the deletion of everything the configuration applied, confirm, apply (Terraform's destroy). */
export function register(program: Command): void {
  addApplyOptions(
    program
      .command("destroy")
      .description("delete every object this configuration applied, and wait until they and their pods are gone")
      .argument("[dir]", "the configuration directory (its state is DIR/.mk/state.db)", "."),
  )
    .addHelpText(
      "after",
      `
The plan is \`mkplan --destroy\`'s: every object the configuration applied, deleted in reverse
dependency order with cascading deletion (their ReplicaSets and pods go too). It asks
\`Do you really want to destroy all resources?\` (only \`yes\` confirms) unless --auto-approve,
and waits until every object and its dependents are gone.

Exit status: 0 when everything is gone; 1 on an error or a timeout.

Examples:
  mk destroy
  mk destroy examples/quickstart --auto-approve`,
    )
    .action(async (dir: string, options: ApplyOptions) => {
      process.exitCode = await runApply(dir, { ...options, param: [] }, { destroy: true });
    });
}
