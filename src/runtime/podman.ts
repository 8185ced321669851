import { performance } from "node:perf_hooks";
import { execa } from "execa";
import { classifyPodmanFailure, failure, runtimeError, success, type RuntimeResult } from "./podman-error.js";

/** One podman invocation: an argument array (never a shell string) and a time limit. */
export interface PodmanCall {
  args: readonly string[];
  /** Milliseconds before podman is killed (SIGTERM, then SIGKILL 5 s later). Every call has one. */
  timeoutMs: number;
  /** The image the call is about (create, pull), so that image failures name it. */
  image?: string;
  /**
   * When true a non-zero exit status is a result, not an error (`podman exec` returns the
   * command's own status). podman's own failures (125, 126, 127) are still errors.
   */
  exitCodeIsResult?: boolean;
  /** Keep the output's final newline (`podman logs`: the container's output as written). */
  keepFinalNewline?: boolean;
}

export interface PodmanOutput {
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved as they were written (for logs). */
  all: string;
  exitCode: number;
}

/** The adapter's only door to podman. The real one runs the podman program; unit tests record calls. */
export interface Podman {
  run(call: PodmanCall): Promise<RuntimeResult<PodmanOutput>>;
}

export interface PodmanOptions {
  /** mk's containers.conf, selected for every call with CONTAINERS_CONF (see containers-conf.ts). */
  containersConf: string;
  /** The podman program (default "podman", looked up on PATH). */
  binary?: string;
  /** Called after every call (default: a trace on standard error when MK_TRACE_PODMAN=1). */
  onCall?: (call: PodmanCall, result: RuntimeResult<PodmanOutput>, elapsedMs: number) => void;
}

/** Exit statuses podman itself uses for "podman failed", as opposed to the command's own status. */
const PODMAN_OWN_FAILURES = new Set([125, 126, 127]);
/** `podman exec` into a stopped container exits 255, a status commands use too: an error only when podman says so. */
const PODMAN_AMBIGUOUS_FAILURE = 255;

/** The real podman, run with execa: arguments as an array, a timeout on every call, output as text. */
export function createPodman(options: PodmanOptions): Podman {
  const binary = options.binary ?? "podman";
  const onCall = options.onCall ?? (process.env.MK_TRACE_PODMAN === "1" ? traceToStderr : undefined);
  return {
    async run(call) {
      const started = Date.now();
      const result = await runOnce(binary, options.containersConf, call);
      onCall?.(call, result, Date.now() - started);
      return result;
    },
  };
}

async function runOnce(binary: string, containersConf: string, call: PodmanCall): Promise<RuntimeResult<PodmanOutput>> {
  const r = await execa(binary, [...call.args], {
    env: { CONTAINERS_CONF: containersConf },
    stdin: "ignore",
    all: true,
    reject: false,
    timeout: call.timeoutMs,
    forceKillAfterDelay: 5000,
    maxBuffer: 64 * 1024 * 1024,
    stripFinalNewline: call.keepFinalNewline !== true,
  });
  const output: PodmanOutput = { stdout: r.stdout, stderr: r.stderr, all: r.all ?? "", exitCode: r.exitCode ?? -1 };
  if (r.timedOut) {
    const seconds = Math.round(call.timeoutMs / 100) / 10;
    return failure(runtimeError("timeout", `podman ${describe(call.args)} did not finish within ${seconds} s and was stopped`, call.args, r.stderr));
  }
  if (r.code === "ENOENT" || (r.exitCode === undefined && /ENOENT/.test(r.message ?? ""))) {
    return failure(
      runtimeError(
        "podman-missing",
        `the podman program ("${binary}") was not found; install it with \`apt-get install -y podman runc\` (or run scripts/setup.sh)`,
        call.args,
      ),
    );
  }
  if (r.exitCode === undefined) {
    return failure(runtimeError("failed", `podman ${describe(call.args)} could not be run: ${r.shortMessage ?? r.message}`, call.args, r.stderr));
  }
  if (r.exitCode === 0) return success(output);
  const classified = classifyPodmanFailure(call.args, r.stderr, r.exitCode, call.image);
  if (call.exitCodeIsResult === true && !PODMAN_OWN_FAILURES.has(r.exitCode)) {
    const podmanSaysSo = r.exitCode === PODMAN_AMBIGUOUS_FAILURE && classified.kind !== "failed" && /^Error: /m.test(r.stderr);
    if (!podmanSaysSo) return success(output);
  }
  return failure(classified);
}

/** MK_TRACE_PODMAN=1: every podman call on standard error, with its duration and outcome. */
function traceToStderr(call: PodmanCall, result: RuntimeResult<PodmanOutput>, elapsedMs: number): void {
  const outcome = result.ok ? "ok" : `${result.error.kind}: ${result.error.detail}`;
  // The call's start, in seconds since the process started: overlapping calls show as such.
  const startedAt = ((performance.now() - elapsedMs) / 1000).toFixed(3);
  process.stderr.write(`[podman +${startedAt}s ${elapsedMs} ms] ${JSON.stringify(maskEnvValues(call.args))} ${outcome}\n`);
}

/** `--env NAME=VALUE` → `--env NAME=***`: environment values may come from Secrets. */
export function maskEnvValues(args: readonly string[]): string[] {
  return args.map((a, i) => (args[i - 1] === "--env" && a.includes("=") ? `${a.slice(0, a.indexOf("="))}=***` : a));
}

/** `pod create`, `ps`: the words of the command without its options, for messages. */
export function describe(args: readonly string[]): string {
  const words: string[] = [];
  for (const a of args) {
    if (a.startsWith("-") || words.length === 2) break;
    words.push(a);
  }
  return words.join(" ");
}

/** Parses podman's `--format json` output; unreadable output is a typed error, not an exception. */
export function parseJson(call: PodmanCall, stdout: string): RuntimeResult<unknown> {
  const text = stdout.trim();
  if (text === "") return success(null);
  try {
    return success(JSON.parse(text) as unknown);
  } catch (e) {
    return failure(runtimeError("bad-output", `podman ${describe(call.args)} printed output that is not JSON: ${(e as Error).message}`, call.args, text.slice(0, 200)));
  }
}

/** Runs a call and reads its JSON output. */
export async function runJson(podman: Podman, call: PodmanCall): Promise<RuntimeResult<unknown>> {
  const r = await podman.run(call);
  if (!r.ok) return r;
  return parseJson(call, r.value.stdout);
}
