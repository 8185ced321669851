import { Command, Option } from "commander";
import { error } from "../../diag/diagnostic.js";
import { errorFormatOption, reportDiagnostics, type ErrorFormat } from "../output.js";
import { projectStateOption } from "../state-options.js";

interface ControllerOptions {
  state?: string;
  once: boolean;
  verbose: boolean;
  errorFormat: ErrorFormat;
}

/** `mk controller [--once]`: the control loop as a daemon (self-healing, CronJobs, HPA), sharing the state with mkapply. */
export function register(program: Command): void {
  program
    .command("controller")
    .description("run the controllers and the kubelet until Ctrl-C: self-healing, CronJobs, autoscaling")
    .argument("[dir]", "the project directory (its state is DIR/.mk/state.db)", ".")
    .addOption(projectStateOption())
    .addOption(new Option("--once", "reconcile until nothing is left to do now, then exit").default(false))
    .addOption(new Option("-v, --verbose", "print what the control loop does").default(false))
    .addOption(errorFormatOption())
    .addHelpText(
      "after",
      `
One control loop runs per state at a time: while mkapply runs its own (as it waits for a
rollout), mk controller waits for it, and mkapply finding mk controller running lets it do the
work. Stopping it (Ctrl-C) lets the running reconciles finish; pods keep running in podman and
the next start picks them up.

Exit status: 0 after Ctrl-C or --once; 1 when the state cannot be opened or podman is missing.

Examples:
  mk controller
  mk controller --once --state deploy/prod.db`,
    )
    .action(async (dir: string, options: ControllerOptions) => {
      process.exitCode = await runController(dir, options);
    });
}

async function runController(dir: string, options: ControllerOptions): Promise<number> {
  const [{ dirname }, { openState }, plane, { openRuntimeSession }, { ApplyCode }] = await Promise.all([
    import("node:path"),
    import("../pipeline/state.js"),
    import("../pipeline/control-plane.js"),
    import("../../runtime/session.js"),
    import("../../apply/codes.js"),
  ]);
  const report = (message: string, help?: string) => reportDiagnostics([error(ApplyCode.ControlPlane, message, help ? { help: [help] } : {})], () => undefined, options.errorFormat);
  const state = await openState(dir, options.state);
  if (!state.ok) {
    reportDiagnostics([state.diagnostic], () => undefined, options.errorFormat);
    return 1;
  }
  if (!state.store) {
    report(`no state at ${state.path}: nothing has been applied here yet`, "run mkapply first, or choose the state with --state");
    return 1;
  }
  const store = state.store;
  const stateDir = dirname(state.path);
  const log = options.verbose ? (m: string) => void process.stderr.write(`${m}\n`) : undefined;
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    const session = openRuntimeSession(stateDir);
    const problem = await plane.prepareRuntime(session);
    if (problem) {
      report(`the controllers could not be started: ${problem}`, "run `mk doctor` to check podman");
      return 1;
    }
    let said = false;
    const lock = await plane.takeControllerLock(store, "mk controller", 24 * 3_600_000, (holder) => {
      if (said || stop.signal.aborted) return;
      said = true;
      process.stderr.write(`waiting for ${holder.operation} (pid ${holder.pid}) to stop its control loop...\n`);
    });
    if (!("held" in lock)) {
      report(`${lock.heldBy.operation} (pid ${lock.heldBy.pid}) runs the controllers of this state`);
      return 1;
    }
    try {
      const loop = plane.startControlPlane(store, { stateDir, session, ...(log ? { log } : {}) });
      process.stderr.write(`mk controller: reconciling ${state.path} (Ctrl-C to stop)\n`);
      if (options.once) {
        await Promise.race([loop.settled(500), new Promise((resolve) => stop.signal.addEventListener("abort", resolve, { once: true }))]);
      } else {
        await new Promise((resolve) => stop.signal.addEventListener("abort", resolve, { once: true }));
        process.stderr.write("mk controller: stopping (letting the running reconciles finish)...\n");
      }
      await loop.stop();
      for (const e of loop.errors.slice(-5)) log?.(`${e.reconciler} ${e.key.kind}/${e.key.name}: ${e.error instanceof Error ? e.error.message : String(e.error)}`);
      return 0;
    } finally {
      await lock.held.release();
    }
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await store.close();
  }
}
