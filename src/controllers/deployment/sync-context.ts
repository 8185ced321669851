import type { ControlContext } from "../../control/reconciler.js";
import { isJsonObject, type JsonObject } from "../../schema/json.js";
import { refOf } from "../../store/index.js";
import { annotationsOf } from "../shared/labels.js";
import { withAnnotations } from "./annotations.js";
import { REVISION } from "./replica-sets.js";
import { statusToJson, type DeploymentStatus } from "./status.js";

export const COMPONENT = "deployment-controller";

/**
 * One sync of one Deployment: the Deployment as last written (every write returns the stored
 * object, so later writes carry the right resourceVersion), and its Events.
 */
export class DeploymentSync {
  constructor(
    readonly ctx: ControlContext,
    public d: JsonObject,
  ) {}

  get name(): string {
    return String((this.d.metadata as JsonObject).name);
  }

  get namespace(): string {
    return refOf(this.d).namespace ?? "";
  }

  get now(): Date {
    return this.ctx.clock.now();
  }

  async event(type: "Normal" | "Warning", reason: string, message: string): Promise<void> {
    const metadata = this.d.metadata as JsonObject;
    await this.ctx.recordEvent({
      involvedObject: { apiVersion: String(this.d.apiVersion), kind: "Deployment", namespace: this.namespace, name: this.name, uid: String(metadata.uid) },
      type,
      reason,
      message,
      source: { component: COMPONENT },
    });
  }

  /** Writes status (the status subresource). */
  async saveStatus(status: DeploymentStatus): Promise<void> {
    await this.saveStatusJson(statusToJson(status));
  }

  async saveStatusJson(status: JsonObject): Promise<void> {
    this.d = await this.ctx.store.updateStatus({ ...this.d, status });
  }

  /** deploymentutil.SetDeploymentRevision: the revision annotation on the Deployment (a metadata write). */
  async setRevision(revision: number): Promise<void> {
    const annotations = annotationsOf(this.d);
    if (annotations[REVISION] === String(revision)) return;
    this.d = await this.ctx.store.update(withAnnotations(this.d, { ...annotations, [REVISION]: String(revision) }));
  }

  /** The status object, read fresh from the Deployment as it is now. */
  get status(): JsonObject {
    return isJsonObject(this.d.status) ? this.d.status : {};
  }
}
