/**
 * A Node socket error in the words Go's net package uses, which is what Kubernetes' probe
 * messages carry (`dial tcp 10.88.0.5:80: connect: connection refused`).
 */
export function socketErrorText(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case "ECONNREFUSED":
      return "connect: connection refused";
    case "EHOSTUNREACH":
      return "connect: no route to host";
    case "ENETUNREACH":
      return "connect: network is unreachable";
    case "ECONNRESET":
      return "read: connection reset by peer";
    case "EPIPE":
      return "write: broken pipe";
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/** `10.88.0.5:80`, `[fd00::5]:80`. */
export function joinHostPort(host: string, port: number): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}
