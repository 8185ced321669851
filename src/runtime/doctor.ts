import { CONTAINERS_CONF_SETTINGS } from "./containers-conf.js";
import { field, text } from "./json-read.js";
import { removeLabelled } from "./cleanup.js";
import { dnsRevivalSentence, ensureDnsServer } from "./dns-server.js";
import { ensureNetwork } from "./network.js";
import { createPodSandbox, podIP } from "./pod-sandbox.js";
import { podmanPodName, podmanNetworkName } from "./names.js";
import { labelArgs, networkLabels } from "./labels.js";
import { runJson, type Podman } from "./podman.js";
import type { PodmanError } from "./podman-error.js";
import { buildTestImages, BUSYBOX_IMAGE, TEST_IMAGES, testImageState } from "./test-images.js";
import { removeStaleTransientProjects, transientProject } from "./transient.js";
import { TIMEOUTS } from "./timeouts.js";

/**
 * `mk doctor`: checks that this machine can run mk's pods, each with the exact fix for a
 * failure. The checks really run things (a container, a pod on a DNS network) because the
 * failures seen in practice (crun on cgroups v1, setrlimit denied) only show when a container
 * starts. Everything a check creates is labelled and removed.
 */
export interface DoctorCheck {
  name: string;
  status: "ok" | "fail" | "skip";
  /** One line: what was found. */
  summary: string;
  /** The exact command or change that fixes a failure. */
  fix?: string;
}

export interface DoctorOptions {
  containersConf: string;
  /** The podman program's name as the user gave it (for messages). */
  podmanBinary: string;
  /** Build missing test images instead of failing on them. */
  buildImages: boolean;
}

const MIN_PODMAN: readonly [number, number] = [4, 3];
const INSTALL = "apt-get install -y podman runc busybox-static (or run scripts/setup.sh)";

export async function runDoctor(podman: Podman, options: DoctorOptions): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  const version = await checkPodmanVersion(podman, options.podmanBinary);
  checks.push(version);
  const later = ["OCI runtime", "network backend", "test images", "container start", "pod network and DNS"];
  if (version.status !== "ok") {
    for (const name of later) checks.push({ name, status: "skip", summary: "needs podman" });
    return checks;
  }
  checks.push(...(await checkInfo(podman, options.containersConf)));
  const images = await checkTestImages(podman, options.buildImages);
  checks.push(images);
  if (images.status !== "ok") {
    checks.push({ name: "container start", status: "skip", summary: `needs ${BUSYBOX_IMAGE}`, fix: images.fix });
    checks.push({ name: "pod network and DNS", status: "skip", summary: `needs ${BUSYBOX_IMAGE}`, fix: images.fix });
    return checks;
  }
  const start = await checkContainerStart(podman);
  checks.push(start);
  checks.push(start.status === "ok" ? await checkPodNetwork(podman) : { name: "pod network and DNS", status: "skip", summary: "needs a container to start" });
  return checks;
}

async function checkPodmanVersion(podman: Podman, binary: string): Promise<DoctorCheck> {
  const name = "podman";
  const r = await runJson(podman, { args: ["version", "--format", "json"], timeoutMs: TIMEOUTS.query });
  if (!r.ok) return { name, status: "fail", summary: r.error.message, fix: r.error.kind === "podman-missing" ? INSTALL : undefined };
  const v = text(field(r.value, "Client", "Version"));
  const [major, minor] = v.split(".").map((n) => Number.parseInt(n, 10));
  if (!(major > MIN_PODMAN[0] || (major === MIN_PODMAN[0] && minor >= MIN_PODMAN[1]))) {
    return { name, status: "fail", summary: `podman ${v || "(unknown version)"} is too old; mk needs ${MIN_PODMAN.join(".")} or newer`, fix: "install podman 4.3 or newer (Debian 12: apt-get install -y podman)" };
  }
  return { name, status: "ok", summary: `podman ${v} (${binary})` };
}

async function checkInfo(podman: Podman, conf: string): Promise<DoctorCheck[]> {
  const r = await runJson(podman, { args: ["info", "--format", "json"], timeoutMs: TIMEOUTS.query });
  if (!r.ok) {
    const fix = r.error.kind === "runtime-missing" ? "apt-get install -y runc" : undefined;
    return [
      { name: "OCI runtime", status: "fail", summary: r.error.message, fix },
      { name: "network backend", status: "skip", summary: "needs `podman info`" },
    ];
  }
  const host = field(r.value, "host");
  const runtime = field(host, "ociRuntime");
  const runtimeName = text(field(runtime, "name"));
  const runtimeVersion = text(field(runtime, "version")).split("\n")[0];
  const checks: DoctorCheck[] = [];
  if (runtimeName !== CONTAINERS_CONF_SETTINGS.runtime) {
    checks.push({
      name: "OCI runtime",
      status: "fail",
      summary: `podman uses ${runtimeName || "an unknown runtime"}, not runc, although mk's containers.conf (${conf}) selects runc`,
      fix: "apt-get install -y runc; and check that podman honours CONTAINERS_CONF (podman 4.3 or newer)",
    });
  } else {
    checks.push({ name: "OCI runtime", status: "ok", summary: `${runtimeVersion || "runc"} via mk's containers.conf (${conf})` });
  }
  const backend = text(field(host, "networkBackend"));
  checks.push(
    backend === "netavark"
      ? { name: "network backend", status: "ok", summary: "netavark (DNS by aardvark-dns)" }
      : {
          name: "network backend",
          status: "fail",
          summary: `podman's network backend is ${backend || "unknown"}; mk needs netavark with aardvark-dns for pod DNS`,
          fix: "apt-get install -y netavark aardvark-dns, then `podman system reset` (removes all podman data) or set network_backend = \"netavark\"",
        },
  );
  return checks;
}

async function checkTestImages(podman: Podman, build: boolean): Promise<DoctorCheck> {
  const name = "test images";
  const fix = "mk doctor --build-images";
  if (build) {
    const built = await buildTestImages(podman);
    if (!built.ok) return { name, status: "fail", summary: built.error.message, fix: /busybox/.test(built.error.message) ? "apt-get install -y busybox-static" : undefined };
    const made = built.value.filter((b) => b.action === "built").map((b) => b.ref);
    return { name, status: "ok", summary: `${built.value.map((b) => b.ref).join(", ")}${made.length ? ` (built ${made.length})` : ""}` };
  }
  const problems: string[] = [];
  for (const image of TEST_IMAGES) {
    const state = await testImageState(podman, image);
    if (!state.ok) return { name, status: "fail", summary: state.error.message };
    if (state.value !== "present") problems.push(`${image.ref} ${state.value}`);
  }
  if (problems.length > 0) return { name, status: "fail", summary: problems.join(", "), fix };
  return { name, status: "ok", summary: TEST_IMAGES.map((i) => i.ref).join(", ") };
}

async function checkContainerStart(podman: Podman): Promise<DoctorCheck> {
  const name = "container start";
  const run = transientProject("doctor");
  const r = await podman.run({
    args: ["run", "--rm", "--pull", "never", ...labelArgs(run.labels), BUSYBOX_IMAGE, "sh", "-c", "ulimit -n; ulimit -u"],
    timeoutMs: TIMEOUTS.runOnce,
    image: BUSYBOX_IMAGE,
  });
  if (!r.ok) return { name, status: "fail", summary: r.error.message, fix: fixFor(r.error) };
  const [nofile, nproc] = r.value.stdout.trim().split("\n");
  return { name, status: "ok", summary: `podman run --rm ${BUSYBOX_IMAGE} works (ulimit nofile ${nofile}, nproc ${nproc})` };
}

/** A pod on a fresh mk network (infra container, alias) and a container that resolves the alias. */
async function checkPodNetwork(podman: Podman): Promise<DoctorCheck> {
  const name = "pod network and DNS";
  const stale = await removeStaleTransientProjects(podman, "doctor");
  if (!stale.ok) return { name, status: "fail", summary: stale.error.message };
  const run = transientProject("doctor");
  const network = podmanNetworkName(run.project);
  const alias = "mk-doctor-probe";
  try {
    const net = await ensureNetwork(podman, network, { ...run.labels, ...networkLabels(run.project, network) });
    if (!net.ok) return { name, status: "fail", summary: net.error.message, fix: fixFor(net.error) };
    // Before the pod too (the sandbox start checks again): a server mk cannot start fails the check with its reason.
    const server = await ensureDnsServer();
    if (!server.ok) return { name, status: "fail", summary: server.error.message, fix: "apt-get install -y aardvark-dns (podman's DNS server for netavark networks)" };
    const podName = podmanPodName(run.project, "default", "probe");
    const pod = await createPodSandbox(podman, { name: podName, labels: run.labels, network, aliases: [alias] });
    if (!pod.ok) return { name, status: "fail", summary: `pod create: ${pod.error.message}`, fix: fixFor(pod.error) };
    const ip = await podIP(podman, podName, network);
    if (!ip.ok) return { name, status: "fail", summary: ip.error.message };
    const lookup = () =>
      podman.run({
        args: ["run", "--rm", "--pull", "never", "--network", network, ...labelArgs(run.labels), BUSYBOX_IMAGE, "nslookup", alias],
        timeoutMs: TIMEOUTS.runOnce,
        // nslookup's failures are its answer (printed on standard output), not podman's.
        exitCodeIsResult: true,
      });
    let answer = await lookup();
    if (!answer.ok) return { name, status: "fail", summary: answer.error.message, fix: fixFor(answer.error) };
    let revival = server.value ?? pod.value.dnsServerRevival;
    if (!answer.value.stdout.includes(ip.value)) {
      // A hung server shows only once queries wait on its socket: check again, and ask again after a restart.
      const again = await ensureDnsServer();
      if (again.ok && again.value) {
        revival = again.value;
        answer = await lookup();
        if (!answer.ok) return { name, status: "fail", summary: answer.error.message, fix: fixFor(answer.error) };
      }
    }
    if (!answer.value.stdout.includes(ip.value)) {
      const said = lastLines(answer.value.all, 3);
      return {
        name,
        status: "fail",
        summary: `the pod's alias ${alias} did not resolve to its address ${ip.value} on network ${network}${said === "" ? "" : ` (nslookup: ${said})`}`,
        fix: "apt-get install -y aardvark-dns (podman's DNS server for netavark networks)",
      };
    }
    const revived = revival ? `; ${dnsRevivalSentence(revival)}` : "";
    return { name, status: "ok", summary: `a pod on network ${network} (${net.value.subnets.join(", ")}) resolves by name to ${ip.value}${revived}` };
  } finally {
    await removeLabelled(podman, run.selector);
  }
}

function fixFor(error: PodmanError): string | undefined {
  switch (error.kind) {
    case "runtime-missing":
    case "runtime-unsupported":
      return "apt-get install -y runc";
    case "ulimit-denied":
      return "raise the hard limits for root (ulimit -Hn and -Hu at least 1024), or run podman with mk's containers.conf (CONTAINERS_CONF)";
    case "image-not-present":
      return "mk doctor --build-images";
    case "podman-missing":
      return INSTALL;
    default:
      return undefined;
  }
}

/** True when every check passed (skips only happen after a failure). */
export function doctorPassed(checks: readonly DoctorCheck[]): boolean {
  return checks.every((c) => c.status === "ok");
}

/** The last non-empty lines of a program's output, joined for one line of a report. */
function lastLines(output: string, count: number): string {
  return output
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("failed to connect to syslog"))
    .slice(-count)
    .join(" / ");
}
