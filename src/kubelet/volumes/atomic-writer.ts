import { randomBytes } from "node:crypto";
import { chmod, mkdir, readdir, readFile, readlink, rename, rm, stat, symlink, writeFile } from "node:fs/promises";
import { join, posix } from "node:path";

/** One file of a volume's content: bytes and permission bits (`0o644`). */
export interface PayloadFile {
  data: Buffer;
  mode: number;
}

/** Relative path (`app.conf`, `conf/app.conf`) → file. */
export type Payload = ReadonlyMap<string, PayloadFile>;

const DATA_LINK = "..data";
const DATA_LINK_TMP = "..data_tmp";

/**
 * Writes `payload` into `dir` the way the kubelet's AtomicWriter does, so a reader (a container
 * with the folder mounted) never sees half an update: the files go into a new timestamped folder
 * (`..2026_11_22_03_04_05.1a2b3c`), the `..data` symlink is swapped to it with one rename, and
 * each top-level name is a symlink through `..data` (`app.conf -> ..data/app.conf`). Names gone
 * from the payload lose their link; the old folder is removed. Returns false when the content
 * and modes were already those (nothing written).
 */
export async function writeAtomically(dir: string, payload: Payload, now: Date = new Date()): Promise<boolean> {
  for (const path of payload.keys()) {
    if (!isSafeRelativePath(path)) throw new Error(`invalid path ${JSON.stringify(path)} in volume content: must be relative and may not contain '..'`);
  }
  await mkdir(dir, { recursive: true, mode: 0o755 });
  const current = await readlink(join(dir, DATA_LINK)).catch(() => undefined);
  if (current !== undefined && (await holdsPayload(join(dir, current), payload))) return false;

  const stamp = `..${timestampName(now)}.${randomBytes(4).toString("hex")}`;
  const target = join(dir, stamp);
  await mkdir(target, { mode: 0o755 });
  await chmod(target, 0o755);
  for (const [path, file] of payload) {
    const full = join(target, path);
    await mkdir(posix.dirname(full), { recursive: true, mode: 0o755 });
    await writeFile(full, file.data, { mode: file.mode });
    await chmod(full, file.mode);
  }
  await rm(join(dir, DATA_LINK_TMP), { force: true });
  await symlink(stamp, join(dir, DATA_LINK_TMP));
  await rename(join(dir, DATA_LINK_TMP), join(dir, DATA_LINK));

  const wanted = new Set([...payload.keys()].map((p) => p.split("/")[0] ?? p));
  for (const name of wanted) {
    const link = join(dir, name);
    const existing = await readlink(link).catch(() => undefined);
    if (existing === `${DATA_LINK}/${name}`) continue;
    await rm(link, { force: true, recursive: true });
    await symlink(`${DATA_LINK}/${name}`, link);
  }
  // Old content folders go too, including those of a write killed before its swap.
  for (const entry of await readdir(dir)) {
    if (entry === DATA_LINK || entry === stamp || wanted.has(entry)) continue;
    await rm(join(dir, entry), { force: true, recursive: true });
  }
  return true;
}

/** What `dir`'s `..data` shows now, as a payload (for tests and comparisons). */
export async function readPayload(dir: string): Promise<Map<string, PayloadFile>> {
  return (await readPayloadFrom(join(dir, DATA_LINK))) ?? new Map();
}

async function holdsPayload(folder: string, payload: Payload): Promise<boolean> {
  const present = await readPayloadFrom(folder);
  if (present === undefined || present.size !== payload.size) return false;
  for (const [path, file] of payload) {
    const there = present.get(path);
    if (!there || there.mode !== file.mode || !there.data.equals(file.data)) return false;
  }
  return true;
}

async function readPayloadFrom(folder: string): Promise<Map<string, PayloadFile> | undefined> {
  const info = await stat(folder).catch(() => undefined);
  if (!info?.isDirectory()) return undefined;
  const out = new Map<string, PayloadFile>();
  const walk = async (relative: string): Promise<void> => {
    for (const entry of await readdir(join(folder, relative), { withFileTypes: true })) {
      const path = relative === "" ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) await walk(path);
      else {
        const full = join(folder, path);
        out.set(path, { data: await readFile(full), mode: (await stat(full)).mode & 0o7777 });
      }
    }
  };
  await walk("");
  return out;
}

export function isSafeRelativePath(path: string): boolean {
  if (path === "" || posix.isAbsolute(path)) return false;
  const parts = path.split("/");
  return !parts.some((p) => p === ".." || p === "") && !parts[0]?.startsWith("..");
}

/** Go's `2006_01_02_15_04_05` layout, as the kubelet names its folders. */
function timestampName(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getUTCFullYear()}_${pad(now.getUTCMonth() + 1)}_${pad(now.getUTCDate())}_${pad(now.getUTCHours())}_${pad(now.getUTCMinutes())}_${pad(now.getUTCSeconds())}`;
}
