import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { renderContainersConf, writeContainersConf } from "../../src/runtime/containers-conf.js";
import { podmanContainerName, podmanInfraName, podmanPodName, projectId } from "../../src/runtime/names.js";
import { elfLinking } from "../../src/runtime/elf.js";
import { recipeHash, TEST_IMAGES } from "../../src/runtime/test-images.js";

test("mk's containers.conf selects runc and the 1024:1024 ulimits", () => {
  const text = renderContainersConf();
  const section = (name: string) => text.split(`[${name}]`)[1]?.split(/^\[/m)[0] ?? "";
  assert.match(section("engine"), /^runtime = "runc"$/m);
  assert.match(section("containers"), /^default_ulimits = \["nofile=1024:1024", "nproc=1024:1024"\]$/m);
  assert.match(section("containers"), /^log_driver = "k8s-file"$/m);
});

test("writeContainersConf writes once, rewrites a changed file, and returns the path", () => {
  const dir = mkdtempSync(join(tmpdir(), "mk-conf-test-"));
  try {
    const path = writeContainersConf(join(dir, "state", "podman"));
    assert.equal(readFileSync(path, "utf8"), renderContainersConf());
    const before = statSync(path).mtimeMs;
    assert.equal(writeContainersConf(join(dir, "state", "podman")), path);
    assert.equal(statSync(path).mtimeMs, before, "an identical file is not rewritten");
    writeFileSync(path, "[engine]\nruntime = \"crun\"\n");
    writeContainersConf(join(dir, "state", "podman"));
    assert.equal(readFileSync(path, "utf8"), renderContainersConf());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("projectId is stable per folder, distinct across folders, and safe in names and labels", () => {
  assert.equal(projectId("/srv/Shop App/.mk"), projectId("/srv/Shop App/.mk"));
  assert.notEqual(projectId("/srv/a/.mk"), projectId("/srv/b/.mk"));
  assert.match(projectId("/srv/Shop App/.mk"), /^shop-app-[0-9a-f]{8}$/);
  assert.match(projectId("/"), /^mk-[0-9a-f]{8}$/);
});

test("podman names never collide between pods, containers and infra containers", () => {
  const pod = podmanPodName("p", "ns", "web");
  const names = new Set([
    podmanContainerName(pod, "infra"),
    podmanInfraName(pod),
    podmanInfraName(podmanPodName("p", "ns", "web-infra")),
    podmanContainerName(podmanPodName("p", "ns", "web-infra"), "x"),
    podmanPodName("p", "ns-web", "infra"),
  ]);
  assert.equal(names.size, 5);
  for (const n of names) assert.match(n, /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/);
});

function elfHeader(withInterp: boolean): Uint8Array {
  const bytes = new Uint8Array(64 + 2 * 56);
  const view = new DataView(bytes.buffer);
  bytes.set([0x7f, 0x45, 0x4c, 0x46, 2, 1]);
  view.setBigUint64(0x20, 64n, true);
  view.setUint16(0x36, 56, true);
  view.setUint16(0x38, 2, true);
  view.setUint32(64, 1, true); // PT_LOAD
  view.setUint32(64 + 56, withInterp ? 3 : 4, true); // PT_INTERP or PT_NOTE
  return bytes;
}

test("elfLinking tells a static busybox from a dynamic one", () => {
  assert.equal(elfLinking(elfHeader(false)), "static");
  assert.equal(elfLinking(elfHeader(true)), "dynamic");
  assert.equal(elfLinking(new TextEncoder().encode("#!/bin/sh\necho not elf\n".padEnd(80))), "not-elf");
});

test("test images: the web versions differ only in what they serve; recipes are distinct", () => {
  const [busybox, web1, web2] = TEST_IMAGES;
  assert.equal(web1.files["www/index.html"], "v1\n");
  assert.equal(web2.files["www/index.html"], "v2\n");
  assert.deepEqual(web1.cmd, web2.cmd);
  assert.equal(new Set([busybox, web1, web2].map(recipeHash)).size, 3);
});
