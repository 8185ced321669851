import { readFile } from "node:fs/promises";
import { execa } from "execa";
import { failure, runtimeError, success, type RuntimeResult } from "./podman-error.js";

/**
 * Pins the MAC address of a podman network's bridge. Linux gives a bridge the lowest MAC of its
 * ports unless one was set explicitly, so with netavark before 1.9 (Debian 12 has 1.4) the
 * bridge's MAC changes whenever a container joins or leaves the network; the other containers
 * keep the old one in their ARP cache and cannot reach the gateway — nor aardvark-dns on it —
 * for 20–100 s (netavark pull request #833 fixed this by setting a static MAC). Setting the
 * bridge's MAC to its current value marks it as set (addr_assign_type 3) and ends the changes.
 */
export type BridgePin = "pinned" | "already-pinned" | "absent";

const NET_ADDR_SET = "3";
const INTERFACE_NAME = /^[A-Za-z0-9_.-]{1,15}$/;

export async function pinBridgeAddress(interfaceName: string): Promise<RuntimeResult<BridgePin>> {
  if (!INTERFACE_NAME.test(interfaceName)) return failure(runtimeError("failed", `"${interfaceName}" is not a network interface name`));
  const dir = `/sys/class/net/${interfaceName}`;
  let assignType: string;
  let address: string;
  try {
    assignType = (await readFile(`${dir}/addr_assign_type`, "utf8")).trim();
    address = (await readFile(`${dir}/address`, "utf8")).trim();
  } catch {
    // No container attached: netavark removed the bridge (it makes a new one, unpinned, later).
    return success("absent");
  }
  if (assignType === NET_ADDR_SET) return success("already-pinned");
  const args = ["link", "set", "dev", interfaceName, "address", address];
  const r = await execa("ip", args, { reject: false, timeout: 10_000 });
  if (r.exitCode !== 0) {
    return failure(runtimeError("failed", `pinning the MAC address of bridge ${interfaceName} failed: ${String(r.stderr || r.message || "").trim()}`, args, String(r.stderr ?? "")));
  }
  return success("pinned");
}
