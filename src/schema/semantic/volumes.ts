import type { FieldPath } from "../../diag/span.js";
import type { JsonObject } from "../json.js";
import { dns1123LabelProblems } from "../names.js";
import { SemanticCode } from "./codes.js";
import type { IssueList } from "./issue-list.js";
import { has, numberField, objectField, objectItems, stringField } from "./json-access.js";
import { checkQuantity } from "./resources.js";

/** Every volume source a v1.Volume can have; a volume has exactly one (none means emptyDir, by defaulting). */
export const volumeSourceKeys = [
  "awsElasticBlockStore",
  "azureDisk",
  "azureFile",
  "cephfs",
  "cinder",
  "configMap",
  "csi",
  "downwardAPI",
  "emptyDir",
  "ephemeral",
  "fc",
  "flexVolume",
  "flocker",
  "gcePersistentDisk",
  "gitRepo",
  "glusterfs",
  "hostPath",
  "image",
  "iscsi",
  "nfs",
  "persistentVolumeClaim",
  "photonPersistentDisk",
  "portworxVolume",
  "projected",
  "quobyte",
  "rbd",
  "scaleIO",
  "secret",
  "storageos",
  "vsphereVolume",
] as const;

const hostPathTypes = ["", "DirectoryOrCreate", "Directory", "FileOrCreate", "File", "Socket", "CharDevice", "BlockDevice"];
const maxFileMode = 0o777;

/** Checks `spec.volumes` and returns the declared names (for volumeMounts). */
export function checkVolumes(spec: JsonObject, path: FieldPath, issues: IssueList): Set<string> {
  const names = new Set<string>();
  for (const { item: volume, index } of objectItems(spec, "volumes")) {
    const at: FieldPath = [...path, "volumes", index];
    const name = stringField(volume, "name") ?? "";
    const problems = dns1123LabelProblems(name);
    if (name === "") {
      issues.error(SemanticCode.invalidVolumeName, [...at, "name"], "volume has no name");
    } else if (problems.length > 0) {
      issues.error(SemanticCode.invalidVolumeName, [...at, "name"], `invalid volume name \`${name}\`: a volume name must be a DNS-1123 label; ${problems[0]}`);
    } else if (names.has(name)) {
      issues.error(SemanticCode.invalidVolumeName, [...at, "name"], `volume \`${name}\` is declared twice`, { help: "give each volume a distinct name" });
    }
    if (name !== "") names.add(name);
    checkVolumeSource(volume, at, name, issues);
  }
  return names;
}

function checkVolumeSource(volume: JsonObject, path: FieldPath, name: string, issues: IssueList): void {
  const sources = volumeSourceKeys.filter((k) => has(volume, k));
  if (sources.length > 1) {
    issues.error(SemanticCode.volumeSourceCount, [...path, sources[1]], `volume \`${name}\` has ${sources.length} sources (${sources.join(", ")}); a volume has exactly one`);
    return;
  }
  const hostPath = objectField(volume, "hostPath");
  if (hostPath) {
    const p = stringField(hostPath, "path") ?? "";
    if (p === "") issues.error(SemanticCode.invalidVolumeSource, [...path, "hostPath", "path"], `hostPath volume \`${name}\` needs a path`);
    else if (p.split("/").includes("..")) issues.error(SemanticCode.invalidVolumeSource, [...path, "hostPath", "path"], `hostPath \`${p}\` must not contain '..'`);
    const type = stringField(hostPath, "type");
    if (type !== undefined && !hostPathTypes.includes(type)) {
      issues.error(SemanticCode.invalidVolumeSource, [...path, "hostPath", "type"], `unsupported hostPath type \`${type}\`; use one of ${hostPathTypes.filter((t) => t !== "").join(", ")} (or "" for no check)`);
    }
  }
  const configMap = objectField(volume, "configMap");
  if (configMap) {
    if ((stringField(configMap, "name") ?? "") === "") issues.error(SemanticCode.invalidVolumeSource, [...path, "configMap", "name"], `configMap volume \`${name}\` needs the name of a ConfigMap`);
    checkFileModes(configMap, [...path, "configMap"], issues);
  }
  const secret = objectField(volume, "secret");
  if (secret) {
    if ((stringField(secret, "secretName") ?? "") === "") issues.error(SemanticCode.invalidVolumeSource, [...path, "secret", "secretName"], `secret volume \`${name}\` needs a secretName`);
    checkFileModes(secret, [...path, "secret"], issues);
  }
  const downwardAPI = objectField(volume, "downwardAPI");
  if (downwardAPI) checkFileModes(downwardAPI, [...path, "downwardAPI"], issues);
  const projected = objectField(volume, "projected");
  if (projected) checkFileModes(projected, [...path, "projected"], issues);
  const claim = objectField(volume, "persistentVolumeClaim");
  if (claim && (stringField(claim, "claimName") ?? "") === "") {
    issues.error(SemanticCode.invalidVolumeSource, [...path, "persistentVolumeClaim", "claimName"], `persistentVolumeClaim volume \`${name}\` needs a claimName`);
  }
  const emptyDir = objectField(volume, "emptyDir");
  if (emptyDir) {
    checkQuantity(emptyDir.sizeLimit, [...path, "emptyDir", "sizeLimit"], "emptyDir.sizeLimit", issues);
    const medium = stringField(emptyDir, "medium");
    if (medium !== undefined && medium !== "" && medium !== "Memory" && !medium.startsWith("HugePages")) {
      issues.error(SemanticCode.invalidVolumeSource, [...path, "emptyDir", "medium"], `unsupported emptyDir medium \`${medium}\`; use "" (node disk), Memory or HugePages`);
    }
  }
  const nfs = objectField(volume, "nfs");
  if (nfs) {
    if ((stringField(nfs, "server") ?? "") === "") issues.error(SemanticCode.invalidVolumeSource, [...path, "nfs", "server"], `nfs volume \`${name}\` needs a server`);
    const p = stringField(nfs, "path") ?? "";
    if (!p.startsWith("/")) issues.error(SemanticCode.invalidVolumeSource, [...path, "nfs", "path"], `nfs volume \`${name}\` needs an absolute path`);
  }
}

/** defaultMode and items[].mode are file permission bits, 0–0777 (0–511 in decimal). */
function checkFileModes(source: JsonObject, path: FieldPath, issues: IssueList): void {
  const checkMode = (value: number | undefined, at: FieldPath): void => {
    if (value === undefined) return;
    if (!Number.isInteger(value) || value < 0 || value > maxFileMode) {
      issues.error(SemanticCode.invalidVolumeSource, at, `file mode ${value} is out of range: it must be between 0 and 0777 octal (0 and 511 in decimal)`, {
        help: value > maxFileMode && /^[0-7]+$/.test(String(value)) ? `YAML reads ${value} as decimal; write 0${value} for octal, or ${parseInt(String(value), 8)}` : undefined,
      });
    }
  };
  checkMode(numberField(source, "defaultMode"), [...path, "defaultMode"]);
  for (const { item, index } of objectItems(source, "items")) {
    checkMode(numberField(item, "mode"), [...path, "items", index, "mode"]);
    const p = stringField(item, "path");
    if (p !== undefined && (p.startsWith("/") || p.split("/").includes(".."))) {
      issues.error(SemanticCode.invalidVolumeSource, [...path, "items", index, "path"], `item path \`${p}\` must be relative and must not contain '..'`);
    }
  }
}
