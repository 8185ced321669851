/**
 * Who uses what, among the desired objects: which workloads mount or read a ConfigMap or a
 * Secret, and which HorizontalPodAutoscaler scales a workload. Built once per plan, and only when
 * a change needs it.
 */
import type { JsonObject } from "../../schema/json.js";
import { numberField, objectField, objectItems, stringField } from "../../schema/semantic/json-access.js";
import { addressOf, planRefOf } from "../address.js";

export type UseKind = "volume" | "env" | "imagePullSecret";

export interface ConfigUse {
  /** The workload's address: `Deployment/web`. */
  user: string;
  via: UseKind;
}

export interface Autoscaler {
  address: string;
  minReplicas: number;
  maxReplicas: number;
}

/** The pod spec of a workload (the template's for controllers), or undefined for other kinds. */
export function podSpecOf(object: JsonObject): JsonObject | undefined {
  const spec = objectField(object, "spec");
  switch (object.kind) {
    case "Pod":
      return spec;
    case "Deployment":
    case "ReplicaSet":
    case "ReplicationController":
    case "StatefulSet":
    case "DaemonSet":
    case "Job":
      return objectField(objectField(spec, "template"), "spec");
    case "CronJob":
      return objectField(objectField(objectField(objectField(spec, "jobTemplate"), "spec"), "template"), "spec");
    default:
      return undefined;
  }
}

export class WorkloadRefs {
  private readonly uses = new Map<string, ConfigUse[]>();
  private readonly autoscalers = new Map<string, Autoscaler>();

  constructor(objects: readonly JsonObject[]) {
    for (const object of objects) {
      const ref = planRefOf(object);
      if (object.kind === "HorizontalPodAutoscaler") this.addAutoscaler(object, ref.namespace);
      const podSpec = podSpecOf(object);
      if (podSpec) this.addPodSpec(podSpec, ref.namespace, addressOf(ref));
    }
  }

  /** The workloads that use a ConfigMap or a Secret, each once per way of use, in a stable order. */
  usersOf(kind: "ConfigMap" | "Secret", namespace: string, name: string): ConfigUse[] {
    const list = this.uses.get(useKey(kind, namespace, name)) ?? [];
    return [...list].sort((a, b) => (a.user < b.user ? -1 : a.user > b.user ? 1 : a.via < b.via ? -1 : a.via > b.via ? 1 : 0));
  }

  /** The autoscaler whose scaleTargetRef names this workload. */
  autoscalerOf(kind: string, namespace: string, name: string): Autoscaler | undefined {
    return this.autoscalers.get(useKey(kind, namespace, name));
  }

  private add(kind: "ConfigMap" | "Secret", namespace: string, name: string | undefined, use: ConfigUse): void {
    if (!name) return;
    const key = useKey(kind, namespace, name);
    const list = this.uses.get(key) ?? [];
    if (!list.some((u) => u.user === use.user && u.via === use.via)) list.push(use);
    this.uses.set(key, list);
  }

  private addPodSpec(spec: JsonObject, namespace: string, user: string): void {
    for (const { item: volume } of objectItems(spec, "volumes")) {
      this.add("ConfigMap", namespace, stringField(objectField(volume, "configMap"), "name"), { user, via: "volume" });
      this.add("Secret", namespace, stringField(objectField(volume, "secret"), "secretName"), { user, via: "volume" });
      for (const { item: source } of objectItems(objectField(volume, "projected"), "sources")) {
        this.add("ConfigMap", namespace, stringField(objectField(source, "configMap"), "name"), { user, via: "volume" });
        this.add("Secret", namespace, stringField(objectField(source, "secret"), "name"), { user, via: "volume" });
      }
    }
    for (const list of ["initContainers", "containers"]) {
      for (const { item: container } of objectItems(spec, list)) {
        for (const { item: env } of objectItems(container, "env")) {
          const from = objectField(env, "valueFrom");
          this.add("ConfigMap", namespace, stringField(objectField(from, "configMapKeyRef"), "name"), { user, via: "env" });
          this.add("Secret", namespace, stringField(objectField(from, "secretKeyRef"), "name"), { user, via: "env" });
        }
        for (const { item: source } of objectItems(container, "envFrom")) {
          this.add("ConfigMap", namespace, stringField(objectField(source, "configMapRef"), "name"), { user, via: "env" });
          this.add("Secret", namespace, stringField(objectField(source, "secretRef"), "name"), { user, via: "env" });
        }
      }
    }
    for (const { item: pullSecret } of objectItems(spec, "imagePullSecrets")) {
      this.add("Secret", namespace, stringField(pullSecret, "name"), { user, via: "imagePullSecret" });
    }
  }

  private addAutoscaler(hpa: JsonObject, namespace: string): void {
    const spec = objectField(hpa, "spec");
    const target = objectField(spec, "scaleTargetRef");
    const kind = stringField(target, "kind");
    const name = stringField(target, "name");
    if (!kind || !name) return;
    const maxReplicas = numberField(spec, "maxReplicas") ?? 0;
    this.autoscalers.set(useKey(kind, namespace, name), { address: addressOf(planRefOf(hpa)), minReplicas: numberField(spec, "minReplicas") ?? 1, maxReplicas });
  }
}

function useKey(kind: string, namespace: string, name: string): string {
  return `${kind}\u0000${namespace}\u0000${name}`;
}
