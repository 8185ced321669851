import { pinBridgeAddress } from "../runtime/bridge-address.js";
import { inspectNetwork } from "../runtime/network.js";
import type { RuntimeSession } from "../runtime/session.js";

/**
 * Keeps the MAC of the project network's bridge pinned (see src/runtime/bridge-address.ts). The
 * bridge's name is learnt from podman once; after that a check is two small sysfs reads, cheap
 * enough for every sync, so a bridge that netavark removed and made again (all pods gone, then a
 * new one) is pinned again at the next sync.
 */
export class BridgePinner {
  private interfaceName: string | undefined;

  constructor(private readonly session: RuntimeSession) {}

  /** Whether the bridge's name is known (a check then needs no podman call). */
  get known(): boolean {
    return this.interfaceName !== undefined;
  }

  /** Pins the bridge when needed; returns a problem for people, or undefined. */
  async pin(): Promise<string | undefined> {
    if (this.interfaceName === undefined) {
      const network = await inspectNetwork(this.session.podman, this.session.network);
      if (!network.ok) return network.error.message;
      this.interfaceName = network.value.interfaceName;
    }
    if (this.interfaceName === "") return undefined;
    const pinned = await pinBridgeAddress(this.interfaceName);
    return pinned.ok ? undefined : pinned.error.message;
  }
}
