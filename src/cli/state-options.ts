import { InvalidArgumentError, Option } from "commander";

/**
 * The options every command that opens the store shares: `--state PATH` (default
 * `.mk/state.db` in the working directory) and, for commands that take the apply lock,
 * `--lock-timeout DURATION` (Terraform's -lock-timeout).
 */
export function stateOption(): Option {
  return new Option("--state <path>", "the state file (default: .mk/state.db in the current directory)");
}

/** `--state` of the commands that take a project DIR (mkplan, mkapply, mk controller): its own state by default. */
export function projectStateOption(): Option {
  return new Option("--state <path>", "the state file (default: .mk/state.db in the project directory DIR)");
}

export function lockTimeoutOption(): Option {
  return new Option("--lock-timeout <duration>", "how long to wait for the apply lock held by someone else (e.g. 30s, 5m; default 0: fail at once)")
    .argParser(parseDurationOption)
    .default(0, "0s");
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** A Go-style duration (`500ms`, `30s`, `5m`, `1h30m`, `0`) in milliseconds, or undefined when malformed. */
export function parseDuration(text: string): number | undefined {
  const s = text.trim();
  if (s === "0") return 0;
  if (!/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(s)) return undefined;
  let total = 0;
  for (const m of s.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) total += Number(m[1]) * UNIT_MS[m[2]];
  return Math.round(total);
}

function parseDurationOption(value: string): number {
  const ms = parseDuration(value);
  if (ms === undefined) throw new InvalidArgumentError(`expected a duration such as 30s, 5m or 1h30m, not "${value}"`);
  return ms;
}
