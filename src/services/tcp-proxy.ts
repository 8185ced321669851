import { connect, createServer, type Server, type Socket } from "node:net";

/** Where a connection can go: a ready endpoint's address and its targetPort. */
export interface Backend {
  ip: string;
  port: number;
}

export type ListenResult = { ok: true } | { ok: false; code: string; message: string };

/**
 * A NodePort on one machine: a TCP listener in the mk process that forwards each connection to
 * the next backend (round-robin), as kube-proxy spreads a NodePort's connections over the
 * Service's ready endpoints. With no backend a connection is closed at once (kube-proxy rejects it).
 */
export class NodePortProxy {
  private backends: Backend[] = [];
  private next = 0;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  constructor(
    readonly host: string,
    readonly port: number,
  ) {
    this.server = createServer((client) => this.forward(client));
  }

  listen(): Promise<ListenResult> {
    return new Promise((resolve) => {
      const onError = (e: NodeJS.ErrnoException) => resolve({ ok: false, code: e.code ?? "", message: `listen tcp ${this.host}:${this.port}: ${e.code === "EADDRINUSE" ? "bind: address already in use" : e.message}` });
      this.server.once("error", onError);
      this.server.listen(this.port, this.host, () => {
        this.server.off("error", onError);
        resolve({ ok: true });
      });
    });
  }

  /** Replaces the backends (connections already forwarded stay where they are). */
  setBackends(backends: readonly Backend[]): void {
    this.backends = [...backends];
  }

  get backendCount(): number {
    return this.backends.length;
  }

  private forward(client: Socket): void {
    this.track(client);
    if (this.backends.length === 0) {
      client.destroy();
      return;
    }
    const backend = this.backends[this.next++ % this.backends.length];
    const upstream = connect({ host: backend.ip, port: backend.port });
    this.track(upstream);
    const closeBoth = () => {
      client.destroy();
      upstream.destroy();
    };
    upstream.on("error", closeBoth);
    client.on("error", closeBoth);
    client.pipe(upstream);
    upstream.pipe(client);
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.on("close", () => this.sockets.delete(socket));
  }

  /** Stops listening and cuts the connections in flight. */
  close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    return new Promise((resolve) => {
      if (!this.server.listening) return resolve();
      this.server.close(() => resolve());
    });
  }
}
