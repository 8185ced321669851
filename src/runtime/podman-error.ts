/**
 * podman's failures as typed values. podman reports everything as text on standard error with
 * exit status 125 (or 1, 2, ...); callers need to know *what* went wrong (an image that cannot
 * be pulled must become the Pod's ErrImagePull status, a name in use means "already created",
 * a missing container means "already gone"), so the text is classified once, here.
 */
export type PodmanErrorKind =
  /** The podman program itself cannot be run (not installed, not on PATH). */
  | "podman-missing"
  /** The image is not in local storage and pulling was not allowed (imagePullPolicy: Never). */
  | "image-not-present"
  /** Pulling the image failed: unknown registry, no network, unknown repository or tag, auth. */
  | "image-pull-failed"
  /** A container, pod, network or volume with that name already exists. */
  | "name-in-use"
  /** The container, pod, network, volume or image named does not exist. */
  | "not-found"
  /** The OCI runtime (runc) is not installed or cannot be executed. */
  | "runtime-missing"
  /** crun on a cgroups-v1 hybrid host: podman must use runc. */
  | "runtime-unsupported"
  /** The container's resource limits exceed what the machine allows (setrlimit EPERM). */
  | "ulimit-denied"
  /** The container's command does not exist in the image or cannot be executed. */
  | "command-not-found"
  /** The container is not running (exec into a stopped container). */
  | "not-running"
  /** A host port is already taken by another process or container. */
  | "port-in-use"
  /** mk refused to touch an object that does not carry its labels (mk never removes what it did not create). */
  | "not-owned"
  /** The call ran longer than its time limit and was killed. */
  | "timeout"
  /** podman printed JSON mk could not read. */
  | "bad-output"
  /** Anything else: the message carries podman's own words. */
  | "failed";

export interface PodmanError {
  kind: PodmanErrorKind;
  /** A full sentence for people: what happened and, where mk knows it, what to do. */
  message: string;
  /** podman's own last error line, verbatim (empty when podman did not run). */
  detail: string;
  /** The arguments podman was called with (never a shell string). */
  args: readonly string[];
  /** podman's exit status, when it exited. */
  exitCode?: number;
  /** For image failures: the image reference, so the caller can build ErrImagePull status. */
  image?: string;
}

/** The result of every runtime operation: errors are values, never exceptions. */
export type RuntimeResult<T> = { ok: true; value: T } | { ok: false; error: PodmanError };

export function success<T>(value: T): RuntimeResult<T> {
  return { ok: true, value };
}

export function failure<T>(error: PodmanError): RuntimeResult<T> {
  return { ok: false, error };
}

/** A kind-specific error made by mk itself (not classified from podman's text). */
export function runtimeError(kind: PodmanErrorKind, message: string, args: readonly string[] = [], detail = ""): PodmanError {
  return { kind, message, detail, args };
}

/**
 * The last line podman printed that says what failed, without logrus decoration
 * (`time="..." level=error msg="..."`) and without the leading "Error: ".
 */
export function podmanErrorLine(stderr: string): string {
  const lines = stderr
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "");
  const errorLines = lines.filter((l) => l.startsWith("Error: ") || /level=(error|fatal)/.test(l));
  const chosen = errorLines.at(-1) ?? lines.at(-1) ?? "";
  const logrus = /msg="((?:[^"\\]|\\.)*)"/.exec(chosen);
  const text = logrus ? logrus[1].replace(/\\"/g, '"') : chosen;
  return text.replace(/^Error: /, "");
}

interface Rule {
  kind: PodmanErrorKind;
  test: RegExp;
  explain: (detail: string, image: string | undefined) => string;
}

const RULES: readonly Rule[] = [
  {
    kind: "runtime-unsupported",
    test: /cgroups in hybrid mode not supported/,
    explain: () =>
      "the OCI runtime crun does not support this machine's cgroups (v1 hybrid mode); mk's containers.conf selects runc — install it with `apt-get install -y runc`",
  },
  {
    kind: "runtime-missing",
    test: /OCI runtime "?[^"\s]*"? not found|default OCI runtime .* not found|runc: (executable file )?not found|exec: "runc"/,
    explain: () => "the OCI runtime runc is not installed or not on PATH; install it with `apt-get install -y runc`",
  },
  {
    kind: "ulimit-denied",
    test: /(setrlimit|setting rlimit).*operation not permitted/i,
    explain: () =>
      "the container asked for higher resource limits than this machine allows (setrlimit denied); mk's containers.conf sets default_ulimits nofile and nproc to 1024:1024 — check that CONTAINERS_CONF points at it",
  },
  {
    kind: "image-not-present",
    test: /image not known|no such image|image not found|failed to find image/i,
    explain: (_detail, image) => `image${quoted(image)} is not present on this machine and pulling it was not allowed`,
  },
  {
    kind: "image-pull-failed",
    test: /initializing source|pinging container registry|manifest unknown|name unknown|reading manifest|requested access to the resource is denied|unauthorized|short-name .* did not resolve|short-name resolution|error pulling image|unable to pull|repository name must|invalid reference format/i,
    explain: (detail, image) => `failed to pull image${quoted(image)}: ${detail}`,
  },
  {
    kind: "port-in-use",
    test: /address already in use|port is already allocated/i,
    explain: (detail) => `a host port is already taken by another process or pod (hostPort): ${detail}`,
  },
  {
    kind: "name-in-use",
    test: /already in use|name .* is in use|already exists/i,
    explain: (detail) => `the name is already taken: ${detail}`,
  },
  {
    kind: "not-found",
    test: /no such (container|pod|volume|object|network)|no container with name or ID|no pod with name or ID|network not found|unable to find network|no volume with name/i,
    explain: (detail) => `not found: ${detail}`,
  },
  {
    kind: "not-running",
    test: /container state improper|can only create exec sessions on running containers|is not running/i,
    explain: (detail) => `the container is not running: ${detail}`,
  },
  {
    kind: "command-not-found",
    test: /executable file not found|no such file or directory: OCI runtime attempted to invoke a command|permission denied: OCI permission denied|exec format error/i,
    explain: (detail) => `the container's command cannot be run: ${detail}`,
  },
];

/**
 * Turns podman's exit status and standard error into a typed error. Pure. `image` is the image
 * the call was about (create, run, pull), so that image failures name it.
 */
export function classifyPodmanFailure(args: readonly string[], stderr: string, exitCode: number | undefined, image?: string): PodmanError {
  const detail = podmanErrorLine(stderr);
  // podman's last error line names the cause; earlier lines (warnings, retries) only when it says nothing known.
  const rule = RULES.find((r) => r.test.test(detail)) ?? RULES.find((r) => r.test.test(stderr));
  if (rule) {
    const error: PodmanError = { kind: rule.kind, message: rule.explain(detail, image), detail, args, exitCode };
    if (image !== undefined && (rule.kind === "image-not-present" || rule.kind === "image-pull-failed")) error.image = image;
    return error;
  }
  const what = args.slice(0, 2).filter((a) => !a.startsWith("-")).join(" ");
  return {
    kind: "failed",
    message: `podman ${what} failed${exitCode === undefined ? "" : ` (exit status ${exitCode})`}: ${detail || "no error message"}`,
    detail,
    args,
    exitCode,
  };
}

function quoted(image: string | undefined): string {
  return image === undefined ? "" : ` "${image}"`;
}
