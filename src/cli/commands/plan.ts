import { Command, InvalidArgumentError, Option } from "commander";
import { error, hasErrors, type Diagnostic } from "../../diag/diagnostic.js";
import { colorEnabled, errorFormatOption, reportDiagnostics, type ErrorFormat } from "../output.js";
import { paramOption, parseParamPairs } from "../param-option.js";
import { lockTimeoutOption, projectStateOption } from "../state-options.js";
import { packageVersion } from "../version.js";
import type { TargetSelector } from "../../plan/address.js";
import type { Plan } from "../../plan/model.js";

interface PlanOptions {
  param: string[];
  out?: string;
  output: "text" | "markdown" | "json";
  detailedExitcode: boolean;
  refresh: boolean;
  target: string[];
  destroy: boolean;
  against?: string;
  state?: string;
  lock: boolean;
  lockTimeout: number;
  color: boolean;
  errorFormat: ErrorFormat;
}

/** Long options that also work with Terraform's single dash (`-out=FILE`, `-detailed-exitcode`). */
export const PLAN_SINGLE_DASH_OPTIONS = ["out", "detailed-exitcode", "refresh", "target", "destroy", "no-color", "state", "against", "lock", "lock-timeout"];

function parseBoolean(value: string): boolean {
  if (value === "true") return true;
  if (value === "false") return false;
  throw new InvalidArgumentError(`expected true or false, not "${value}"`);
}


/** The `mkplan` command (its own executable, as Terraform's `terraform plan`). */
export function buildPlanCommand(): Command {
  return new Command("mkplan")
    .description("compute a Terraform-style plan: what applying the configuration would create, update, replace and delete")
    .version(packageVersion(), "-V, --version", "print the version")
    .argument("[dir]", "the configuration: a directory with main.mkl, or a directory of YAML/JSON manifests", ".")
    .addOption(paramOption())
    .addOption(new Option("--out <file>", "save the plan to FILE, for `mkapply FILE` to apply exactly it"))
    .addOption(new Option("-o, --output <format>", "how the plan is printed").choices(["text", "markdown", "json"]).default("text"))
    .addOption(new Option("--detailed-exitcode", "exit 0 when there are no changes, 2 when there are, 1 on errors").default(false))
    .addOption(new Option("--refresh <bool>", "check the runtime for changes made outside of mk first").argParser(parseBoolean).default(true))
    .addOption(
      new Option("--target <address>", "plan only this object: Kind/name, or Kind/namespace/name (repeatable)").argParser((v: string, previous: string[] = []) => [...previous, v]).default([]),
    )
    .addOption(new Option("--destroy", "plan the deletion of every object this configuration applied").default(false))
    .addOption(new Option("--against <git-ref>", "compare with the configuration at a git revision instead of the state (pull-request previews)"))
    .addOption(projectStateOption())
    .addOption(new Option("--lock <bool>", "hold the state lock while planning, so no apply changes the state under the plan").argParser(parseBoolean).default(true))
    .addOption(lockTimeoutOption())
    .addOption(new Option("--no-color", "no colours in the plan, even on a terminal"))
    .addOption(errorFormatOption())
    .addHelpText(
      "after",
      `
The configuration is compiled and validated (as \`mk check\` does), both sides are defaulted as the
apiserver defaults objects, and every object is compared field by field with the state
(DIR/.mk/state.db unless --state says otherwise). Objects this configuration applied before and
no longer declares are planned for deletion.

With --against REF the configuration at that git revision is compiled too and the two are
compared, without any state or runtime: what a pull request changes.

Exit status: 0 on success; with --detailed-exitcode, 0 when there are no changes and 2 when
there are; 1 on any error. Like Terraform, the plan holds the state lock while it reads the state
(--lock=false to skip, --lock-timeout to wait for an apply that holds it). Terraform's spellings
-out=FILE, -detailed-exitcode, -refresh=false, -target=..., -destroy, -lock-timeout=30s and
-no-color work too.

Examples:
  mkplan
  mkplan web/ -p env=prod --out prod.plan
  mkplan --against origin/main -o markdown > plan.md
  mkplan -detailed-exitcode -refresh=false`,
    )
    .action(async (dir: string, options: PlanOptions) => {
      process.exitCode = await runPlan(dir, options);
    });
}

async function runPlan(dir: string, options: PlanOptions): Promise<number> {
  const [{ realpathSync }, { resolve }, plan] = await Promise.all([import("node:fs"), import("node:path"), import("../../plan/index.js")]);
  const report = (diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, string> = new Map()) =>
    reportDiagnostics(diagnostics, (file) => sources.get(file), options.errorFormat);
  const now = new Date();

  // Options first: nothing is compiled or opened when they cannot work.
  const { params, error: paramError } = parseParamPairs(options.param);
  const problems: Diagnostic[] = [];
  if (paramError) problems.push(error(plan.PlanCode.ConflictingOptions, paramError));
  const targets: TargetSelector[] = [];
  for (const text of options.target) {
    const target = plan.parseTarget(text);
    if (target) targets.push(target);
    else problems.push(error(plan.PlanCode.TargetMalformed, `--target ${text} is not an object address`, { help: ["write `Kind/name`, or `Kind/namespace/name` outside the default namespace: --target Deployment/web"] }));
  }
  if (options.against !== undefined) {
    for (const [flag, set] of [["--out", options.out !== undefined], ["--destroy", options.destroy], ["--state", options.state !== undefined]] as const) {
      if (set) problems.push(error(plan.PlanCode.ConflictingOptions, `--against cannot be combined with ${flag}`, { help: ["--against compares two revisions of the configuration; there is no state to plan against or apply to"] }));
    }
  }
  let configuration = "";
  try {
    configuration = realpathSync(dir);
  } catch {
    problems.push(error("MK6007", `cannot read \`${dir}\`: no such directory`));
  }
  if (problems.length > 0) {
    report(problems);
    return 1;
  }

  let computed: Plan;
  if (options.against !== undefined) {
    const { planAgainstRevision } = await import("../pipeline/plan-against-revision.js");
    const result = planAgainstRevision({ dir, ref: options.against, params, configuration, targets, now });
    report(result.diagnostics, result.sources);
    if (!result.plan || hasErrors(result.diagnostics)) return 1;
    computed = result.plan;
  } else {
    const { loadDesired, planState } = await import("../pipeline/plan-project.js");
    const desired = await loadDesired(dir, params, options.destroy);
    report(desired.diagnostics, desired.sources);
    if (hasErrors(desired.diagnostics)) return 1;
    const { openState, holdStateLock } = await import("../pipeline/state.js");
    const state = await openState(dir, options.state);
    if (!state.ok) {
      report([state.diagnostic]);
      return 1;
    }
    const lock = options.lock && state.store ? await holdStateLock(state.store, options.lockTimeout, "mkplan") : undefined;
    if (lock && !lock.ok) {
      report([lock.diagnostic]);
      await state.store?.close();
      return 1;
    }
    try {
      const result = await planState({ store: state.store, statePath: state.path, stateExists: state.exists, configuration, desired: desired.objects, destroy: options.destroy, targets, refresh: options.refresh, now });
      report(result.diagnostics);
      if (hasErrors(result.diagnostics)) return 1;
      computed = result.plan;
    } finally {
      if (lock?.ok) await lock.held.release();
      await state.store?.close();
    }
  }

  const rendered =
    options.output === "json"
      ? plan.renderPlanJson(computed)
      : options.output === "markdown"
        ? plan.renderPlanMarkdown(computed)
        : plan.renderPlanText(computed, { color: colorEnabled(process.stdout, options.color) });
  process.stdout.write(rendered);

  if (options.out !== undefined) {
    try {
      plan.writePlanFile(resolve(options.out), plan.serializePlanFile(computed, { mkVersion: packageVersion() }));
    } catch (e) {
      report([error(plan.PlanCode.PlanFileUnwritable, `cannot write the plan file ${options.out}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`)]);
      return 1;
    }
    // Terraform's words; on standard error when standard output is a document (-o json, -o markdown).
    const note = `\nSaved the plan to: ${options.out}\n\nTo perform exactly these actions, run the following command to apply:\n    mkapply ${options.out}\n`;
    (options.output === "text" ? process.stdout : process.stderr).write(note);
  }
  if (options.detailedExitcode) return plan.planHasChanges(computed) ? 2 : 0;
  return 0;
}
