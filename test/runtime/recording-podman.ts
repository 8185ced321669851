import type { Podman, PodmanCall, PodmanOutput } from "../../src/runtime/podman.js";
import { classifyPodmanFailure, failure, success, type RuntimeResult } from "../../src/runtime/podman-error.js";

/**
 * A Podman that records every call and answers from a script, for unit tests of what the
 * adapter asks podman to do (argument arrays, label guards). Not a runtime: the end-to-end
 * tests use the real podman.
 */
export interface ScriptedAnswer {
  /** Matches when the call's arguments start with these. */
  prefix: readonly string[];
  stdout?: string;
  /** A failure: podman's standard error and exit status. */
  stderr?: string;
  exitCode?: number;
}

export class RecordingPodman implements Podman {
  readonly calls: PodmanCall[] = [];
  constructor(private readonly answers: readonly ScriptedAnswer[] = []) {}

  async run(call: PodmanCall): Promise<RuntimeResult<PodmanOutput>> {
    this.calls.push(call);
    const answer = this.answers.find((a) => a.prefix.every((p, i) => call.args[i] === p));
    const exitCode = answer?.exitCode ?? 0;
    const output = { stdout: answer?.stdout ?? "", stderr: answer?.stderr ?? "", all: answer?.stdout ?? "", exitCode };
    if (exitCode === 0 || (call.exitCodeIsResult && exitCode < 125)) return success(output);
    return failure(classifyPodmanFailure(call.args, output.stderr, exitCode, call.image));
  }

  /** The calls' argument arrays. */
  get argv(): (readonly string[])[] {
    return this.calls.map((c) => c.args);
  }
}
