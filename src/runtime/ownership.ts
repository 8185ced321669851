import type { Labels } from "./labels.js";
import { runtimeError, type PodmanError } from "./podman-error.js";

/** The refusal to remove a podman object that lacks mk's labels. */
export function notOurs(what: string, name: string, selector: Labels): PodmanError {
  const wanted = Object.entries(selector)
    .map(([k, v]) => `${k}=${v}`)
    .join(", ");
  return runtimeError("not-owned", `refusing to remove ${what} ${name}: it does not carry mk's labels (${wanted}); mk only removes what it created`);
}
