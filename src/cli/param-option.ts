import { Option } from "commander";

/** `-p, --param NAME=VALUE`, repeatable, the same in every command that compiles MKL. */
export function paramOption(): Option {
  return new Option("-p, --param <name=value>", "set a param of the entry module (repeatable)").argParser((value: string, previous: string[] = []) => [...previous, value]).default([]);
}

/** `["env=prod", "replicas=3"]` → `{ env: "prod", replicas: "3" }`; a pair without `=` is an error message. */
export function parseParamPairs(pairs: readonly string[]): { params: Record<string, string>; error?: string } {
  const params: Record<string, string> = {};
  for (const p of pairs) {
    const eq = p.indexOf("=");
    if (eq <= 0) return { params, error: `-p needs NAME=VALUE, got \`${p}\`` };
    params[p.slice(0, eq)] = p.slice(eq + 1);
  }
  return { params };
}
