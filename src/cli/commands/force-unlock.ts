import { Command, Option } from "commander";
import { error } from "../../diag/diagnostic.js";
import { errorFormatOption, reportDiagnostics, type ErrorFormat } from "../output.js";
import { stateOption } from "../state-options.js";

interface ForceUnlockOptions {
  state?: string;
  force: boolean;
  errorFormat: ErrorFormat;
}

export function register(program: Command): void {
  program
    .command("force-unlock")
    .description("remove the apply lock left by an operation that can no longer release it (Terraform's force-unlock)")
    .argument("<id>", "the lock ID, as printed by the command that found the state locked")
    .addOption(stateOption())
    .addOption(new Option("-f, --force", "do not ask for confirmation").default(false))
    .addOption(errorFormatOption())
    .addHelpText(
      "after",
      `
mk never takes over a lock by itself, even one whose holder process is gone. This command
shows who holds the lock and whether that process still runs (it can only tell for a holder
on this host), asks for confirmation, and removes it. Removing the lock of an operation that
is still running lets two of them write the state at once.

Exit status: 0 when the lock was removed, 1 otherwise.

Examples:
  mk force-unlock 3f1c2a9e-4d5b-4c1e-9f7a-0b6d2e8c1a47
  mk force-unlock 3f1c2a9e-4d5b-4c1e-9f7a-0b6d2e8c1a47 --state deploy/prod.db --force`,
    )
    .action(async (id: string, options: ForceUnlockOptions) => {
      process.exitCode = await runForceUnlock(id, options);
    });
}

async function runForceUnlock(id: string, options: ForceUnlockOptions): Promise<number> {
  const [{ openStore }, { resolveStatePath }, { describeLock, explainLiveness, holderLiveness }, { isProcessAlive }, { isStoreError }, { storeErrorDiagnostic }, { hostname }] =
    await Promise.all([
      import("../../store/open.js"),
      import("../../store/location.js"),
      import("../../store/lock.js"),
      import("../../store/identity.js"),
      import("../../store/errors.js"),
      import("../../store/diagnostic.js"),
      import("node:os"),
    ]);
  const fail = (e: unknown): number => {
    if (!isStoreError(e)) throw e;
    reportDiagnostics([storeErrorDiagnostic(e)], () => undefined, options.errorFormat);
    return 1;
  };
  let store;
  try {
    store = openStore({ path: resolveStatePath(process.cwd(), options.state), create: false });
  } catch (e) {
    return fail(e);
  }
  try {
    const lock = (await store.listLocks()).find((l) => l.id === id);
    if (!lock) {
      // An unknown ID: the store's refusal names the locks that are held instead.
      await store.forceUnlock(id);
      return 1;
    }

    const liveness = holderLiveness(lock, hostname(), isProcessAlive);
    process.stdout.write([`The ${lock.name} lock in ${store.location}:`, ...describeLock(lock, new Date()), explainLiveness(lock, liveness), ""].join("\n"));
    if (liveness === "running") {
      process.stdout.write(`Removing it lets another ${lock.operation} write the state while this one still runs.\n`);
    }
    if (!options.force) {
      if (!process.stdin.isTTY) {
        reportDiagnostics(
          [error("MK7011", "force-unlock needs confirmation, and standard input is not a terminal", { help: [`pass --force to remove the lock without asking: mk force-unlock ${id} --force`] })],
          () => undefined,
          options.errorFormat,
        );
        return 1;
      }
      // Loaded here: readline and the streams it brings cost every start of `mk` a few milliseconds.
      const { createInterface } = await import("node:readline/promises");
      const rl = createInterface({ input: process.stdin, output: process.stdout });
      const answer = await rl.question("\nDo you really want to force-unlock?\n  Only 'yes' will be accepted to confirm.\n\n  Enter a value: ");
      rl.close();
      if (answer.trim() !== "yes") {
        process.stdout.write("\nforce-unlock cancelled: the lock is still held.\n");
        return 1;
      }
    }
    await store.forceUnlock(id);
    process.stdout.write(`\nThe ${lock.name} lock ${id} has been removed: the next apply can take the lock.\n`);
    return 0;
  } catch (e) {
    return fail(e);
  } finally {
    await store.close();
  }
}
