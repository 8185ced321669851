import { join } from "node:path";
import { writeContainersConf } from "./containers-conf.js";
import { podmanNetworkName, projectId } from "./names.js";
import { createPodman, type Podman } from "./podman.js";

/**
 * Everything a runtime caller needs for one mk project: a podman adapter that uses mk's
 * containers.conf, the project id that goes into every label, and the project's network name.
 */
export interface RuntimeSession {
  podman: Podman;
  project: string;
  network: string;
  containersConf: string;
}

export interface SessionOptions {
  /** The project id (default: projectId(stateDir)). */
  project?: string;
  /** The podman program (default "podman"). */
  podmanBinary?: string;
  /** Where mk's containers.conf is written (default: <stateDir>/podman). */
  confDir?: string;
}

/**
 * Opens the runtime for the project whose state folder is `stateDir` (e.g. `.mk`): writes mk's
 * containers.conf there if needed. With MK_TRACE_PODMAN=1 every podman call is printed to
 * standard error with its duration (see createPodman).
 */
export function openRuntimeSession(stateDir: string, options: SessionOptions = {}): RuntimeSession {
  const containersConf = writeContainersConf(options.confDir ?? join(stateDir, "podman"));
  const project = options.project ?? projectId(stateDir);
  const podman = createPodman({ containersConf, binary: options.podmanBinary });
  return { podman, project, network: podmanNetworkName(project), containersConf };
}
