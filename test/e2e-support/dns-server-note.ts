import { readDnsServerFacts, ROOTFUL_DNS_SERVER } from "../../src/runtime/dns-server.js";
import { judgeDnsServer } from "../../src/runtime/dns-server-state.js";

/** podman's DNS server as mk judges it, for the message of a DNS test that timed out. */
export function dnsServerNote(): string {
  const verdict = judgeDnsServer(readDnsServerFacts(ROOTFUL_DNS_SERVER));
  switch (verdict.state) {
    case "running":
      return `aardvark-dns runs as pid ${verdict.pid}`;
    case "idle":
      return "no aardvark-dns runs and no network needs one";
    default:
      return `aardvark-dns is ${verdict.state}: ${verdict.reason}`;
  }
}
