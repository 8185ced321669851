import { records, text, type JsonRecord } from "./json-read.js";
import { LABEL } from "./labels.js";
import { listContainers } from "./observe.js";
import { runJson, type Podman } from "./podman.js";
import { success, type RuntimeResult } from "./podman-error.js";
import { TIMEOUTS } from "./timeouts.js";

/**
 * Resource usage from `podman stats --no-stream --format json`, the metrics-server analog the
 * HorizontalPodAutoscaler reads. podman prints numbers as text (`"cpu_percent": "2.10%"`,
 * `"mem_usage": "266.2kB / 25.28GB"`) and has renamed fields between versions, so every field
 * is read defensively: a value that cannot be read makes the row unusable, never a crash.
 */
export interface ContainerUsage {
  id: string;
  name: string;
  /** CPU in thousandths of a core (podman's percent of one CPU × 10). */
  cpuMillis: number;
  memoryBytes: number;
}

export interface PodUsage {
  cpuMillis: number;
  memoryBytes: number;
}

/** `2.10%` → 2.1; undefined when it is not a percentage. */
export function parsePercent(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  const m = /^\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(text(value));
  return m ? Number(m[1]) : undefined;
}

const BYTE_UNITS: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
};

/** `266.2kB` → 266200, `1.5MiB` → 1572864 (podman uses decimal units; binary ones are accepted). */
export function parseByteSize(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(text(value));
  if (!m) return undefined;
  const unit = BYTE_UNITS[(m[2] || "b").toLowerCase()];
  return unit === undefined ? undefined : Math.round(Number(m[1]) * unit);
}

function first(record: JsonRecord, names: readonly string[]): unknown {
  for (const n of names) if (record[n] !== undefined) return record[n];
  return undefined;
}

/** The rows of `podman stats --format json` that can be read. */
export function parseStats(json: unknown): ContainerUsage[] {
  const out: ContainerUsage[] = [];
  for (const r of records(json)) {
    const cpu = parsePercent(first(r, ["cpu_percent", "CPUPerc", "CPU", "cpu"]));
    // mem_usage is "used / limit": the used part.
    const memField = first(r, ["mem_usage_bytes", "MemUsageBytes", "mem_usage", "MemUsage"]);
    const memory = parseByteSize(typeof memField === "string" ? memField.split("/")[0] : memField);
    const id = text(first(r, ["id", "ID", "ContainerID"]));
    if (cpu === undefined || memory === undefined || id === "") continue;
    out.push({ id, name: text(first(r, ["name", "Name"])), cpuMillis: Math.round(cpu * 10), memoryBytes: memory });
  }
  return out;
}

/** Usage of the given running containers (by id or name). */
export async function containerStats(podman: Podman, containers: readonly string[]): Promise<RuntimeResult<ContainerUsage[]>> {
  if (containers.length === 0) return success([]);
  const r = await runJson(podman, { args: ["stats", "--no-stream", "--format", "json", ...containers], timeoutMs: TIMEOUTS.query });
  return r.ok ? success(parseStats(r.value)) : r;
}

/**
 * The PodMetricsSource over podman: each running container of the project (infra containers
 * left out) is mapped to its pod by mk's labels, and pods sum their containers. Pods with no
 * running container are missing from the map, as pods without metrics are in metrics-server.
 */
export function createPodmanMetricsSource(podman: Podman, project: string) {
  return {
    async usage(pods: readonly { uid: string }[]): Promise<Map<string, PodUsage>> {
      const wanted = new Set(pods.map((p) => p.uid));
      const out = new Map<string, PodUsage>();
      const listed = await listContainers(podman, { [LABEL.project]: project, [LABEL.kind]: "Pod" });
      if (!listed.ok) throw new Error(listed.error.message);
      const running = listed.value.filter((c) => c.state === "running" && !c.isInfra && c.labels[LABEL.container] !== undefined && wanted.has(c.labels[LABEL.uid] ?? ""));
      const stats = await containerStats(podman, running.map((c) => c.id));
      if (!stats.ok) throw new Error(stats.error.message);
      for (const usage of stats.value) {
        const container = running.find((c) => c.id.startsWith(usage.id) || usage.id.startsWith(c.id) || c.name === usage.name);
        const uid = container?.labels[LABEL.uid];
        if (!uid) continue;
        const sum = out.get(uid) ?? { cpuMillis: 0, memoryBytes: 0 };
        out.set(uid, { cpuMillis: sum.cpuMillis + usage.cpuMillis, memoryBytes: sum.memoryBytes + usage.memoryBytes });
      }
      return out;
    },
  };
}
