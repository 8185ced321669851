/**
 * Where each OpenAPI definition lives in the MKL stdlib: `io.k8s.api.apps.v1.DeploymentSpec` →
 * module `k8s/apps/v1`, schema `DeploymentSpec`; `io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta` →
 * `k8s/meta/v1`; a CRD's `com.example.stable.v1.CronTab` → `k8s/stable.example.com/v1`.
 */

export interface ModuleName {
  /** "k8s/apps/v1" */
  module: string;
  /** "DeploymentSpec" */
  shortName: string;
}

const VERSION = /^v[0-9]+(?:(?:alpha|beta)[0-9]+)?$/;

export function moduleOfDefinition(definition: string, kindGroup?: string): ModuleName {
  const parts = definition.split(".");
  const shortName = parts[parts.length - 1];
  const version = parts[parts.length - 2] ?? "";
  let m: RegExpExecArray | null;
  if ((m = /^io\.k8s\.api\.([^.]+)\.([^.]+)\.[^.]+$/.exec(definition))) return { module: `k8s/${m[1]}/${m[2]}`, shortName };
  if ((m = /^io\.k8s\.[^.]+\.pkg\.apis\.([^.]+)\.([^.]+)\.[^.]+$/.exec(definition))) return { module: `k8s/${m[1]}/${m[2]}`, shortName };
  if (VERSION.test(version)) {
    const group = kindGroup ?? parts.slice(0, -2).reverse().join(".");
    return { module: `k8s/${group === "" ? "core" : group}/${version}`, shortName };
  }
  return { module: "k8s/other", shortName };
}

/** The alias a module is imported under: its group's first word ("k8s/apps/v1" → apps, "k8s/stable.example.com/v1" → stable). */
export function moduleAlias(module: string): string {
  const group = module.split("/")[1] ?? "k8s";
  const word = group.split(".")[0].replace(/[^A-Za-z0-9_]/g, "_");
  return /^[A-Za-z_]/.test(word) ? word : `_${word}`;
}
