import type { ControlContext, ReconcileOutcome, Reconciler } from "../control/reconciler.js";
import type { JsonObject } from "../schema/json.js";
import { isConflict, type ObjectRef } from "../store/index.js";
import type { RuntimeSession } from "../runtime/session.js";
import { syncNamespaceDns } from "./dns-sync.js";
import { BridgePinner } from "./bridge-pin.js";
import { watchDnsServer } from "./dns-server-watch.js";
import { endpointsOf, resolveTargetPort } from "./endpoints.js";
import { allocateNodePorts, usedNodePorts } from "./node-ports.js";
import { exposesNodePorts, podView, selects, serviceView, type PodView, type ServiceView } from "./service-model.js";
import { NodePortProxy, type Backend } from "./tcp-proxy.js";
import { portWarnings } from "./port-warnings.js";

export interface EndpointsControllerOptions {
  session: RuntimeSession;
  /** Where NodePorts listen (default 127.0.0.1). */
  nodePortHost?: string;
  /** Reconcile every Service this often to repair DNS changed behind mk's back (default 30 s). */
  resyncMs?: number;
  /** How soon to retry after a failure (podman error, port in use, write conflict); default 5 s. */
  retryMs?: number;
  /** For nodePort allocation (default Math.random). */
  random?: () => number;
}

const COMPONENT = "endpoint-controller";
const SERVICE = { apiVersion: "v1", kind: "Service" } as const;

/**
 * The Services of one machine (docs/services.md): keeps the Service names on mk's podman network
 * pointing at the ready endpoints, allocates node ports and runs a TCP proxy per NodePort.
 * Primary key: the Service. A Pod change wakes the Services of its namespace that select it now
 * or selected it when last seen.
 */
export function createEndpointsController(options: EndpointsControllerOptions): Reconciler {
  const host = options.nodePortHost ?? "127.0.0.1";
  const retryMs = options.retryMs ?? 5000;
  const random = options.random ?? Math.random;
  /** Open proxies by Service (`namespace/name`), then by nodePort. */
  const proxies = new Map<string, Map<number, NodePortProxy>>();
  /** The Services each pod woke when last seen (by pod uid), so a label change wakes the old ones. */
  const lastWoken = new Map<string, ObjectRef[]>();
  /** Warning Events already recorded (by Service uid and message): recorded once. */
  const warned = new Set<string>();
  let stopped = false;
  const bridge = new BridgePinner(options.session);

  async function podKeys(pod: JsonObject, ctx: ControlContext): Promise<ObjectRef[]> {
    const view = podView(pod);
    const services = await ctx.store.list({ ...SERVICE, namespace: view.namespace });
    const now = services.items.map(serviceView).filter((s) => selects(s, view));
    const refs = new Map<string, ObjectRef>();
    for (const s of now) refs.set(s.name, { ...SERVICE, namespace: s.namespace, name: s.name });
    for (const r of lastWoken.get(view.uid) ?? []) refs.set(r.name, r);
    if (view.terminal || (view.terminating && now.length === 0)) lastWoken.delete(view.uid);
    else lastWoken.set(view.uid, now.map((s) => ({ ...SERVICE, namespace: s.namespace, name: s.name })));
    return [...refs.values()];
  }

  async function warnOnce(ctx: ControlContext, service: ServiceView, reason: string, message: string): Promise<void> {
    const key = `${service.uid}|${reason}|${message}`;
    if (warned.has(key)) return;
    warned.add(key);
    const earlier = await ctx.store.listEvents({ namespace: service.namespace, involvedUid: service.uid });
    if (earlier.items.some((e) => e.reason === reason && e.message === message)) return;
    await ctx.recordEvent({
      involvedObject: { apiVersion: "v1", kind: "Service", namespace: service.namespace, name: service.name, uid: service.uid },
      type: "Warning",
      reason,
      message,
      source: { component: COMPONENT },
    });
  }

  /** Writes allocated node ports back into the Service spec; returns the Service as stored. */
  async function ensureNodePorts(ctx: ControlContext, service: JsonObject): Promise<JsonObject | "retry"> {
    const all = await ctx.store.list(SERVICE);
    const uid = serviceView(service).uid;
    const used = usedNodePorts(all.items.filter((s) => serviceView(s).uid !== uid));
    const allocation = allocateNodePorts(service, used, random);
    if (!allocation.ok) {
      await warnOnce(ctx, serviceView(service), "FailedAllocateNodePort", allocation.message);
      return "retry";
    }
    if (allocation.allocated.length === 0) return service;
    try {
      const stored = await ctx.store.update(allocation.service);
      ctx.log(`service ${serviceView(service).namespace}/${serviceView(service).name}: node port ${allocation.allocated.join(", ")} allocated`);
      return stored;
    } catch (e) {
      if (isConflict(e)) return "retry";
      throw e;
    }
  }

  async function closeProxies(key: string, keep: ReadonlySet<number> = new Set()): Promise<void> {
    const open = proxies.get(key);
    if (!open) return;
    for (const [port, proxy] of open) {
      if (keep.has(port)) continue;
      await proxy.close();
      open.delete(port);
    }
    if (open.size === 0) proxies.delete(key);
  }

  /** Opens, re-points and closes the Service's NodePort proxies; false when a port could not be opened. */
  async function syncProxies(ctx: ControlContext, service: ServiceView, pods: readonly PodView[]): Promise<boolean> {
    const key = `${service.namespace}/${service.name}`;
    const wanted = exposesNodePorts(service) && !stopped ? service.ports.filter((p) => p.nodePort !== undefined && p.protocol === "TCP") : [];
    await closeProxies(key, new Set(wanted.map((p) => p.nodePort as number)));
    for (const port of service.ports) {
      if (exposesNodePorts(service) && port.protocol !== "TCP") {
        await warnOnce(ctx, service, "NodePortUnsupported", `Service port ${port.name || port.port} is ${port.protocol}: mk forwards node ports for TCP only`);
      }
    }
    if (wanted.length === 0) return true;
    const endpoints = endpointsOf(service, pods);
    const podsByUid = new Map(pods.map((p) => [p.uid, p]));
    let allOpen = true;
    for (const port of wanted) {
      const nodePort = port.nodePort as number;
      const backends: Backend[] = [];
      for (const address of endpoints.addresses) {
        const pod = podsByUid.get(address.podUid);
        const target = pod ? resolveTargetPort(port, pod) : undefined;
        if (target !== undefined) backends.push({ ip: address.ip, port: target });
      }
      const open = proxies.get(key) ?? new Map<number, NodePortProxy>();
      proxies.set(key, open);
      let proxy = open.get(nodePort);
      if (!proxy) {
        const candidate = new NodePortProxy(host, nodePort);
        const listening = await candidate.listen();
        if (!listening.ok) {
          allOpen = false;
          await warnOnce(ctx, service, "NodePortUnavailable", `Service port ${port.name || port.port} cannot be reached on ${host}:${nodePort}: ${listening.message}`);
          continue;
        }
        proxy = candidate;
        open.set(nodePort, proxy);
        ctx.log(`service ${key}: listening on ${host}:${nodePort}`);
      }
      proxy.setBackends(backends);
    }
    return allOpen;
  }

  return {
    name: COMPONENT,
    watches: [
      { apiVersion: "v1", kind: "Service" },
      { apiVersion: "v1", kind: "Pod", keys: podKeys },
    ],
    resyncMs: options.resyncMs ?? 30_000,

    async reconcile(key: ObjectRef, ctx: ControlContext): Promise<ReconcileOutcome | void> {
      const namespace = key.namespace || "default";
      const proxyKey = `${namespace}/${key.name}`;
      let retry = false;
      let stored = await ctx.store.get({ ...SERVICE, namespace, name: key.name });
      if (stored && exposesNodePorts(serviceView(stored))) {
        const withPorts = await ensureNodePorts(ctx, stored);
        if (withPorts === "retry") retry = true;
        else stored = withPorts;
      }
      if (stored) {
        const service = serviceView(stored);
        const pods = (await ctx.store.list({ apiVersion: "v1", kind: "Pod", namespace })).items.map(podView);
        for (const message of portWarnings(service)) await warnOnce(ctx, service, "TargetPortDiffers", message);
        if (!(await syncProxies(ctx, service, pods))) retry = true;
      } else {
        await closeProxies(proxyKey);
      }
      const dns = await syncNamespaceDns(options.session, ctx.store, namespace, bridge);
      for (const c of dns.changes) {
        ctx.log(`pod ${namespace}/${c.pod}: DNS names${c.added.length ? ` +${c.added.join(" +")}` : ""}${c.removed.length ? ` -${c.removed.join(" -")}` : ""}`);
      }
      for (const e of [...dns.errors, ...dns.warnings]) ctx.log(e);
      if (dns.errors.length > 0) retry = true;
      return retry ? { requeueAfterMs: retryMs } : undefined;
    },

    start(ctx) {
      stopped = false;
      const stopDnsWatch = watchDnsServer(ctx.log);
      return async () => {
        stopped = true;
        await stopDnsWatch();
        for (const key of [...proxies.keys()]) await closeProxies(key);
      };
    },
  };
}


