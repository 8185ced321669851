import { Command, Option } from "commander";
import { error, hasErrors, type Diagnostic } from "../../diag/diagnostic.js";
import { colorEnabled, errorFormatOption, reportDiagnostics, type ErrorFormat } from "../output.js";
import { paramOption, parseParamPairs } from "../param-option.js";
import { lockTimeoutOption, parseDuration, projectStateOption } from "../state-options.js";
import { packageVersion } from "../version.js";
import type { Plan, TargetSelector } from "../../plan/index.js";
import type { Store } from "../../store/index.js";

export interface ApplyOptions {
  param: string[];
  autoApprove: boolean;
  timeout: number;
  wait: boolean;
  json: boolean;
  target: string[];
  refresh: boolean;
  state?: string;
  lockTimeout: number;
  color: boolean;
  errorFormat: ErrorFormat;
}

/** Long options that also work with Terraform's single dash (`-auto-approve`, `-target=...`). */
export const APPLY_SINGLE_DASH_OPTIONS = ["auto-approve", "target", "refresh", "no-color", "state", "lock-timeout", "timeout", "no-wait", "json"];

function durationOption(flags: string, description: string, fallback: string): Option {
  return new Option(flags, description)
    .argParser((value: string) => {
      const ms = parseDuration(value);
      if (ms === undefined) throw new Error(`expected a duration such as 30s, 5m or 1h30m, not "${value}"`);
      return ms;
    })
    .default(parseDuration(fallback), fallback);
}

/** Options mkapply and `mk destroy` share. */
export function addApplyOptions(command: Command): Command {
  return command
    .addOption(new Option("--auto-approve", "apply without asking for confirmation").default(false))
    .addOption(durationOption("--timeout <duration>", "how long to wait for every object to converge", "5m"))
    .addOption(new Option("--no-wait", "write the changes and return without waiting for the controllers"))
    .addOption(new Option("--json", "one JSON event per line on standard output (docs/apply.md); needs --auto-approve").default(false))
    .addOption(
      new Option("--target <address>", "apply only this object: Kind/name, or Kind/namespace/name (repeatable)").argParser((v: string, previous: string[] = []) => [...previous, v]).default([]),
    )
    .addOption(new Option("--refresh <bool>", "check the runtime for changes made outside of mk first").argParser((v: string) => v !== "false").default(true))
    .addOption(projectStateOption())
    .addOption(lockTimeoutOption())
    .addOption(new Option("--no-color", "no colours, even on a terminal"))
    .addOption(errorFormatOption());
}

/** The `mkapply` command (its own executable, as Terraform's `terraform apply`). */
export function buildApplyCommand(): Command {
  return addApplyOptions(
    new Command("mkapply")
      .description("apply a configuration (or a saved plan) and run the controllers until every object converged")
      .version(packageVersion(), "-V, --version", "print the version")
      .argument("[dir-or-plan]", "the configuration directory, or a plan file saved by `mkplan --out`", ".")
      .addOption(paramOption()),
  )
    .addHelpText(
      "after",
      `
mkapply plans as mkplan does, shows the plan and asks \`Do you want to perform these actions?\`
(only \`yes\` approves; without a terminal, pass --auto-approve). A plan file saved by
\`mkplan --out\` is applied exactly, without asking, or refused when an object it touches changed
since. The changes are written to the state in dependency order, then the controllers run (the
kubelet on podman, Deployments, Services, ...) until every object converged, failed or timed out.

On a terminal the progress is a live view; otherwise (or with CI=true) a plain log. Ctrl-C stops
the controllers cleanly and says what was left in progress: run mkapply again (or mk controller)
and it converges from where it stopped.

Exit status: 0 when everything converged (or was written, with --no-wait); 1 on an error, a
failed rollout or a timeout, with a message naming the object and why. See docs/apply.md.

Examples:
  mkapply
  mkapply examples/quickstart -p version=2 --auto-approve
  mkplan --out web.plan && mkapply web.plan
  mkapply --json --auto-approve | jq -c 'select(.type == "object_done")'`,
    )
    .action(async (target: string, options: ApplyOptions) => {
      process.exitCode = await runApply(target, options, { destroy: false });
    });
}

export interface ApplyMode {
  destroy: boolean;
}

export async function runApply(target: string, options: ApplyOptions, mode: ApplyMode): Promise<number> {
  const [{ existsSync, realpathSync, statSync }, { dirname, resolve }, plan, { ApplyCode }] = await Promise.all([
    import("node:fs"),
    import("node:path"),
    import("../../plan/index.js"),
    import("../../apply/codes.js"),
  ]);
  const report = (diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, string> = new Map()) => reportDiagnostics(diagnostics, (file) => sources.get(file), options.errorFormat);
  const now = new Date();
  const operation = mode.destroy ? "mk destroy" : "mkapply";

  const { params, error: paramError } = parseParamPairs(options.param);
  const problems: Diagnostic[] = [];
  if (paramError) problems.push(error(plan.PlanCode.ConflictingOptions, paramError));
  const targets: TargetSelector[] = [];
  for (const text of options.target) {
    const t = plan.parseTarget(text);
    if (t) targets.push(t);
    else problems.push(error(plan.PlanCode.TargetMalformed, `--target ${text} is not an object address`, { help: ["write `Kind/name`, or `Kind/namespace/name` outside the default namespace: --target Deployment/web"] }));
  }
  if (!existsSync(target)) problems.push(error("MK6007", `cannot read \`${target}\`: no such file or directory`));
  const planFile = problems.length === 0 && statSync(target).isFile();
  if (planFile && mode.destroy) problems.push(error(plan.PlanCode.ConflictingOptions, "mk destroy takes a configuration directory, not a plan file", { help: ["make the plan with `mkplan --destroy --out FILE` and apply it with `mkapply FILE`"] }));
  if (options.json && !options.autoApprove && !planFile) {
    problems.push(error(ApplyCode.NoTerminal, "--json needs --auto-approve: there is no way to answer the confirmation between JSON events", { help: ["add --auto-approve (as Terraform's apply -json requires)"] }));
  }
  if (problems.length > 0) {
    report(problems);
    return 1;
  }

  // Planning first: nothing is opened when the configuration has errors.
  const { openState, holdStateLock } = await import("../pipeline/state.js");
  let computed: Plan | undefined;
  let planText: string | undefined;
  let stateDirInput = target;
  if (planFile) {
    const read = plan.readPlanFile(target);
    if (!read.ok) {
      report([read.diagnostic]);
      return 1;
    }
    const parsed = plan.parsePlanFile(read.text, target);
    if (!parsed.ok) {
      report([parsed.diagnostic]);
      return 1;
    }
    computed = parsed.plan;
    planText = read.text;
    // A saved plan's configuration is its project directory: the state is that project's.
    stateDirInput = existsSync(computed.configuration) ? computed.configuration : dirname(resolve(target));
  }
  const configuration = planFile ? (computed as Plan).configuration : realpathSync(target);
  const { loadDesired, planState } = await import("../pipeline/plan-project.js");
  const desired = planFile ? undefined : await loadDesired(target, params, mode.destroy);
  if (desired) {
    report(desired.diagnostics, desired.sources);
    if (hasErrors(desired.diagnostics)) return 1;
  }

  const state = await openState(stateDirInput, options.state, { create: true });
  if (!state.ok) {
    report([state.diagnostic]);
    return 1;
  }
  const store = state.store as Store;
  const stateDir = dirname(state.path);
  let waitedForLock = false;
  const lock = await holdStateLock(store, options.lockTimeout, operation, () => {
    if (!waitedForLock) process.stderr.write("Acquiring state lock. This may take a few moments...\n");
    waitedForLock = true;
  });
  if (!lock.ok) {
    report([lock.diagnostic]);
    await store.close();
    return 1;
  }
  try {
    if (!computed) {
      const result = await planState({ store, statePath: state.path, stateExists: true, configuration, desired: desired?.objects ?? [], destroy: mode.destroy, targets, refresh: options.refresh, now });
      report(result.diagnostics);
      if (hasErrors(result.diagnostics)) return 1;
      computed = result.plan;
    }

    const color = colorEnabled(process.stdout, options.color);
    if (!options.json) process.stdout.write(plan.renderPlanText(computed, { color }));

    const changes = plan.planHasChanges(computed);
    if (changes && !planFile && !options.autoApprove) {
      const approved = await confirm(mode, report, ApplyCode);
      if (!approved) return 1;
    }

    // Controllers for every kind the plan touches, or a refusal before anything is written.
    const { controlPlaneReconcilers, missingControllers, prepareRuntime, releaseRuntime, startControlPlane, takeControllerLock } = await import("../pipeline/control-plane.js");
    let reconcilers: import("../../control/reconciler.js").Reconciler[] | undefined;
    let session: import("../../runtime/session.js").RuntimeSession | undefined;
    if (options.wait) {
      try {
        const { openRuntimeSession } = await import("../../runtime/session.js");
        session = openRuntimeSession(stateDir);
        reconcilers = controlPlaneReconcilers({ stateDir, session });
        const problem = await prepareRuntime(session);
        if (problem) throw new Error(problem);
      } catch (e) {
        report([error(ApplyCode.ControlPlane, `the controllers could not be started: ${e instanceof Error ? e.message : String(e)}`, { help: ["run `mk doctor` to check podman"] })]);
        return 1;
      }
      const missing = missingControllers(reconcilers, computed.changes.filter((c) => c.action !== "delete").map((c) => c.ref));
      if (missing.length > 0) {
        report([
          error(ApplyCode.ControlPlane, `no controller for ${missing.join(", ")} in this build of mk: nothing was written`, {
            help: ["apply with --no-wait to only write the objects (nothing will run them), or leave these kinds out with --target"],
          }),
        ]);
        return 1;
      }
    }

    const { chooseRenderMode, createRenderer } = await import("../../ui/renderer.js");
    const renderMode = chooseRenderMode({ json: options.json, stdout: process.stdout, env: process.env });
    if (renderMode !== "json") process.stdout.write("\n");
    const renderer = await createRenderer(renderMode, process.stdout, { color });

    const abort = new AbortController();
    let interrupts = 0;
    const onSigint = () => {
      interrupts++;
      if (interrupts > 1) {
        process.stderr.write("\nTwo interrupts received. Exiting immediately: the state is consistent; run mkapply again to converge.\n");
        process.exit(130);
      }
      process.stderr.write("\nInterrupt received. Stopping the controllers cleanly (Ctrl-C again to exit at once)...\n");
      abort.abort();
    };
    process.on("SIGINT", onSigint);
    process.on("SIGTERM", onSigint);
    const { executePlan } = await import("../../apply/execute.js");
    let result;
    try {
      result = await executePlan({
        plan: computed,
        store,
        emit: (e) => renderer.handle(e),
        heldLock: lock.held,
        wait: options.wait,
        timeoutMs: options.timeout,
        signal: abort.signal,
        operation,
        ...(planText !== undefined ? { planDigest: plan.digestText(planText) } : {}),
        startControllers: async (s) => {
          const taken = await takeControllerLock(s, operation);
          if ("heldBy" in taken) {
            // A running `mk controller` reconciles this state: watching is enough.
            process.stderr.write(`mk controller (pid ${taken.heldBy.pid}) runs the controllers of this state; waiting for it to converge the objects.\n`);
            return { stop: async () => {} };
          }
          const loop = startControlPlane(s, { stateDir, reconcilers: reconcilers ?? [] });
          return {
            stop: async () => {
              await loop.stop();
              await taken.held.release();
            },
          };
        },
      });
    } finally {
      process.off("SIGINT", onSigint);
      process.off("SIGTERM", onSigint);
      await renderer.close();
    }
    if (mode.destroy && session && result.exitCode === 0) {
      const problem = await releaseRuntime(session);
      if (problem) process.stderr.write(`warning: ${problem}\n`);
    }
    if (result.diagnostic) report([result.diagnostic]);
    else if (result.exitCode !== 0) {
      const bad = result.objects.filter((o) => o.outcome !== "converged");
      report([
        error(ApplyCode.NotConverged, bad.length === 1 ? `${bad[0].address} did not converge: ${bad[0].message}` : `${bad.length} objects did not converge`, {
          notes: bad.length === 1 ? [] : bad.map((o) => `${o.address} (${o.outcome.replace("_", " ")}): ${o.message}`),
          help: [result.outcome === "interrupted" ? "run mkapply again (or mk controller) to converge from where it stopped" : "see `mk describe` and `mk events` for the object, fix the configuration and apply again"],
        }),
      ]);
    }
    return result.exitCode;
  } finally {
    await lock.held.release();
    await store.close();
  }
}

/** Terraform's confirmation: only `yes` approves; no terminal, no question. */
async function confirm(mode: ApplyMode, report: (d: Diagnostic[]) => void, codes: typeof import("../../apply/codes.js").ApplyCode): Promise<boolean> {
  if (!process.stdin.isTTY) {
    report([error(codes.NoTerminal, "mkapply needs confirmation, and standard input is not a terminal", { help: ["run it on a terminal, or pass --auto-approve to apply without asking"] })]);
    return false;
  }
  const question = mode.destroy
    ? "Do you really want to destroy all resources?\n  mk will destroy all your managed objects, as shown above.\n  There is no undo. Only 'yes' will be accepted to confirm.\n\n  Enter a value: "
    : "Do you want to perform these actions?\n  mk will perform the actions described above.\n  Only 'yes' will be accepted to approve.\n\n  Enter a value: ";
  const { createInterface } = await import("node:readline/promises");
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const abort = new AbortController();
  const onSigint = () => abort.abort();
  rl.on("SIGINT", onSigint);
  let answer = "";
  try {
    answer = await rl.question(`\n${question}`, { signal: abort.signal });
  } catch {
    answer = "";
  } finally {
    rl.close();
  }
  if (answer.trim() === "yes") return true;
  process.stdout.write(`\n${mode.destroy ? "Destroy" : "Apply"} cancelled.\n`);
  report([error(codes.Cancelled, `${mode.destroy ? "destroy" : "apply"} cancelled: the answer was not \`yes\`; nothing was written`)]);
  return false;
}
