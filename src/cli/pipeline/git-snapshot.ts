import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { error, type Diagnostic } from "../../diag/diagnostic.js";
import { PlanCode } from "../../plan/codes.js";

/** A project directory as it was at a git revision, copied out into a temporary directory. */
export interface GitSnapshot {
  /** The project directory's copy. */
  dir: string;
  /** The full commit id the revision resolved to. */
  commit: string;
  /** The project directory's path inside the repository (`web/`, or "" at the top). */
  prefix: string;
  /** Whether the project directory existed at that revision (if not, `dir` is empty). */
  existed: boolean;
  /** Removes the copy. */
  remove(): void;
}

function git(args: string[], cwd: string, input?: Buffer): { ok: boolean; stdout: Buffer; stderr: string } {
  const result = spawnSync("git", args, { cwd, input, maxBuffer: 1 << 30 });
  if (result.error) return { ok: false, stdout: Buffer.alloc(0), stderr: result.error.message };
  return { ok: result.status === 0, stdout: result.stdout, stderr: result.stderr.toString("utf8").trim() };
}

/**
 * Copies the files of `projectDir` at git revision `ref` into a temporary directory, reading them
 * from the object database (`git ls-tree`, `git cat-file --batch`): nothing in the repository or
 * the working tree is touched, so it is safe while people work in the checkout.
 */
export function snapshotAtRevision(projectDir: string, ref: string): { ok: true; snapshot: GitSnapshot } | { ok: false; diagnostic: Diagnostic } {
  const fail = (message: string, help?: string) => ({ ok: false as const, diagnostic: error(PlanCode.GitRevision, message, help ? { help: [help] } : {}) });
  const top = git(["rev-parse", "--show-toplevel"], projectDir);
  if (!top.ok) return fail(`--against ${ref} needs a git repository, and ${projectDir} is not in one`, top.stderr || undefined);
  const root = top.stdout.toString("utf8").trim();
  const prefix = git(["rev-parse", "--show-prefix"], realpathSync(projectDir)).stdout.toString("utf8").trim();
  const resolved = git(["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`], root);
  if (!resolved.ok) return fail(`--against ${ref}: git does not know this revision`, "use a branch, tag or commit that exists locally (for a pull request: `git fetch origin main` first, then --against origin/main)");
  const commit = resolved.stdout.toString("utf8").trim();

  const listing = git(["ls-tree", "-r", "-z", "--full-tree", commit, "--", prefix === "" ? "." : prefix], root);
  if (!listing.ok) return fail(`--against ${ref}: cannot list the files of ${commit.slice(0, 12)}`, listing.stderr || undefined);
  const entries = listing.stdout
    .toString("utf8")
    .split("\0")
    .filter((e) => e !== "")
    .map((e) => {
      const tab = e.indexOf("\t");
      const [mode, type, sha] = e.slice(0, tab).split(" ");
      return { mode, type, sha, path: e.slice(tab + 1) };
    })
    .filter((e) => e.type === "blob" && e.path.startsWith(prefix));

  const dir = mkdtempSync(join(tmpdir(), "mkplan-against-"));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  if (entries.length > 0) {
    const blobs = git(["cat-file", "--batch"], root, Buffer.from(entries.map((e) => `${e.sha}\n`).join("")));
    if (!blobs.ok) {
      remove();
      return fail(`--against ${ref}: cannot read the files of ${commit.slice(0, 12)}`, blobs.stderr || undefined);
    }
    let offset = 0;
    for (const entry of entries) {
      // Each object: "<sha> blob <size>\n<content>\n".
      const newline = blobs.stdout.indexOf(10, offset);
      const size = Number(blobs.stdout.subarray(offset, newline).toString("utf8").split(" ")[2]);
      const content = blobs.stdout.subarray(newline + 1, newline + 1 + size);
      offset = newline + 1 + size + 1;
      const target = join(dir, entry.path.slice(prefix.length));
      mkdirSync(dirname(target), { recursive: true });
      if (entry.mode === "120000") symlinkSync(content.toString("utf8"), target);
      else writeFileSync(target, content);
    }
  }
  return { ok: true, snapshot: { dir, commit, prefix, existed: entries.length > 0, remove } };
}
