import { mkdir, stat, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

/**
 * hostPath type checks as the kubelet makes them before mounting. `""` checks nothing (a missing
 * path is made a folder);
 * DirectoryOrCreate makes the folder (0755), FileOrCreate an empty file (0644, its folder must exist).
 * Messages are the kubelet's (`hostPath type check failed: /x is not a directory`).
 */
export async function checkHostPath(path: string, type: string): Promise<{ ok: true } | { ok: false; message: string }> {
  const found = await stat(path).catch(() => undefined);
  const fail = (what: string) => ({ ok: false as const, message: `hostPath type check failed: ${path} is not ${what}` });
  switch (type) {
    case "":
      // No checks; a missing path becomes a folder, as Docker-era runtimes made it (podman's
      // --mount refuses a missing source), so DaemonSets written for them still start.
      if (!found) await mkdir(path, { recursive: true, mode: 0o755 });
      return { ok: true };
    case "DirectoryOrCreate":
      if (!found) {
        await mkdir(path, { recursive: true, mode: 0o755 });
        return { ok: true };
      }
      return found.isDirectory() ? { ok: true } : fail("a directory");
    case "Directory":
      return found?.isDirectory() ? { ok: true } : fail("a directory");
    case "FileOrCreate":
      if (!found) {
        const parent = await stat(dirname(path)).catch(() => undefined);
        if (!parent?.isDirectory()) return { ok: false, message: `hostPath type check failed: ${dirname(path)} (the folder of ${path}) does not exist` };
        await writeFile(path, "", { mode: 0o644, flag: "a" });
        return { ok: true };
      }
      return found.isFile() ? { ok: true } : fail("a file");
    case "File":
      return found?.isFile() ? { ok: true } : fail("a file");
    case "Socket":
      return found?.isSocket() ? { ok: true } : fail("a socket file");
    case "CharDevice":
      return found?.isCharacterDevice() ? { ok: true } : fail("a character device");
    case "BlockDevice":
      return found?.isBlockDevice() ? { ok: true } : fail("a block device");
    default:
      return { ok: false, message: `hostPath type ${type} is not supported` };
  }
}
