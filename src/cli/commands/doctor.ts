import { Command, Option } from "commander";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { colorEnabled } from "../output.js";

interface DoctorOptions {
  output: "text" | "json";
  buildImages: boolean;
  podman: string;
}

export function register(program: Command): void {
  program
    .command("doctor")
    .description("check that this machine can run mk's pods on podman (podman, runc, ulimits, network and DNS, test images)")
    .addOption(new Option("-o, --output <format>", "what to print on standard output").choices(["text", "json"]).default("text"))
    .option("--build-images", "build the offline test images (localhost/mk/busybox:1, localhost/mk/web:1 and :2) when missing", false)
    .option("--podman <program>", "the podman program to check", "podman")
    .addHelpText(
      "after",
      `
Each check prints ok or FAIL, and for a failure the exact fix. The checks run real
containers (a \`podman run --rm\` and a pod on a temporary mk network) with mk's own
containers.conf (runc, nofile/nproc ulimits 1024:1024), selected with CONTAINERS_CONF, so
the machine's podman configuration is never edited. Everything the checks create is labelled
and removed. Exit status: 0 when every check passes, 1 otherwise.

Examples:
  mk doctor
  mk doctor --build-images
  mk doctor -o json`,
    )
    .action(async (options: DoctorOptions) => {
      process.exitCode = await runDoctorCommand(options);
    });
}

async function runDoctorCommand(options: DoctorOptions): Promise<number> {
  const [{ writeContainersConf }, { createPodman }, { runDoctor, doctorPassed }] = await Promise.all([
    import("../../runtime/containers-conf.js"),
    import("../../runtime/podman.js"),
    import("../../runtime/doctor.js"),
  ]);
  // A throw-away folder: doctor must not create a project state folder wherever it is run.
  const confDir = mkdtempSync(join(tmpdir(), "mk-doctor-"));
  try {
    const containersConf = writeContainersConf(confDir);
    const podman = createPodman({ containersConf, binary: options.podman });
    const checks = await runDoctor(podman, { containersConf, podmanBinary: options.podman, buildImages: options.buildImages });
    const passed = doctorPassed(checks);
    if (options.output === "json") {
      process.stdout.write(`${JSON.stringify({ version: 1, passed, checks }, null, 2)}\n`);
    } else {
      const color = colorEnabled(process.stdout);
      const paint = (code: string, s: string) => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
      const width = Math.max(...checks.map((c) => c.name.length));
      for (const c of checks) {
        const mark = c.status === "ok" ? paint("32", "ok  ") : c.status === "fail" ? paint("31;1", "FAIL") : paint("33", "skip");
        process.stdout.write(`${mark}  ${c.name.padEnd(width)}  ${c.summary}\n`);
        if (c.fix && c.status !== "ok") process.stdout.write(`${" ".repeat(8 + width)}fix: ${c.fix}\n`);
      }
      const failed = checks.filter((c) => c.status === "fail").length;
      process.stdout.write(passed ? `all ${checks.length} checks passed\n` : `${failed} check${failed === 1 ? "" : "s"} failed\n`);
    }
    return passed ? 0 : 1;
  } finally {
    rmSync(confDir, { recursive: true, force: true });
  }
}
