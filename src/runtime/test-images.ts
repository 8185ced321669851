import { createHash } from "node:crypto";
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { execa } from "execa";
import { elfLinking } from "./elf.js";
import { inspectImage } from "./images.js";
import type { Podman } from "./podman.js";
import { failure, runtimeError, success, type RuntimeResult } from "./podman-error.js";
import { TIMEOUTS } from "./timeouts.js";

/**
 * Offline test images, built on this machine from Debian's busybox-static (no registry
 * needed): a general-purpose busybox image and a web image in two versions whose HTTP response
 * is the version ("v1" / "v2"), for rolling-update tests and examples.
 */
export interface TestImage {
  ref: string;
  /** Files besides /bin/busybox and its applet links: path → content. */
  files: Readonly<Record<string, string>>;
  cmd: readonly string[];
}

const BASE_FILES: Readonly<Record<string, string>> = {
  "etc/passwd": "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n",
  "etc/group": "root:x:0:\nnogroup:x:65534:\n",
};

/**
 * httpd as PID 1 would ignore SIGTERM (PID 1 gets no default signal actions), so every stop would
 * wait out the grace period (30 s by default). A shell keeps PID 1 and passes SIGTERM on: the
 * server then ends as a server without a handler does, exit 143.
 */
const WEB_SERVER_SCRIPT = "httpd -f -v -p 80 -h /www &\ntrap 'kill -TERM $!; wait $!; exit 143' TERM\nwait\n";

function webImage(version: number): TestImage {
  return {
    ref: `localhost/mk/web:${version}`,
    files: { ...BASE_FILES, "www/index.html": `v${version}\n`, "etc/web-server.sh": WEB_SERVER_SCRIPT },
    // A file, not `sh -c`: podman import's --change splits its value at spaces.
    cmd: ["sh", "/etc/web-server.sh"],
  };
}

export const BUSYBOX_IMAGE = "localhost/mk/busybox:1";
export const WEB_IMAGE_V1 = "localhost/mk/web:1";
export const WEB_IMAGE_V2 = "localhost/mk/web:2";

export const TEST_IMAGES: readonly TestImage[] = [{ ref: BUSYBOX_IMAGE, files: BASE_FILES, cmd: ["sh"] }, webImage(1), webImage(2)];

/** The label recording which recipe built an image, so a changed recipe rebuilds it. */
export const RECIPE_LABEL = "io.mk.test-image.recipe";

/** Bump to rebuild every test image (e.g. when the rootfs layout changes). */
const RECIPE_VERSION = 1;

export function recipeHash(image: TestImage): string {
  return createHash("sha256").update(JSON.stringify({ v: RECIPE_VERSION, ...image })).digest("hex").slice(0, 16);
}

export type TestImageState = "present" | "outdated" | "missing";

export async function testImageState(podman: Podman, image: TestImage): Promise<RuntimeResult<TestImageState>> {
  const found = await inspectImage(podman, image.ref);
  if (!found.ok) return found.error.kind === "not-found" ? success("missing") : found;
  return success(found.value.labels[RECIPE_LABEL] === recipeHash(image) ? "present" : "outdated");
}

/** The id of the image mk built earlier under `ref` (carrying the recipe label), if any. */
async function previousBuild(podman: Podman, ref: string): Promise<string | undefined> {
  const found = await inspectImage(podman, ref);
  return found.ok && found.value.labels[RECIPE_LABEL] !== undefined ? found.value.id : undefined;
}

export interface TestImageBuild {
  ref: string;
  action: "built" | "present";
}

export interface BuildOptions {
  /** The static busybox binary (default: /bin/busybox, then /usr/bin/busybox). */
  busybox?: string;
  /** Rebuild even when the image is present and up to date. */
  force?: boolean;
}

/** Builds the missing or outdated test images; idempotent and fast when they are present. */
export async function buildTestImages(podman: Podman, options: BuildOptions = {}): Promise<RuntimeResult<TestImageBuild[]>> {
  const builds: TestImageBuild[] = [];
  let busybox: Busybox | undefined;
  for (const image of TEST_IMAGES) {
    const state = await testImageState(podman, image);
    if (!state.ok) return state;
    if (state.value === "present" && options.force !== true) {
      builds.push({ ref: image.ref, action: "present" });
      continue;
    }
    if (!busybox) {
      const found = await findBusybox(options.busybox);
      if (!found.ok) return found;
      busybox = found.value;
    }
    const previous = await previousBuild(podman, image.ref);
    const built = await buildImage(podman, image, busybox);
    if (!built.ok) return built;
    // The old build is now untagged; drop it unless a container still uses it (then rm fails, harmlessly).
    if (previous !== undefined && previous !== built.value) await podman.run({ args: ["image", "rm", previous], timeoutMs: TIMEOUTS.remove });
    builds.push({ ref: image.ref, action: "built" });
  }
  return success(builds);
}

interface Busybox {
  path: string;
  applets: string[];
}

async function findBusybox(explicit: string | undefined): Promise<RuntimeResult<Busybox>> {
  const candidates = explicit ? [explicit] : ["/bin/busybox", "/usr/bin/busybox"];
  const path = candidates.find((p) => existsSync(p));
  if (!path) {
    return failure(runtimeError("failed", `busybox was not found (${candidates.join(", ")}); install it with \`apt-get install -y busybox-static\``));
  }
  const linking = elfLinking(readFileSync(path));
  if (linking !== "static") {
    return failure(
      runtimeError("failed", `${path} is ${linking === "dynamic" ? "dynamically linked" : "not an ELF executable"}; the test images need a static busybox: \`apt-get install -y busybox-static\``),
    );
  }
  const list = await execa(path, ["--list"], { reject: false, timeout: 10_000, stdin: "ignore" });
  if (list.exitCode !== 0) return failure(runtimeError("failed", `\`${path} --list\` failed: ${list.stderr || list.shortMessage}`));
  const applets = list.stdout
    .split("\n")
    .map((a) => a.trim())
    .filter((a) => a !== "" && !a.includes("/") && a !== "busybox");
  return success({ path, applets });
}

/** Builds `image` and returns the new image id. */
async function buildImage(podman: Podman, image: TestImage, busybox: Busybox): Promise<RuntimeResult<string>> {
  const work = mkdtempSync(join(tmpdir(), "mk-test-image-"));
  try {
    const rootfs = join(work, "rootfs");
    for (const dir of ["bin", "etc", "root", "tmp", "proc", "sys", "dev", "www"]) mkdirSync(join(rootfs, dir), { recursive: true });
    chmodSync(join(rootfs, "tmp"), 0o1777);
    copyFileSync(busybox.path, join(rootfs, "bin", "busybox"));
    chmodSync(join(rootfs, "bin", "busybox"), 0o755);
    for (const applet of busybox.applets) symlinkSync("busybox", join(rootfs, "bin", applet));
    for (const [path, content] of Object.entries(image.files)) {
      mkdirSync(dirname(join(rootfs, path)), { recursive: true });
      writeFileSync(join(rootfs, path), content, { mode: 0o644 });
    }
    const tarball = join(work, "rootfs.tar");
    const tar = await execa("tar", ["--numeric-owner", "--owner=0", "--group=0", "-C", rootfs, "-cf", tarball, "."], {
      reject: false,
      timeout: 60_000,
      stdin: "ignore",
    });
    if (tar.exitCode !== 0) return failure(runtimeError("failed", `packing the ${image.ref} root file system failed: ${tar.stderr || tar.shortMessage}`));
    const imported = await podman.run({
      args: [
        "import",
        "--change",
        `CMD=${JSON.stringify(image.cmd)}`,
        "--change",
        `LABEL=${RECIPE_LABEL}=${recipeHash(image)}`,
        "--message",
        "mk offline test image (busybox-static)",
        tarball,
        image.ref,
      ],
      timeoutMs: TIMEOUTS.importImage,
    });
    return imported.ok ? success(imported.value.stdout.trim().replace(/^sha256:/, "")) : imported;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
