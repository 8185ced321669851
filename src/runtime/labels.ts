/**
 * The labels that tie every podman object mk creates (pods and their infra containers,
 * containers, volumes, networks) to mk's store object and to one mk project. mk lists podman
 * objects only through these labels and never removes an object that lacks them, so two
 * projects — or two test runs — on one machine never touch each other's objects.
 */
export const LABEL = {
  /** The mk project (state folder) that owns the object: see projectId in names.ts. */
  project: "io.mk.project",
  /** The store object's metadata.uid. */
  uid: "io.mk.uid",
  /** The store object's namespace ("" for cluster-scoped objects). */
  namespace: "io.mk.namespace",
  /** The store object's metadata.name. */
  name: "io.mk.name",
  /** The store object's kind (Pod, PersistentVolumeClaim, ...; mk.Network for mk's network). */
  kind: "io.mk.kind",
  /** The uid of the store object's controller owner (a Pod's ReplicaSet), or "" when it has none. */
  ownerUid: "io.mk.owner-uid",
  /** On containers: the container's name in the pod spec. */
  container: "io.mk.container",
} as const;

export type Labels = Readonly<Record<string, string>>;

/** A store object as the runtime needs to know it: plain values, no store dependency. */
export interface MkObjectRef {
  uid: string;
  namespace: string;
  name: string;
  kind: string;
  /** The controller owner's uid (ownerReferences with controller: true). */
  ownerUid?: string;
}

/** The labels of a podman object that stands for `ref` in `project`. */
export function objectLabels(project: string, ref: MkObjectRef): Record<string, string> {
  return {
    [LABEL.project]: project,
    [LABEL.uid]: ref.uid,
    [LABEL.namespace]: ref.namespace,
    [LABEL.name]: ref.name,
    [LABEL.kind]: ref.kind,
    [LABEL.ownerUid]: ref.ownerUid ?? "",
  };
}

/** The labels of a podman container that runs container `container` of pod `pod`. */
export function containerLabels(project: string, pod: MkObjectRef, container: string): Record<string, string> {
  return { ...objectLabels(project, pod), [LABEL.container]: container };
}

/**
 * The labels of the project's podman network, which stands for no store object: the project,
 * kind `mk.Network` and the network's name.
 */
export function networkLabels(project: string, network: string): Record<string, string> {
  return { [LABEL.project]: project, [LABEL.kind]: "mk.Network", [LABEL.name]: network };
}

/** Selects everything of one project. */
export function projectSelector(project: string): Record<string, string> {
  return { [LABEL.project]: project };
}

/** `--label k=v` pairs in a stable order (sorted by key). */
export function labelArgs(labels: Labels): string[] {
  return Object.keys(labels)
    .sort()
    .flatMap((key) => ["--label", `${key}=${labels[key]}`]);
}

/**
 * `--filter label=k=v` pairs (podman ANDs several label filters), sorted by key. podman splits
 * filter values at commas, so a comma in a selector would silently widen it: that is a bug in
 * the caller (Kubernetes names, namespaces and uids never contain one) and throws.
 */
export function labelFilterArgs(selector: Labels): string[] {
  const keys = Object.keys(selector).sort();
  if (keys.length === 0) throw new Error("an empty label selector would match every podman object; mk always selects by its labels");
  return keys.flatMap((key) => {
    const value = selector[key];
    if (key.includes(",") || value.includes(",")) throw new Error(`label selector ${key}=${value} contains a comma, which podman would split`);
    return ["--filter", `label=${key}=${value}`];
  });
}

/** True when `labels` carry `selector` (all keys, equal values) — the guard before any removal. */
export function matchesSelector(labels: Labels | null | undefined, selector: Labels): boolean {
  if (!labels) return false;
  const keys = Object.keys(selector);
  return keys.length > 0 && keys.every((k) => labels[k] === selector[k]);
}

/** True when the object belongs to mk's project `project`. */
export function ownedByProject(labels: Labels | null | undefined, project: string): boolean {
  return matchesSelector(labels, projectSelector(project));
}
