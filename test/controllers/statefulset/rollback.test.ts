import { test } from "node:test";
import assert from "node:assert/strict";
import { historyRows, planRevisionRollback, planRevisions, revisionData, rollbackMessage, revisionTemplate } from "../../../src/controllers/statefulset/index.js";
import type { JsonObject } from "../../../src/schema/json.js";

// Rollout history and undo over ControllerRevisions (StatefulSets and DaemonSets), pure.
const template = (image: string): JsonObject => ({ metadata: { labels: { app: "db" } }, spec: { containers: [{ name: "db", image }] } });
function set(image: string, cause?: string): JsonObject {
  return {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { name: "db", namespace: "default", uid: "sts-uid", ...(cause ? { annotations: { "kubernetes.io/change-cause": cause } } : {}) },
    spec: { replicas: 1, selector: { matchLabels: { app: "db" } }, template: template(image) },
  };
}
function revision(image: string, number: number, cause?: string): JsonObject {
  return {
    apiVersion: "apps/v1",
    kind: "ControllerRevision",
    metadata: { name: `db-${number}`, namespace: "default", ...(cause ? { annotations: { "kubernetes.io/change-cause": cause } } : {}) },
    data: revisionData(set(image)),
    revision: number,
  };
}
const imageOf = (t: JsonObject) => (((t.spec as JsonObject).containers as JsonObject[])[0].image as string);

test("a new revision carries the owner's change-cause; history lists it by number, <none> without one", () => {
  const created = planRevisions(set("localhost/mk/db:2", "image 2"), [revision("localhost/mk/db:1", 1)], undefined, { app: "db" }).create as JsonObject;
  assert.deepEqual((created.metadata as JsonObject).annotations, { "kubernetes.io/change-cause": "image 2" });
  assert.deepEqual(historyRows([{ ...created }, revision("localhost/mk/db:1", 1)]), [
    { revision: 1, changeCause: "<none>" },
    { revision: 2, changeCause: "image 2" },
  ]);
});

test("undo goes to the second highest revision; --to-revision to that number; the template is the revision's", () => {
  const revisions = [revision("localhost/mk/db:1", 1), revision("localhost/mk/db:2", 2), revision("localhost/mk/db:3", 3)];
  const previous = planRevisionRollback(set("localhost/mk/db:3"), revisions, 0);
  assert.equal(previous.action, "apply");
  assert.equal(previous.action === "apply" && imageOf((previous.object.spec as JsonObject).template as JsonObject), "localhost/mk/db:2");
  assert.equal(previous.action === "apply" && previous.revision, 2);
  const first = planRevisionRollback(set("localhost/mk/db:3"), revisions, 1);
  assert.equal(first.action === "apply" && imageOf((first.object.spec as JsonObject).template as JsonObject), "localhost/mk/db:1");
  assert.equal(first.action === "apply" && "$patch" in ((first.object.spec as JsonObject).template as JsonObject), false, "no $patch marker in the object");
  assert.equal(rollbackMessage("StatefulSet", "db", previous as Exclude<typeof previous, { action: "error" }>), "statefulset.apps/db rolled back");
});

test("undo to the template the object has is skipped; a missing revision and a single revision are errors", () => {
  const revisions = [revision("localhost/mk/db:1", 1), revision("localhost/mk/db:2", 2)];
  const skip = planRevisionRollback(set("localhost/mk/db:2"), revisions, 2);
  assert.deepEqual(skip, { action: "skip", revision: 2 });
  assert.equal(rollbackMessage("DaemonSet", "agent", skip as { action: "skip"; revision: number }), "daemonset.apps/agent skipped rollback (current template already matches revision 2)");
  assert.deepEqual(planRevisionRollback(set("localhost/mk/db:2"), revisions, 9), { action: "error", message: "unable to find specified revision 9 in history" });
  assert.deepEqual(planRevisionRollback(set("localhost/mk/db:1"), revisions.slice(0, 1), 0), { action: "error", message: "no last revision to roll back to" });
  assert.equal(imageOf(revisionTemplate(revisions[0])), "localhost/mk/db:1");
});
