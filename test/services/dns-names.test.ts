import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { aliasChange, desiredServiceAliases, dnsNames, managedAliases } from "../../src/services/dns-names.js";
import { podView, serviceView } from "../../src/services/service-model.js";
import { portWarnings } from "../../src/services/port-warnings.js";
import { pod, service } from "./fixtures.js";

const webNames = ["web", "web.default", "web.default.svc", "web.default.svc.cluster.local"];

describe("Service DNS names", () => {
  test("the four names of a Service", () => {
    assert.deepEqual(dnsNames("web", "default"), webNames);
  });

  test("only the ready endpoints carry a Service's names", () => {
    const want = desiredServiceAliases([serviceView(service("web"))], [pod("a", { ip: "10.0.0.1" }), pod("b", { ip: "10.0.0.2", ready: false })].map(podView));
    assert.deepEqual([...(want.get("uid-a") ?? [])], webNames);
    assert.equal(want.has("uid-b"), false);
  });

  test("a pod selected by two Services carries both sets", () => {
    const want = desiredServiceAliases([serviceView(service("web")), serviceView(service("front"))], [podView(pod("a", { ip: "10.0.0.1" }))]);
    assert.deepEqual([...(want.get("uid-a") ?? [])].sort(), [...webNames, ...dnsNames("front", "default")].sort());
  });

  test("headless: per-pod names <hostname>.<service> for ready pods of its subdomain; unless publishNotReadyAddresses", () => {
    const pods = [pod("web-0", { ip: "10.0.0.1", hostname: "web-0", subdomain: "nginx" }), pod("web-1", { ip: "10.0.0.2", hostname: "web-1", subdomain: "nginx", ready: false })].map(podView);
    const want = desiredServiceAliases([serviceView(service("nginx", { headless: true }))], pods);
    assert.ok(want.get("uid-web-0")?.has("web-0.nginx"));
    assert.ok(want.get("uid-web-0")?.has("web-0.nginx.default.svc.cluster.local"));
    assert.ok(want.get("uid-web-0")?.has("nginx"));
    assert.equal(want.has("uid-web-1"), false);
    const all = desiredServiceAliases([serviceView(service("nginx", { headless: true, publishNotReadyAddresses: true }))], pods);
    assert.ok(all.get("uid-web-1")?.has("web-1.nginx"));
  });

  test("a ClusterIP Service gives no per-pod names", () => {
    const want = desiredServiceAliases([serviceView(service("nginx"))], [podView(pod("web-0", { ip: "10.0.0.1", hostname: "web-0", subdomain: "nginx" }))]);
    assert.equal(want.get("uid-web-0")?.has("web-0.nginx"), false);
  });

  test("managed aliases: the groups whose long form is present, and the pod's own hostname.subdomain names", () => {
    const p = { namespace: "default", hostname: "web-0", subdomain: "nginx" };
    const managed = managedAliases(["web-0", "web-0.nginx", ...webNames], p);
    assert.equal(managed.has("web-0"), false, "the pod's own name stays");
    for (const n of [...webNames, "web-0.nginx", "web-0.nginx.default.svc"]) assert.ok(managed.has(n), n);
    assert.equal(managedAliases(["other.ns2.svc.cluster.local"], p).has("other"), false, "another namespace's names are not ours");
  });

  test("aliasChange: nothing to do when podman has the wanted names", () => {
    const p = { namespace: "default", hostname: "", subdomain: "" };
    assert.equal(aliasChange(["pod-a", ...webNames], new Set(webNames), p), undefined);
  });

  test("aliasChange: adds a Service's names and keeps the pod's own", () => {
    const p = { namespace: "default", hostname: "", subdomain: "" };
    const change = aliasChange(["pod-a"], new Set(webNames), p);
    assert.deepEqual(change?.wanted, ["pod-a", ...[...webNames].sort()]);
    assert.deepEqual(change?.added.sort(), [...webNames].sort());
    assert.deepEqual(change?.removed, []);
  });

  test("aliasChange: removes the names of a pod that is no longer an endpoint, and the sandbox's hostname.subdomain", () => {
    const p = { namespace: "default", hostname: "web-0", subdomain: "nginx" };
    const change = aliasChange(["web-0", "web-0.nginx", ...webNames], new Set(), p);
    assert.deepEqual(change?.wanted, ["web-0"]);
    assert.deepEqual(change?.removed.sort(), ["web-0.nginx", ...webNames].sort());
  });

  test("aliasChange: a pod named like its Service keeps its own name while not ready, and gets no duplicate when ready", () => {
    const p = { namespace: "default", hostname: "", subdomain: "", name: "web" };
    assert.equal(managedAliases(["web", ...webNames], p).has("web"), false, "the pod's own name is not mk's to remove");
    const notReady = aliasChange(["web", ...webNames], new Set(), p);
    assert.deepEqual(notReady?.wanted, ["web"]);
    assert.deepEqual(notReady?.added, []);
    assert.deepEqual(notReady?.removed.sort(), webNames.filter((n) => n !== "web").sort());
    const ready = aliasChange(["web"], new Set(webNames), p);
    assert.deepEqual([...(ready?.wanted ?? [])].sort(), [...webNames].sort());
    assert.equal(ready?.wanted.filter((n) => n === "web").length, 1);
    assert.deepEqual(ready?.removed, []);
    assert.equal(aliasChange(["web", ...webNames], new Set(webNames), p), undefined, "ready again: nothing to change");
    const unnamed = aliasChange(["web", ...webNames], new Set(), { namespace: "default", hostname: "", subdomain: "" });
    assert.deepEqual(unnamed?.wanted, [], "without the pod's name the whole group is the Service's");
  });
});

describe("port warnings", () => {
  test("a port whose number targetPort differs is warned about; equal, absent and named ones are not", () => {
    const svc = serviceView(service("web", { ports: [{ name: "a", port: 80, targetPort: 8080 }, { name: "b", port: 81, targetPort: 81 }, { name: "c", port: 82 }, { name: "d", port: 83, targetPort: "http" }] }));
    const warnings = portWarnings(svc);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /Service port 80 is not forwarded to targetPort 8080/);
    assert.match(warnings[0], /web:8080/);
  });
});
