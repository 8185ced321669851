// A podman stand-in that knows only named volumes (inspect, create, ls, rm), for the binder and
// preparePodVolumes unit tests. (Not a test file itself.)
import type { Podman, PodmanCall, PodmanOutput } from "../../../src/runtime/podman.js";
import { failure, runtimeError, success, type RuntimeResult } from "../../../src/runtime/podman-error.js";
import type { RuntimeSession } from "../../../src/runtime/session.js";

export interface FakeVolume {
  name: string;
  labels: Record<string, string>;
  options: string[];
}

export class FakeVolumePodman implements Podman {
  readonly volumes = new Map<string, FakeVolume>();
  readonly calls: string[][] = [];

  async run(call: PodmanCall): Promise<RuntimeResult<PodmanOutput>> {
    const args = [...call.args];
    this.calls.push(args);
    const out = (stdout: string) => success({ stdout, stderr: "", all: stdout, exitCode: 0 });
    const json = (v: FakeVolume) => ({ Name: v.name, Mountpoint: `/var/lib/containers/storage/volumes/${v.name}/_data`, Labels: v.labels });
    if (args[0] !== "volume") return failure(runtimeError("failed", `fake podman: unexpected call ${args.join(" ")}`, args));
    const name = args.at(-1) ?? "";
    switch (args[1]) {
      case "inspect": {
        const v = this.volumes.get(name);
        return v ? out(JSON.stringify([json(v)])) : failure(runtimeError("not-found", `no volume with name "${name}" found`, args));
      }
      case "create": {
        if (this.volumes.has(name)) return failure(runtimeError("name-in-use", `volume ${name} already exists`, args));
        const labels: Record<string, string> = {};
        const options: string[] = [];
        for (let i = 2; i < args.length - 1; i++) {
          if (args[i] === "--label") {
            const [k, ...v] = (args[++i] ?? "").split("=");
            labels[k ?? ""] = v.join("=");
          } else if (args[i] === "--opt") options.push(args[++i] ?? "");
        }
        this.volumes.set(name, { name, labels, options });
        return out(name);
      }
      case "ls": {
        const filters = args.flatMap((a, i) => (a === "--filter" ? [(args[i + 1] ?? "").replace(/^label=/, "")] : []));
        const list = [...this.volumes.values()].filter((v) => filters.every((f) => {
          const [k, ...rest] = f.split("=");
          return v.labels[k ?? ""] === rest.join("=");
        }));
        return out(JSON.stringify(list.map(json)));
      }
      case "rm":
        if (!this.volumes.delete(name)) return failure(runtimeError("not-found", `no volume with name "${name}" found`, args));
        return out(name);
      default:
        return failure(runtimeError("failed", `fake podman: unexpected call ${args.join(" ")}`, args));
    }
  }
}

export function fakeSession(podman: Podman, project = "p-1"): RuntimeSession {
  return { podman, project, network: `mk-${project}`, containersConf: "/dev/null" };
}
