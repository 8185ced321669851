import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { BUILTIN_KINDS, apiVersionOf } from "../../src/schema/kinds.js";
import { KIND_INDEX } from "../../src/schema/generated/kind-index.js";
import * as validators from "../../src/schema/generated/validators.js";
import { allKinds, apiModel, fieldNames, kindInfo, listMergeKeys, lookupKindPath, lookupPath, mergeKeyAt, typeInfo } from "../../src/schema/model.js";
import { repoRoot } from "./golden.js";

const deployment = { apiVersion: "apps/v1", kind: "Deployment" };

test("every built-in kind in scope is in the model, the kind index and the validators", () => {
  const exported = validators as unknown as Record<string, unknown>;
  for (const b of BUILTIN_KINDS) {
    const apiVersion = apiVersionOf(b.group, b.version);
    const info = kindInfo(apiVersion, b.kind);
    assert.ok(info, `${apiVersion} ${b.kind} missing from the model`);
    const entry = KIND_INDEX.find((e) => e.apiVersion === apiVersion && e.kind === b.kind);
    assert.ok(entry, `${apiVersion} ${b.kind} missing from the kind index`);
    assert.equal(entry.type, info.type);
    assert.equal(typeof exported[entry.validator], "function", `no validator ${entry.validator}`);
    assert.ok(existsSync(new URL(`stdlib/${info.module}.mkl`, repoRoot)), `no stdlib module ${info.module}`);
  }
  assert.equal(allKinds().length, KIND_INDEX.length);
});

test("scope and plural names come from the spec's paths", () => {
  assert.deepEqual(
    ["v1 Pod", "apps/v1 Deployment", "v1 Namespace", "v1 Node", "batch/v1 CronJob", "autoscaling/v2 HorizontalPodAutoscaler", "events.k8s.io/v1 Event"].map((k) => {
      const [apiVersion, kind] = k.split(" ");
      const info = kindInfo(apiVersion, kind);
      return [k, info?.namespaced, info?.plural];
    }),
    [
      ["v1 Pod", true, "pods"],
      ["apps/v1 Deployment", true, "deployments"],
      ["v1 Namespace", false, "namespaces"],
      ["v1 Node", false, "nodes"],
      ["batch/v1 CronJob", true, "cronjobs"],
      ["autoscaling/v2 HorizontalPodAutoscaler", true, "horizontalpodautoscalers"],
      ["events.k8s.io/v1 Event", true, "events"],
    ],
  );
  assert.equal(kindInfo("apps/v1beta1", "Deployment"), undefined);
});

test("list merge keys: containers by name, ports by containerPort and protocol", () => {
  assert.deepEqual(mergeKeyAt(deployment, ["spec", "template", "spec", "containers"]), ["name"]);
  assert.deepEqual(mergeKeyAt(deployment, ["spec", "template", "spec", "containers", 0, "ports"]), ["containerPort", "protocol"]);
  assert.deepEqual(mergeKeyAt(deployment, ["spec", "template", "spec", "containers", 0, "env"]), ["name"]);
  assert.deepEqual(mergeKeyAt(deployment, ["spec", "template", "spec", "volumes"]), ["name"]);
  assert.deepEqual(mergeKeyAt({ apiVersion: "v1", kind: "Service" }, ["spec", "ports"]), ["port", "protocol"]);
  assert.equal(mergeKeyAt(deployment, ["spec", "template", "spec", "containers", 0, "args"]), undefined, "atomic lists have no key");
  assert.equal(mergeKeyAt(deployment, ["spec", "replicas"]), undefined);
  assert.deepEqual(listMergeKeys("io.k8s.api.core.v1.PodSpec", "containers"), ["name"]);
  assert.deepEqual(listMergeKeys("io.k8s.api.core.v1.Container", "volumeMounts"), ["mountPath"]);
  assert.equal(listMergeKeys("io.k8s.api.core.v1.PodSpec", "nope"), undefined);
});

test("paths lead through fields, list items and map values", () => {
  const image = lookupKindPath(deployment, ["spec", "template", "spec", "containers", 0, "image"]);
  assert.deepEqual(image?.type, { kind: "string" });
  assert.equal(image?.owner?.shortName, "Container");
  assert.equal(image?.field?.required, false);
  assert.deepEqual(lookupKindPath(deployment, ["spec", "template", "spec", "containers", 0, "resources", "limits", "cpu"])?.type, { kind: "quantity" });
  assert.deepEqual(lookupKindPath(deployment, ["metadata", "labels", "app"])?.type, { kind: "string" });
  assert.deepEqual(lookupKindPath(deployment, ["spec", "strategy", "rollingUpdate", "maxSurge"])?.type, { kind: "int-or-string" });
  assert.deepEqual(lookupKindPath({ apiVersion: "v1", kind: "Pod" }, ["spec", "restartPolicy"])?.type, { kind: "string", enum: ["Always", "OnFailure", "Never"] });
  assert.deepEqual(lookupKindPath({ apiVersion: "apps/v1", kind: "ControllerRevision" }, ["data", "spec", "anything"])?.type, { kind: "any" });
  assert.equal(lookupKindPath(deployment, ["spec", "replcas"]), undefined);
  assert.equal(lookupKindPath(deployment, ["spec", "template", "spec", "containers", "x"]), undefined);
  assert.equal(lookupPath("io.k8s.api.apps.v1.DeploymentSpec", ["replicas"])?.field?.required, false);
  assert.equal(lookupPath("io.k8s.api.apps.v1.DeploymentSpec", ["selector"])?.field?.required, true);
});

test("types keep descriptions, and the model says where it came from", () => {
  assert.match(typeInfo("io.k8s.api.apps.v1.Deployment")?.description ?? "", /declarative updates/);
  assert.ok(fieldNames("io.k8s.api.core.v1.Container").includes("imagePullPolicy"));
  assert.equal(apiModel().source.kubernetesVersion, "1.36");
  assert.match(apiModel().source.sha256, /^[0-9a-f]{64}$/);
});
