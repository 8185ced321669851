import { test } from "node:test";
import assert from "node:assert/strict";
import { parseTarget } from "../../src/plan/address.js";
import { resolveFenceposts } from "../../src/plan/consequences/rollout-math.js";
import { computePlan } from "../../src/plan/planner.js";
import { renderPlanJson } from "../../src/plan/render/json.js";
import { GITHUB_COMMENT_LIMIT, renderPlanMarkdown } from "../../src/plan/render/markdown.js";
import { renderPlanText } from "../../src/plan/render/text.js";
import { withConfiguration, normalizeForPlan } from "../../src/plan/normalize.js";
import type { JsonObject } from "../../src/schema/json.js";
import { CONFIGURATION, PLAN_TIME, configMap, deployment, planObjects } from "./harness.js";

/** What mkapply would have stored for an object of this configuration. */
function stored(object: JsonObject): JsonObject {
  return withConfiguration(normalizeForPlan(object), CONFIGURATION);
}

test("rolling update arithmetic: maxSurge rounds up, maxUnavailable down, never both 0", () => {
  assert.deepEqual(resolveFenceposts("25%", "25%", 3), { maxSurge: 1, maxUnavailable: 0 });
  assert.deepEqual(resolveFenceposts("25%", "25%", 10), { maxSurge: 3, maxUnavailable: 2 });
  assert.deepEqual(resolveFenceposts(1, 0, 3), { maxSurge: 1, maxUnavailable: 0 });
  assert.deepEqual(resolveFenceposts("30%", "30%", 10), { maxSurge: 3, maxUnavailable: 3 });
  assert.deepEqual(resolveFenceposts("25%", "25%", 1), { maxSurge: 1, maxUnavailable: 0 });
  assert.deepEqual(resolveFenceposts(0, "10%", 5), { maxSurge: 0, maxUnavailable: 1 }, "both 0: one pod may be unavailable");
});

test("a pod template change of a Deployment says how the rolling update goes", () => {
  const before = deployment("web", { replicas: 3 });
  const after = deployment("web", { replicas: 3, image: "nginx:1.26" });
  (after.spec as JsonObject).strategy = { rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } };
  (before.spec as JsonObject).strategy = { rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } };
  const plan = planObjects([after], [stored(before)]);
  assert.deepEqual(plan.changes[0].consequences, ["starts a rolling update: 3 pods, maxSurge 1, maxUnavailable 0: at most 4 pods at a time, at least 3 available"]);
});

test("a ConfigMap change lists the workloads that use it, by how they use it", () => {
  const mounting = deployment("web", { extra: { volumeMounts: [{ name: "c", mountPath: "/etc/c" }] } });
  ((mounting.spec as JsonObject).template as JsonObject).spec = {
    ...(((mounting.spec as JsonObject).template as JsonObject).spec as JsonObject),
    volumes: [{ name: "c", configMap: { name: "settings" } }],
  };
  const reading = deployment("api", { extra: { envFrom: [{ configMapRef: { name: "settings" } }] } });
  const unrelated = deployment("other");
  const plan = planObjects([mounting, reading, unrelated, configMap("settings", { a: "2" })], [mounting, reading, unrelated, configMap("settings", { a: "1" })].map(stored));
  const change = plan.changes.find((c) => c.address === "ConfigMap/settings");
  assert.equal(change?.action, "update");
  assert.equal(change?.consequences.length, 2);
  assert.match(change!.consequences[0], /^mounted as files by Deployment\/web:/);
  assert.match(change!.consequences[1], /^read into environment variables by Deployment\/api:/);
  assert.ok(!change!.consequences.join(" ").includes("Deployment/other"));
});

test("a Job template change is a replace that re-runs the Job", () => {
  const job = (args: string[]): JsonObject => ({
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name: "migrate" },
    spec: { template: { spec: { restartPolicy: "Never", containers: [{ name: "m", image: "m:1", args }] } } },
  });
  const plan = planObjects([job(["2"])], [stored(job(["1"]))]);
  const change = plan.changes[0];
  assert.equal(change.action, "replace");
  assert.deepEqual(change.replaceCauses[0].path.slice(0, 2), ["spec", "template"]);
  assert.ok(change.consequences.includes("deletes the Job and its pods, then runs it again from the start"));
});

test("order: dependencies first, deletions last in reverse; the same order in every renderer", () => {
  const hpa: JsonObject = { apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler", metadata: { name: "web" }, spec: { scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" }, maxReplicas: 3 } };
  const ns: JsonObject = { apiVersion: "v1", kind: "Namespace", metadata: { name: "shop" } };
  const svc: JsonObject = { apiVersion: "v1", kind: "Service", metadata: { name: "web" }, spec: { selector: { app: "web" }, ports: [{ port: 80 }] } };
  const oldSvc: JsonObject = { apiVersion: "v1", kind: "Service", metadata: { name: "old" }, spec: { selector: { app: "old" }, ports: [{ port: 80 }] } };
  const oldHpa: JsonObject = { ...hpa, metadata: { name: "old" } };
  const plan = planObjects([hpa, deployment("web"), svc, configMap("c", { a: "1" }), ns], [oldSvc, configMap("old", { a: "1" }), oldHpa].map(stored));
  const order = plan.changes.map((c) => `${c.action} ${c.address}`);
  assert.deepEqual(order, [
    "create Namespace/shop",
    "create ConfigMap/c",
    "create Service/web",
    "create Deployment/web",
    "create HorizontalPodAutoscaler/web",
    "delete HorizontalPodAutoscaler/old",
    "delete Service/old",
    "delete ConfigMap/old",
  ]);
  const positions = (text: string, marker: (address: string) => string) => plan.changes.map((c) => text.indexOf(marker(c.address)));
  const text = positions(renderPlanText(plan, { color: false }), (a) => `# ${a} will`);
  const markdown = positions(renderPlanMarkdown(plan), (a) => `<b>${a}</b>`);
  const json = JSON.parse(renderPlanJson(plan)) as { object_changes: { address: string }[] };
  for (const [name, found] of [["text", text], ["markdown", markdown]] as const) {
    assert.ok(found.every((i) => i >= 0), `${name} shows every object`);
    assert.deepEqual(found, [...found].sort((a, b) => a - b), `${name} keeps the plan's order`);
  }
  assert.deepEqual(
    json.object_changes.map((c) => c.address),
    plan.changes.map((c) => c.address),
  );
});

test("the legend lists only the actions present; colours only when asked", () => {
  const plan = planObjects([configMap("a", { x: "2" })], [stored(configMap("a", { x: "1" }))]);
  const plain = renderPlanText(plan, { color: false });
  assert.match(plain, /^ {2}~ update in-place$/m);
  assert.doesNotMatch(plain, /^ {2}\+ create$|^ {2}- destroy$|^-\/\+ destroy and then create replacement$/m);
  assert.doesNotMatch(plain, /\x1b\[/);
  const coloured = renderPlanText(plan, { color: true });
  assert.match(coloured, /\x1b\[33m~\x1b\[0m/, "the ~ symbol is yellow");
  assert.equal(coloured.replace(/\x1b\[[0-9;]*m/g, ""), plain, "colour changes nothing else");
});

test("unknown --target: an error with did-you-mean; an object without a name: an error", () => {
  const { diagnostics } = computePlan({
    configuration: CONFIGURATION,
    desired: [deployment("web"), { apiVersion: "v1", kind: "ConfigMap", metadata: { generateName: "tmp-" }, data: {} }],
    stored: [],
    baseline: { kind: "store", location: ".mk/state.db" },
    targets: [parseTarget("Deployment/wbe")!],
    now: PLAN_TIME,
  });
  assert.deepEqual(
    diagnostics.map((d) => d.code),
    ["MK8007", "MK8001"],
  );
  assert.deepEqual(diagnostics[1].help, ["did you mean `Deployment/web`?"]);
  assert.equal(parseTarget("Deployment"), undefined);
  assert.deepEqual(parseTarget("deployment/prod/web"), { text: "deployment/prod/web", kind: "deployment", namespace: "prod", name: "web" });
});

test("Secret values appear in no rendering, in any action, while the changed keys do", () => {
  const secret = (data: Record<string, string>, type = "Opaque"): JsonObject => ({ apiVersion: "v1", kind: "Secret", metadata: { name: "s" }, type, data });
  const cases = [
    planObjects([secret({ pw: Buffer.from("new-hunter2").toString("base64") })], []),
    planObjects([secret({ pw: Buffer.from("new-hunter2").toString("base64") })], [stored(secret({ pw: Buffer.from("old-hunter2").toString("base64") }))]),
    planObjects([secret({ pw: Buffer.from("new-hunter2").toString("base64") }, "kubernetes.io/basic-auth")], [stored(secret({ pw: Buffer.from("old-hunter2").toString("base64") }))]),
    planObjects([], [stored(secret({ pw: Buffer.from("old-hunter2").toString("base64") }))]),
  ];
  assert.deepEqual(
    cases.map((p) => p.changes[0].action),
    ["create", "update", "replace", "delete"],
  );
  for (const plan of cases) {
    for (const output of [renderPlanText(plan, { color: false }), renderPlanMarkdown(plan), renderPlanJson(plan)]) {
      for (const secretText of ["hunter2", Buffer.from("new-hunter2").toString("base64"), Buffer.from("old-hunter2").toString("base64")]) {
        assert.ok(!output.includes(secretText), `a rendering shows ${secretText}`);
      }
      assert.match(output, /pw/, "the key is shown");
      assert.match(output, /\(sensitive value\)/);
    }
  }
});

test("the markdown comment stays within GitHub's limit and says what it left out", () => {
  const many = Array.from({ length: 400 }, (_, i) => configMap(`config-${i}`, { "app.properties": Array.from({ length: 20 }, (_, k) => `key${k}=value-${i}-${k}`).join("\n") }));
  const plan = planObjects(many, []);
  const full = renderPlanMarkdown(plan, { budget: 10_000_000 });
  assert.ok(full.length > GITHUB_COMMENT_LIMIT, "the fixture is large enough");
  assert.doesNotMatch(full, /trimmed/);
  const trimmed = renderPlanMarkdown(plan);
  assert.ok(trimmed.length <= GITHUB_COMMENT_LIMIT, `${trimmed.length} characters`);
  assert.match(trimmed, /^### mkplan: Plan: 400 to add, 0 to change, 0 to destroy\.$/m);
  assert.match(trimmed, /This comment is trimmed to stay within GitHub's 65,536-character limit: \d+ of 400 objects are not shown in detail/);
  const small = renderPlanMarkdown(plan, { budget: 3000 });
  assert.ok(small.length <= 3000, `${small.length} characters`);
  assert.match(small, /\| … \| \d+ more \| \|/, "the table is cut too, with a count");
});

test("the refresh hook: its drift is reported; when it fails, a warning and a plan without drift", async () => {
  const { freshStore, planStore, applyConfiguration } = await import("./harness.js");
  const { planAgainstStore } = await import("../../src/plan/plan-store.js");
  const { store } = freshStore();
  await applyConfiguration(store, [configMap("a", { x: "1" })]);
  let seen = 0;
  const plan = await planStore(store, [configMap("a", { x: "1" })], {
    refresher: {
      name: "fake",
      refresh: async (request) => {
        seen = request.stored.length;
        return [{ ref: { apiVersion: "v1", kind: "ConfigMap", namespace: "default", name: "a" }, change: "deleted", details: ["gone"] }];
      },
    },
  });
  assert.equal(seen, 1, "the refresh sees the stored objects");
  assert.equal(plan.refreshed, true);
  assert.deepEqual(
    plan.drift.map((d) => `${d.change} ${d.address}`),
    ["deleted ConfigMap/a"],
  );
  assert.match(renderPlanText(plan, { color: false }), /Note: Objects have changed outside of mk[\s\S]*# ConfigMap\/a has been deleted[\s\S]*No changes\./);

  const failed = await planAgainstStore({
    store,
    location: ".mk/state.db",
    configuration: CONFIGURATION,
    desired: [configMap("a", { x: "1" })],
    refresher: { name: "podman", refresh: async () => Promise.reject(new Error("podman is not installed")) },
    now: PLAN_TIME,
  });
  assert.equal(failed.plan.refreshed, false);
  assert.deepEqual(failed.plan.drift, []);
  assert.equal(failed.diagnostics[0].code, "MK8010");
  assert.equal(failed.diagnostics[0].severity, "warning");
  assert.match(failed.diagnostics[0].message, /refresh against podman failed.*podman is not installed/);
  await store.close();
});

test("a StatefulSet scaled up with a new template: added ordinals start new, only the existing ones are replaced", () => {
  const set = (replicas: number, image: string, partition: number): JsonObject => ({
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { name: "db", namespace: "default" },
    spec: {
      replicas,
      serviceName: "db",
      selector: { matchLabels: { app: "db" } },
      updateStrategy: { type: "RollingUpdate", rollingUpdate: { partition } },
      template: { metadata: { labels: { app: "db" } }, spec: { containers: [{ name: "db", image }] } },
    },
  });
  const scaled = planObjects([set(5, "db:2", 0)], [stored(set(2, "db:1", 0))]);
  assert.deepEqual(scaled.changes[0].consequences, ["scales from 2 to 5 pods: adds db-2, db-3, db-4", "starts a rolling update: replaces db-1, db-0, highest ordinal first, one at a time"]);
  const held = planObjects([set(5, "db:2", 2)], [stored(set(2, "db:1", 2))]);
  assert.deepEqual(held.changes[0].consequences, ["scales from 2 to 5 pods: adds db-2, db-3, db-4", "the pods it adds start on the new template; partition 2 holds back the existing ones"]);
});
