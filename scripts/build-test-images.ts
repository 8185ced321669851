/**
 * Builds mk's offline test images from Debian's busybox-static, without any registry:
 *   localhost/mk/busybox:1   busybox with all its applets (sh, ls, cat, wget, nslookup, httpd, ...)
 *   localhost/mk/web:1, :2   busybox httpd on port 80 answering "v1" / "v2"
 * Idempotent: present and up-to-date images are skipped. Usage (after `npm run build`):
 *   node dist/scripts/build-test-images.js [--force]
 * The same builder is what tests and `mk doctor --build-images` call (src/runtime/test-images.ts).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeContainersConf } from "../src/runtime/containers-conf.js";
import { createPodman } from "../src/runtime/podman.js";
import { buildTestImages } from "../src/runtime/test-images.js";

const force = process.argv.includes("--force");
const confDir = mkdtempSync(join(tmpdir(), "mk-images-"));
try {
  const podman = createPodman({ containersConf: writeContainersConf(confDir) });
  const started = Date.now();
  const result = await buildTestImages(podman, { force });
  if (!result.ok) {
    process.stderr.write(`build-test-images: ${result.error.message}\n`);
    process.exitCode = 1;
  } else {
    for (const image of result.value) process.stdout.write(`${image.action === "built" ? "built  " : "present"}  ${image.ref}\n`);
    process.stdout.write(`done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  }
} finally {
  rmSync(confDir, { recursive: true, force: true });
}
