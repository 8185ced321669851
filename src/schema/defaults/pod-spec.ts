import type { JsonObject } from "../json.js";
import { childObject, childObjects, ensureObject, isUnset, setDefault, setDefaultIfZero } from "./mutate.js";

/** Mode bits 0644, the default for files projected from ConfigMaps, Secrets and the downward API. */
export const defaultFileMode = 0o644;

export interface PodSpecDefaults {
  /**
   * Whether to default restartPolicy to Always. The apiserver does it for every PodSpec, then
   * rejects Always in Job templates; mk leaves a Job template's policy unset instead, so that the
   * error says "required" rather than complaining about a value the user never wrote.
   */
  restartPolicy: boolean;
}

/** SetDefaults_PodSpec and the defaulters of everything nested in it (k8s pkg/apis/core/v1). */
export function defaultPodSpec(spec: JsonObject, options: PodSpecDefaults): void {
  setDefault(spec, "dnsPolicy", "ClusterFirst");
  if (options.restartPolicy) setDefault(spec, "restartPolicy", "Always");
  setDefault(spec, "securityContext", {});
  setDefault(spec, "terminationGracePeriodSeconds", 30);
  setDefault(spec, "schedulerName", "default-scheduler");
  for (const list of ["initContainers", "containers", "ephemeralContainers"]) {
    for (const container of childObjects(spec, list)) defaultContainer(container);
  }
  for (const volume of childObjects(spec, "volumes")) defaultVolume(volume);
}

/**
 * What only a Pod gets (SetDefaults_Pod), not a pod template: requests copied from limits,
 * enableServiceLinks, and host ports equal to container ports on the host network.
 */
export function defaultPodOnly(spec: JsonObject): void {
  for (const list of ["initContainers", "containers"]) {
    for (const container of childObjects(spec, list)) {
      const resources = childObject(container, "resources");
      const limits = childObject(resources, "limits");
      if (!resources || !limits || Object.keys(limits).length === 0) continue;
      const requests = ensureObject(resources, "requests");
      if (!requests) continue;
      for (const [name, value] of Object.entries(limits)) setDefault(requests, name, value);
    }
  }
  setDefault(spec, "enableServiceLinks", true);
  if (spec.hostNetwork === true) {
    for (const list of ["initContainers", "containers"]) {
      for (const container of childObjects(spec, list)) {
        for (const port of childObjects(container, "ports")) {
          if ((isUnset(port.hostPort) || port.hostPort === 0) && typeof port.containerPort === "number") port.hostPort = port.containerPort;
        }
      }
    }
  }
}

function defaultContainer(container: JsonObject): void {
  setDefault(container, "imagePullPolicy", defaultPullPolicy(typeof container.image === "string" ? container.image : ""));
  setDefault(container, "terminationMessagePath", "/dev/termination-log");
  setDefault(container, "terminationMessagePolicy", "File");
  for (const port of childObjects(container, "ports")) setDefault(port, "protocol", "TCP");
  for (const probe of ["livenessProbe", "readinessProbe", "startupProbe"]) {
    const p = childObject(container, probe);
    if (p) defaultProbe(p);
  }
  const lifecycle = childObject(container, "lifecycle");
  for (const hook of ["postStart", "preStop"]) defaultHandler(childObject(lifecycle, hook));
  for (const env of childObjects(container, "env")) defaultFieldRef(childObject(childObject(env, "valueFrom"), "fieldRef"));
}

/**
 * Always for `:latest` or an untagged image (which means latest), IfNotPresent otherwise (a tag
 * or a digest). A reference the parser would reject also gets IfNotPresent, as in Kubernetes.
 */
export function defaultPullPolicy(image: string): "Always" | "IfNotPresent" {
  const at = image.indexOf("@");
  const nameAndTag = at >= 0 ? image.slice(0, at) : image;
  const hasDigest = at >= 0;
  const lastSlash = nameAndTag.lastIndexOf("/");
  const lastColon = nameAndTag.lastIndexOf(":");
  const repository = lastColon > lastSlash ? nameAndTag.slice(0, lastColon) : nameAndTag;
  const tag = lastColon > lastSlash ? nameAndTag.slice(lastColon + 1) : "";
  if (repository === "" || /[A-Z\s]/.test(repository)) return "IfNotPresent";
  if (tag === "") return hasDigest ? "IfNotPresent" : "Always";
  return tag === "latest" ? "Always" : "IfNotPresent";
}

function defaultProbe(probe: JsonObject): void {
  // Go int32 fields: 0 and absent are the same to the apiserver.
  setDefaultIfZero(probe, "timeoutSeconds", 0, 1);
  setDefaultIfZero(probe, "periodSeconds", 0, 10);
  setDefaultIfZero(probe, "successThreshold", 0, 1);
  setDefaultIfZero(probe, "failureThreshold", 0, 3);
  defaultHandler(probe);
}

function defaultHandler(handler: JsonObject | undefined): void {
  const httpGet = childObject(handler, "httpGet");
  if (!httpGet) return;
  setDefaultIfZero(httpGet, "path", "", "/");
  setDefaultIfZero(httpGet, "scheme", "", "HTTP");
}

function defaultFieldRef(fieldRef: JsonObject | undefined): void {
  if (fieldRef) setDefaultIfZero(fieldRef, "apiVersion", "", "v1");
}

const volumeSources = [
  "awsElasticBlockStore", "azureDisk", "azureFile", "cephfs", "cinder", "configMap", "csi", "downwardAPI", "emptyDir", "ephemeral",
  "fc", "flexVolume", "flocker", "gcePersistentDisk", "gitRepo", "glusterfs", "hostPath", "image", "iscsi", "nfs", "persistentVolumeClaim",
  "photonPersistentDisk", "portworxVolume", "projected", "quobyte", "rbd", "scaleIO", "secret", "storageos", "vsphereVolume",
];

function defaultVolume(volume: JsonObject): void {
  // A volume without a source is an emptyDir (SetDefaults_Volume).
  if (!volumeSources.some((k) => !isUnset(volume[k]))) volume.emptyDir = {};
  for (const key of ["secret", "configMap", "downwardAPI", "projected"]) {
    const source = childObject(volume, key);
    if (source) setDefault(source, "defaultMode", defaultFileMode);
  }
  for (const item of childObjects(childObject(volume, "downwardAPI"), "items")) defaultFieldRef(childObject(item, "fieldRef"));
  for (const source of childObjects(childObject(volume, "projected"), "sources")) {
    for (const item of childObjects(childObject(source, "downwardAPI"), "items")) defaultFieldRef(childObject(item, "fieldRef"));
    const token = childObject(source, "serviceAccountToken");
    if (token) setDefault(token, "expirationSeconds", 3600);
  }
  const hostPath = childObject(volume, "hostPath");
  if (hostPath) setDefault(hostPath, "type", "");
  const iscsi = childObject(volume, "iscsi");
  if (iscsi) setDefaultIfZero(iscsi, "iscsiInterface", "", "default");
  const rbd = childObject(volume, "rbd");
  if (rbd) {
    setDefaultIfZero(rbd, "pool", "", "rbd");
    setDefaultIfZero(rbd, "user", "", "admin");
    setDefaultIfZero(rbd, "keyring", "", "/etc/ceph/keyring");
  }
  const azureDisk = childObject(volume, "azureDisk");
  if (azureDisk) {
    setDefault(azureDisk, "cachingMode", "ReadWrite");
    setDefault(azureDisk, "kind", "Shared");
    setDefault(azureDisk, "fsType", "ext4");
    setDefault(azureDisk, "readOnly", false);
  }
  const scaleIO = childObject(volume, "scaleIO");
  if (scaleIO) {
    setDefaultIfZero(scaleIO, "storageMode", "", "ThinProvisioned");
    setDefaultIfZero(scaleIO, "fsType", "", "xfs");
  }
  const claimSpec = childObject(childObject(childObject(volume, "ephemeral"), "volumeClaimTemplate"), "spec");
  if (claimSpec) setDefault(claimSpec, "volumeMode", "Filesystem");
}

/** A PodTemplateSpec (its metadata gets no defaults). */
export function defaultPodTemplate(template: JsonObject | undefined, options: PodSpecDefaults): void {
  if (!template) return;
  const spec = childObject(template, "spec");
  if (spec) defaultPodSpec(spec, options);
}
