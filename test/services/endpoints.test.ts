import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { formatEndpoints, hasEndpoints, serviceEndpoints } from "../../src/services/endpoints.js";
import { pod, service } from "./fixtures.js";

const ips = (list: { ip: string }[]) => list.map((a) => a.ip);

describe("serviceEndpoints", () => {
  test("ready pods matching the selector are addresses; not-ready ones notReadyAddresses", () => {
    const set = serviceEndpoints(service("web"), [
      pod("a", { ip: "10.0.0.1" }),
      pod("b", { ip: "10.0.0.2", ready: false }),
      pod("c", { ip: "10.0.0.3", labels: { app: "db" } }),
    ]);
    assert.equal(set.managed, true);
    assert.deepEqual(ips(set.addresses), ["10.0.0.1"]);
    assert.deepEqual(ips(set.notReadyAddresses), ["10.0.0.2"]);
    assert.deepEqual(set.addresses[0].ports, [{ name: "", port: 80, protocol: "TCP" }]);
    assert.equal(hasEndpoints(set), true);
  });

  test("every selector key must match; pods of other namespaces never count", () => {
    const svc = service("web", { selector: { app: "web", tier: "front" } });
    const set = serviceEndpoints(svc, [
      pod("a", { ip: "10.0.0.1", labels: { app: "web", tier: "front", extra: "x" } }),
      pod("b", { ip: "10.0.0.2", labels: { app: "web" } }),
      pod("c", { ip: "10.0.0.3", labels: { app: "web", tier: "front" }, namespace: "other" }),
    ]);
    assert.deepEqual(ips(set.addresses), ["10.0.0.1"]);
    assert.deepEqual(set.notReadyAddresses, []);
  });

  test("a Service without selector (or with an empty one) has no managed endpoints", () => {
    for (const svc of [service("ext", { selector: null }), service("ext", { selector: {} })]) {
      const set = serviceEndpoints(svc, [pod("a", { ip: "10.0.0.1" })]);
      assert.equal(set.managed, false);
      assert.deepEqual(set.addresses, []);
      assert.equal(hasEndpoints(set), true, "nothing to wait for");
    }
  });

  test("no endpoints: hasEndpoints is false and describe shows <none>", () => {
    const set = serviceEndpoints(service("web"), [pod("a", { ready: false })]);
    assert.equal(hasEndpoints(set), false);
    assert.equal(formatEndpoints(set), "<none>");
  });

  test("pods without an IP, Succeeded or Failed pods are never endpoints", () => {
    const set = serviceEndpoints(service("web", { publishNotReadyAddresses: true }), [
      pod("noip", { ip: "" }),
      pod("done", { ip: "10.0.0.5", phase: "Succeeded" }),
      pod("failed", { ip: "10.0.0.6", phase: "Failed" }),
      pod("ok", { ip: "10.0.0.7" }),
    ]);
    assert.deepEqual(set.addresses.map((a) => a.podName), ["ok"]);
    assert.deepEqual(set.notReadyAddresses, []);
  });

  test("terminating pods leave at once, even when ready; publishNotReadyAddresses keeps them (as Kubernetes)", () => {
    const pods = [pod("going", { ip: "10.0.0.1", terminating: true }), pod("staying", { ip: "10.0.0.2" })];
    assert.deepEqual(ips(serviceEndpoints(service("web"), pods).addresses), ["10.0.0.2"]);
    assert.deepEqual(ips(serviceEndpoints(service("web"), pods).notReadyAddresses), []);
    assert.deepEqual(ips(serviceEndpoints(service("web", { publishNotReadyAddresses: true }), pods).addresses), ["10.0.0.1", "10.0.0.2"]);
  });

  test("publishNotReadyAddresses publishes not-ready pods as addresses", () => {
    const set = serviceEndpoints(service("web", { publishNotReadyAddresses: true }), [pod("a", { ip: "10.0.0.1", ready: false }), pod("b", { ip: "10.0.0.2" })]);
    assert.deepEqual(ips(set.addresses), ["10.0.0.1", "10.0.0.2"]);
    assert.deepEqual(set.notReadyAddresses, []);
  });

  test("targetPort numbers are used as they are; absent targetPort is the port", () => {
    const svc = service("web", { ports: [{ name: "http", port: 80, targetPort: 8080 }, { name: "admin", port: 9000 }] });
    const set = serviceEndpoints(svc, [pod("a", { ip: "10.0.0.1" })]);
    assert.deepEqual(set.addresses[0].ports, [
      { name: "http", port: 8080, protocol: "TCP" },
      { name: "admin", port: 9000, protocol: "TCP" },
    ]);
    assert.equal(formatEndpoints(set), "10.0.0.1:8080,10.0.0.1:9000");
    assert.equal(formatEndpoints(set, 3, "admin"), "10.0.0.1:9000", "kubectl describe's line for one port");
  });

  test("named targetPorts resolve per pod through its container ports of the same protocol", () => {
    const svc = service("web", { ports: [{ name: "http", port: 80, targetPort: "web" }] });
    const set = serviceEndpoints(svc, [
      pod("a", { ip: "10.0.0.1", ports: [{ name: "web", containerPort: 8080 }] }),
      pod("b", { ip: "10.0.0.2", ports: [{ name: "web", containerPort: 9090 }] }),
      pod("c", { ip: "10.0.0.3", ports: [{ name: "web", containerPort: 7070, protocol: "UDP" }] }),
      pod("d", { ip: "10.0.0.4" }),
    ]);
    assert.deepEqual(set.addresses.map((a) => [a.podName, a.ports.map((p) => p.port)]), [["a", [8080]], ["b", [9090]]]);
    assert.equal(set.problems.length, 2);
    assert.match(set.problems[0], /pod c has no container port named "web"/);
  });

  test("a pod keeps the ports it can resolve when another port's name is missing", () => {
    const svc = service("web", { ports: [{ name: "http", port: 80, targetPort: "web" }, { name: "metrics", port: 9100, targetPort: "metrics" }] });
    const set = serviceEndpoints(svc, [pod("a", { ip: "10.0.0.1", ports: [{ name: "web", containerPort: 8080 }] })]);
    assert.deepEqual(set.addresses[0].ports, [{ name: "http", port: 8080, protocol: "TCP" }]);
  });

  test("a headless Service without ports still lists its pods; hostname only for pods of its subdomain", () => {
    const svc = service("nginx", { headless: true, ports: [] });
    const set = serviceEndpoints(svc, [
      pod("web-0", { ip: "10.0.0.1", hostname: "web-0", subdomain: "nginx" }),
      pod("web-1", { ip: "10.0.0.2", hostname: "web-1", subdomain: "other" }),
    ]);
    assert.deepEqual(set.addresses.map((a) => [a.podName, a.hostname, a.ports.length]), [["web-0", "web-0", 0], ["web-1", undefined, 0]]);
    assert.equal(formatEndpoints(set), "10.0.0.1,10.0.0.2");
  });

  test("describe shows the first three endpoints and how many more", () => {
    const pods = ["a", "b", "c", "d", "e"].map((n, i) => pod(n, { ip: `10.0.0.${i + 1}` }));
    assert.equal(formatEndpoints(serviceEndpoints(service("web"), pods)), "10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 2 more...");
  });
});
