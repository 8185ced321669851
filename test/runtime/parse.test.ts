import { test } from "node:test";
import assert from "node:assert/strict";
import { parseContainerSummaries, parsePodSummaries } from "../../src/runtime/observe.js";
import { inspectionSummary, parseContainerInspections } from "../../src/runtime/container-inspect.js";
import { parseNetworks } from "../../src/runtime/network.js";

// Shapes printed by podman 4.3.1 (trimmed).
const ps = [
  {
    AutoRemove: false,
    Exited: true,
    ExitedAt: 1795305400,
    ExitCode: 3,
    Id: "62e97bd4",
    Image: "localhost/mk/busybox:1",
    IsInfra: false,
    Labels: { "io.mk.project": "p", "io.mk.uid": "u1" },
    Names: ["p_default_exits_main"],
    Pod: "4ac2e85d",
    StartedAt: 1795305363,
    State: "exited",
    Created: 1795305362,
  },
  { Id: "52274a71", IsInfra: true, Names: ["p_default_exits-infra"], Pod: "4ac2e85d", State: "running", ExitedAt: -62135596800, Labels: null },
];

test("ps rows: state, exit code, labels, pod, zero times as null", () => {
  const [main, infra] = parseContainerSummaries(ps);
  assert.equal(main.name, "p_default_exits_main");
  assert.equal(main.state, "exited");
  assert.equal(main.exitCode, 3);
  assert.equal(main.podId, "4ac2e85d");
  assert.equal(main.labels["io.mk.uid"], "u1");
  assert.equal(main.exitedAt?.toISOString(), new Date(1795305400 * 1000).toISOString());
  assert.equal(infra.isInfra, true);
  assert.equal(infra.exitedAt, null, "Go's zero time is 'never'");
  assert.deepEqual(infra.labels, {});
});

test("ps output that is not a list, or fields of the wrong type, read as neutral values", () => {
  assert.deepEqual(parseContainerSummaries(null), []);
  const [odd] = parseContainerSummaries([{ Id: 5, State: "Weird", ExitCode: "2", Names: "n" }]);
  assert.equal(odd.state, "unknown");
  assert.equal(odd.exitCode, 2);
  assert.equal(odd.name, "n");
});

test("inspect: state, OOM, times (never running backwards), restart count, addresses", () => {
  const [c] = parseContainerInspections([
    {
      Id: "140c",
      Name: "p_default_web_web",
      Pod: "ad09",
      Image: "596f",
      ImageName: "localhost/mk/web:1",
      RestartCount: 2,
      Config: { Labels: { "io.mk.container": "web" } },
      State: {
        Status: "exited",
        Running: false,
        OOMKilled: true,
        ExitCode: 137,
        StartedAt: "2026-11-22T00:11:01.800123456Z",
        FinishedAt: "2026-11-22T00:11:01.795000000Z",
      },
      NetworkSettings: { Networks: { "mk-p": { IPAddress: "10.89.0.2" }, other: { IPAddress: "" } } },
    },
  ]);
  assert.equal(c.image, "localhost/mk/web:1");
  assert.equal(c.imageId, "596f");
  assert.equal(c.oomKilled, true);
  assert.equal(c.exitCode, 137);
  assert.equal(c.restartCount, 2);
  assert.equal(c.finishedAt?.toISOString(), "2026-11-22T00:11:01.795Z");
  assert.equal(c.startedAt?.toISOString(), "2026-11-22T00:11:01.795Z", "podman's late StartedAt is clamped");
  assert.deepEqual(c.networks, { "mk-p": "10.89.0.2" });
});

test("pod ps and network inspect rows", () => {
  const [pod] = parsePodSummaries([
    { Id: "4ac2", Name: "p_default_x", Status: "Degraded", InfraId: "6227", Labels: { a: "b" }, Networks: ["mk-p"], Containers: [{ Id: "48da", Names: "h7ign", Status: "exited" }] },
  ]);
  assert.equal(pod.status, "Degraded");
  assert.equal(pod.infraId, "6227");
  assert.deepEqual(pod.containers, [{ id: "48da", name: "h7ign", status: "exited" }]);
  const [net] = parseNetworks([{ name: "mk-p", id: "e9c6", dns_enabled: true, network_interface: "podman1", labels: { "io.mk.project": "p" }, subnets: [{ subnet: "10.89.0.0/24", gateway: "10.89.0.1" }] }]);
  assert.deepEqual(net, { name: "mk-p", id: "e9c6", dnsEnabled: true, labels: { "io.mk.project": "p" }, subnets: ["10.89.0.0/24"], interfaceName: "podman1" });
});

test("an inspected container reads as the ps row the kubelet observes (times in whole seconds as ps shows them, infra flag, image id without sha256:)", () => {
  const [infra, web] = parseContainerInspections([
    { Id: "52a7", Name: "p_default_web-infra", Pod: "ad09", IsInfra: true, Created: "2026-11-22T00:11:00.5Z", Config: { Labels: { "io.mk.uid": "u1" } }, State: { Status: "running", Running: true, StartedAt: "2026-11-22T00:11:00.9Z", FinishedAt: "0001-01-01T00:00:00Z" }, NetworkSettings: { Networks: { "mk-p": { IPAddress: "10.89.0.2" } } } },
    { Id: "140c", Name: "p_default_web_web", Pod: "ad09", IsInfra: false, Image: "sha256:596f", ImageName: "localhost/mk/web:1", Config: { Labels: { "io.mk.uid": "u1", "io.mk.container": "web" } }, State: { Status: "running", Running: true, StartedAt: "2026-11-22T00:11:01.250Z", FinishedAt: "0001-01-01T00:00:00Z" } },
  ]).map(inspectionSummary);
  assert.equal(infra.isInfra, true);
  assert.equal(infra.createdAt?.toISOString(), "2026-11-22T00:11:00.000Z");
  assert.deepEqual(
    web,
    { id: "140c", name: "p_default_web_web", podId: "ad09", isInfra: false, state: "running", exitCode: 0, image: "localhost/mk/web:1", imageId: "596f", labels: { "io.mk.uid": "u1", "io.mk.container": "web" }, createdAt: null, startedAt: new Date("2026-11-22T00:11:01.000Z"), exitedAt: null },
  );
});
