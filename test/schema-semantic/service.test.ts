import { test } from "node:test";
import { SemanticCode as C } from "../../src/schema/semantic/codes.js";
import { expectClean, expectIssue, expectNoIssue, service } from "./fixtures.js";

test("a clean Service has no issues", () => {
  expectClean(service());
});

test("ports are required except for headless and ExternalName Services", () => {
  expectNoIssue(service({ ports: undefined, clusterIP: "None" }), C.servicePortsRequired);
  expectNoIssue(service({ ports: undefined, type: "ExternalName", externalName: "db.example.com", selector: undefined }), C.servicePortsRequired);
  expectIssue(service({ ports: [] }), C.servicePortsRequired, "spec.ports");
});

test("with several ports every port needs a unique DNS-label name", () => {
  expectNoIssue(service({ ports: [{ name: "http", port: 80 }, { name: "https", port: 443 }] }), C.servicePortName);
  expectNoIssue(service({ ports: [{ port: 80 }] }), C.servicePortName);
  expectIssue(service({ ports: [{ name: "http", port: 80 }, { port: 443 }] }), C.servicePortName, "spec.ports[1].name");
  expectIssue(service({ ports: [{ name: "http", port: 80 }, { name: "http", port: 443 }] }), C.servicePortName, "spec.ports[1].name");
  expectIssue(service({ ports: [{ name: "HTTP", port: 80 }] }), C.servicePortName, "spec.ports[0].name");
});

test("port and targetPort ranges; a named targetPort is an IANA name", () => {
  expectNoIssue(service({ ports: [{ port: 80, targetPort: "http" }] }), C.servicePortNumber);
  expectIssue(service({ ports: [{ port: 0 }] }), C.servicePortNumber, "spec.ports[0].port");
  expectIssue(service({ ports: [{ port: 80, targetPort: 70000 }] }), C.servicePortNumber, "spec.ports[0].targetPort");
  expectIssue(service({ ports: [{ port: 80, targetPort: "8080" }] }), C.servicePortNumber, "spec.ports[0].targetPort");
  expectIssue(service({ ports: [{ port: 80, targetPort: "web_port" }] }), C.servicePortNumber, "spec.ports[0].targetPort");
});

test("the same port and protocol cannot be listed twice", () => {
  expectNoIssue(service({ ports: [{ name: "dns", port: 53, protocol: "UDP" }, { name: "dns-tcp", port: 53, protocol: "TCP" }] }), C.duplicateServicePort);
  expectIssue(service({ ports: [{ name: "a", port: 80 }, { name: "b", port: 80 }] }), C.duplicateServicePort, "spec.ports[1].port");
});

test("nodePort only for NodePort and LoadBalancer, within 30000-32767, unique", () => {
  expectNoIssue(service({ type: "NodePort", ports: [{ port: 80, nodePort: 30080 }] }), C.nodePort);
  expectIssue(service({ ports: [{ port: 80, nodePort: 30080 }] }), C.nodePort, "spec.ports[0].nodePort");
  expectIssue(service({ type: "NodePort", ports: [{ port: 80, nodePort: 8080 }] }), C.nodePort, "spec.ports[0].nodePort");
  expectIssue(service({ type: "NodePort", ports: [{ name: "a", port: 80, nodePort: 30080 }, { name: "b", port: 81, nodePort: 30080 }] }), C.nodePort, "spec.ports[1].nodePort");
});

test("clusterIP None only for ClusterIP; ExternalName has no cluster IP but a DNS name", () => {
  expectNoIssue(service({ clusterIP: "None" }), C.clusterIP);
  expectIssue(service({ type: "NodePort", clusterIP: "None" }), C.clusterIP, "spec.clusterIP");
  expectIssue(service({ type: "LoadBalancer", clusterIP: "None" }), C.clusterIP, "spec.clusterIP");
  expectIssue(service({ type: "ExternalName", externalName: "db.example.com", clusterIP: "10.0.0.1" }), C.clusterIP, "spec.clusterIP");
  expectIssue(service({ type: "ExternalName" }), C.clusterIP, "spec.externalName");
  expectNoIssue(service({ type: "ExternalName", externalName: "db.example.com." }), C.clusterIP);
  expectIssue(service({ clusterIP: "10.0.0.300" }), C.clusterIP, "spec.clusterIP");
  expectNoIssue(service({ clusterIP: "10.96.0.10", clusterIPs: ["10.96.0.10"] }), C.clusterIP);
  expectIssue(service({ clusterIP: "10.96.0.10", clusterIPs: ["10.96.0.11"] }), C.clusterIP, "spec.clusterIPs[0]");
});

test("type, protocols, session affinity and traffic policies", () => {
  expectIssue(service({ type: "Internal" }), C.unsupportedValue, "spec.type");
  expectIssue(service({ ports: [{ port: 80, protocol: "HTTP" }] }), C.unsupportedProtocol, "spec.ports[0].protocol");
  expectNoIssue(service({ sessionAffinity: "ClientIP", sessionAffinityConfig: { clientIP: { timeoutSeconds: 600 } } }), C.serviceTraffic);
  expectIssue(service({ sessionAffinity: "ClientIP", sessionAffinityConfig: { clientIP: { timeoutSeconds: 0 } } }), C.serviceTraffic, "spec.sessionAffinityConfig.clientIP.timeoutSeconds");
  expectNoIssue(service({ type: "NodePort", externalTrafficPolicy: "Local" }), C.serviceTraffic);
  expectIssue(service({ externalTrafficPolicy: "Local" }), C.serviceTraffic, "spec.externalTrafficPolicy");
  expectIssue(service({ ipFamilies: ["IPv5"] }), C.unsupportedValue, "spec.ipFamilies[0]");
});

test("selector labels are valid labels", () => {
  expectIssue(service({ selector: { app: "web app" } }), C.invalidLabelValue, "spec.selector.app");
});
