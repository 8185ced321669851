import { createHash } from "node:crypto";
import { basename, resolve } from "node:path";

/**
 * podman object names. podman names are global to the machine, so every name starts with the
 * project id; the parts are joined with "_", which Kubernetes names never contain, so two
 * different (namespace, pod, container) triples can never produce the same name.
 * podman accepts [a-zA-Z0-9][a-zA-Z0-9_.-]*.
 */

/**
 * A project id for a state folder: a readable slug of the folder's name and a hash of its
 * absolute path, e.g. `shop-3f2a9c1d`. Only [a-z0-9-], so it is a valid label value, podman name
 * part and network name.
 */
export function projectId(stateDir: string): string {
  const absolute = resolve(stateDir);
  const hash = createHash("sha256").update(absolute).digest("hex").slice(0, 8);
  const folder = basename(absolute) === ".mk" ? basename(resolve(absolute, "..")) : basename(absolute);
  const slug = folder
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 20)
    .replace(/-+$/, "");
  return slug === "" ? `mk-${hash}` : `${slug}-${hash}`;
}

/** The podman pod of Kubernetes pod `namespace/name`. */
export function podmanPodName(project: string, namespace: string, name: string): string {
  return `${project}_${namespace}_${name}`;
}

/** The infra container of a podman pod (two "_" where containers have three: never equal). */
export function podmanInfraName(podName: string): string {
  return `${podName}-infra`;
}

/** The podman container of container `container` in the podman pod `podName`. */
export function podmanContainerName(podName: string, container: string): string {
  return `${podName}_${container}`;
}

/** The project's podman network (DNS by aardvark-dns; one per project). */
export function podmanNetworkName(project: string): string {
  return `mk-${project}`;
}

/** The podman volume of PersistentVolumeClaim `namespace/name`. */
export function podmanVolumeName(project: string, namespace: string, name: string): string {
  return `${project}_${namespace}_${name}`;
}
