/**
 * What a pod's volumes became on this host, by volume name: what a volumeMount mounts.
 * Produced by preparePodVolumes, read by resolvePodContainers.
 */
export type ResolvedVolume =
  /**
   * A host folder (or file): an emptyDir on disk, a hostPath, the folder mk writes a configMap,
   * secret, downwardAPI or projected volume into (those are always mounted read-only, as Kubernetes does).
   */
  | { kind: "host"; path: string; readOnly: boolean; source: VolumeSourceKind; sizeLimitBytes?: number }
  /** A named podman volume: a PersistentVolumeClaim's storage or a memory-backed emptyDir. */
  | { kind: "podman"; volume: string; mountpoint: string; readOnly: boolean; source: VolumeSourceKind; sizeLimitBytes?: number };

export type VolumeSourceKind = "emptyDir" | "hostPath" | "configMap" | "secret" | "downwardAPI" | "projected" | "persistentVolumeClaim";

export type ResolvedVolumes = Readonly<Record<string, ResolvedVolume>>;
