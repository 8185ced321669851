#!/usr/bin/env node
import { Command } from "commander";
import { packageVersion } from "./version.js";

// The planner and the executor are not built yet; the entry point exists so that the command
// name is reserved and says so plainly instead of failing with "command not found".
const program = new Command("mkapply")
  .description("apply a plan and run the controllers (not available yet in this version)")
  .version(packageVersion(), "-V, --version", "print the version")
  .allowUnknownOption(true)
  .argument("[args...]")
  .action(() => {
    process.stderr.write("mkapply: not available yet in this version of mk; use `mk validate` for now\n");
    process.exitCode = 1;
  });
await program.parseAsync(process.argv);
