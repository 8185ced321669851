import { test } from "node:test";
import assert from "node:assert/strict";
import { SemanticCode as C } from "../../src/schema/semantic/codes.js";
import { container, deployment, expectClean, expectIssue, expectNoIssue, job, pod } from "./fixtures.js";

test("a clean Pod has no issues", () => {
  expectClean(pod());
});

test("a Pod needs containers; a Pod's containers need an image (a template's only get a warning)", () => {
  expectIssue(pod({ containers: [] }), C.missingContainerPart, "spec.containers");
  expectNoIssue(pod(), C.missingContainerPart);
  expectIssue(pod({ containers: [container({ image: undefined })] }), C.missingContainerPart, "spec.containers[0].image");
  expectIssue(deployment({ template: { spec: { containers: [container({ image: undefined })] } } }), C.missingContainerPart, "spec.template.spec.containers[0].image", "warning");
});

test("container names are DNS labels", () => {
  expectNoIssue(pod({ containers: [container({ name: "web-1" })] }), C.invalidContainerName);
  expectIssue(pod({ containers: [container({ name: "Web_1" })] }), C.invalidContainerName, "spec.containers[0].name");
  expectIssue(pod({ containers: [container({ name: undefined })] }), C.invalidContainerName, "spec.containers[0].name");
});

test("container names are unique across containers and initContainers", () => {
  expectNoIssue(pod({ initContainers: [container({ name: "init" })] }), C.duplicateContainerName);
  expectIssue(pod({ containers: [container(), container()] }), C.duplicateContainerName, "spec.containers[1].name");
  const issue = expectIssue(pod({ initContainers: [container()] }), C.duplicateContainerName, "spec.containers[0].name");
  assert.match(issue.message, /initContainers\[0\] and containers\[0\]/);
});

test("container ports: 1-65535, hostPort 0 or 1-65535", () => {
  expectNoIssue(pod({ containers: [container({ ports: [{ containerPort: 80, hostPort: 8080 }] })] }), C.portOutOfRange);
  expectIssue(pod({ containers: [container({ ports: [{ containerPort: 0 }] })] }), C.portOutOfRange, "spec.containers[0].ports[0].containerPort");
  expectIssue(pod({ containers: [container({ ports: [{ containerPort: 70000 }] })] }), C.portOutOfRange, "spec.containers[0].ports[0].containerPort");
  expectIssue(pod({ containers: [container({ ports: [{ containerPort: 80, hostPort: 65536 }] })] }), C.portOutOfRange, "spec.containers[0].ports[0].hostPort");
});

test("port names are IANA service names, unique within a container", () => {
  expectNoIssue(pod({ containers: [container({ ports: [{ containerPort: 80, name: "http" }, { containerPort: 9090, name: "metrics" }] })] }), C.invalidPortName);
  expectIssue(pod({ containers: [container({ ports: [{ containerPort: 80, name: "HTTP" }] })] }), C.invalidPortName, "spec.containers[0].ports[0].name");
  expectIssue(pod({ containers: [container({ ports: [{ containerPort: 80, name: "web-frontend-http" }] })] }), C.invalidPortName, "spec.containers[0].ports[0].name");
  expectIssue(pod({ containers: [container({ ports: [{ containerPort: 80, name: "http" }, { containerPort: 81, name: "http" }] })] }), C.invalidPortName, "spec.containers[0].ports[1].name");
});

test("port protocols are TCP, UDP or SCTP", () => {
  expectNoIssue(pod({ containers: [container({ ports: [{ containerPort: 53, protocol: "UDP" }] })] }), C.unsupportedProtocol);
  const issue = expectIssue(pod({ containers: [container({ ports: [{ containerPort: 53, protocol: "tcp" }] })] }), C.unsupportedProtocol, "spec.containers[0].ports[0].protocol");
  assert.deepEqual(issue.help, ["did you mean `TCP`?"]);
});

test("two containers cannot bind the same host port", () => {
  const two = (a: number, b: number) => pod({ containers: [container({ ports: [{ containerPort: 80, hostPort: a }] }), container({ name: "b", ports: [{ containerPort: 81, hostPort: b }] })] });
  expectNoIssue(two(8080, 8081), C.hostPortConflict);
  expectIssue(two(8080, 8080), C.hostPortConflict, "spec.containers[1].ports[0].hostPort");
});

test("volume names are DNS labels and unique", () => {
  expectNoIssue(pod({ volumes: [{ name: "data", emptyDir: {} }, { name: "cache", emptyDir: {} }] }), C.invalidVolumeName);
  expectIssue(pod({ volumes: [{ name: "Data", emptyDir: {} }] }), C.invalidVolumeName, "spec.volumes[0].name");
  expectIssue(pod({ volumes: [{ name: "data", emptyDir: {} }, { name: "data", emptyDir: {} }] }), C.invalidVolumeName, "spec.volumes[1].name");
});

test("a volume has exactly one source (none means emptyDir)", () => {
  expectNoIssue(pod({ volumes: [{ name: "data" }] }), C.volumeSourceCount);
  expectIssue(pod({ volumes: [{ name: "data", emptyDir: {}, hostPath: { path: "/tmp" } }] }), C.volumeSourceCount, "spec.volumes[0].hostPath");
});

test("volume sources: hostPath type and path, file modes, claim names, emptyDir limits", () => {
  expectNoIssue(pod({ volumes: [{ name: "log", hostPath: { path: "/var/log", type: "Directory" } }, { name: "cfg", configMap: { name: "cfg", defaultMode: 493 } }] }), C.invalidVolumeSource);
  expectIssue(pod({ volumes: [{ name: "log", hostPath: { path: "/var/log", type: "Dir" } }] }), C.invalidVolumeSource, "spec.volumes[0].hostPath.type");
  expectIssue(pod({ volumes: [{ name: "log", hostPath: { path: "/var/../etc" } }] }), C.invalidVolumeSource, "spec.volumes[0].hostPath.path");
  const mode = expectIssue(pod({ volumes: [{ name: "cfg", configMap: { name: "cfg", defaultMode: 755 } }] }), C.invalidVolumeSource, "spec.volumes[0].configMap.defaultMode");
  assert.match(mode.help?.[0] ?? "", /0755/);
  expectIssue(pod({ volumes: [{ name: "s", secret: {} }] }), C.invalidVolumeSource, "spec.volumes[0].secret.secretName");
  expectIssue(pod({ volumes: [{ name: "d", persistentVolumeClaim: {} }] }), C.invalidVolumeSource, "spec.volumes[0].persistentVolumeClaim.claimName");
  expectIssue(pod({ volumes: [{ name: "d", emptyDir: { sizeLimit: "1 Gi" } }] }), C.invalidQuantity, "spec.volumes[0].emptyDir.sizeLimit");
  expectIssue(pod({ volumes: [{ name: "d", emptyDir: { sizeLimit: "-1Gi" } }] }), C.negativeQuantity, "spec.volumes[0].emptyDir.sizeLimit");
});

test("volumeMounts must name a declared volume", () => {
  expectNoIssue(pod({ volumes: [{ name: "data", emptyDir: {} }], containers: [container({ volumeMounts: [{ name: "data", mountPath: "/data" }] })] }), C.undeclaredVolume);
  const issue = expectIssue(pod({ volumes: [{ name: "data", emptyDir: {} }], containers: [container({ volumeMounts: [{ name: "dta", mountPath: "/data" }] })] }), C.undeclaredVolume, "spec.containers[0].volumeMounts[0].name");
  assert.deepEqual(issue.help, ["did you mean `data`?"]);
});

test("mountPath is required and unique per container; subPath is relative", () => {
  const mounts = (m: unknown[]) => pod({ volumes: [{ name: "a", emptyDir: {} }, { name: "b", emptyDir: {} }], containers: [container({ volumeMounts: m })] });
  expectNoIssue(mounts([{ name: "a", mountPath: "/a" }, { name: "b", mountPath: "/b" }, { name: "a", mountPath: "/c", subPath: "x/y" }]), C.invalidMountPath);
  expectIssue(mounts([{ name: "a", mountPath: "/a" }, { name: "b", mountPath: "/a/" }]), C.invalidMountPath, "spec.containers[0].volumeMounts[1].mountPath");
  expectIssue(mounts([{ name: "a" }]), C.invalidMountPath, "spec.containers[0].volumeMounts[0].mountPath");
  expectIssue(mounts([{ name: "a", mountPath: "/a", subPath: "../etc" }]), C.invalidMountPath, "spec.containers[0].volumeMounts[0].subPath");
});

test("probes have exactly one handler", () => {
  expectNoIssue(pod({ containers: [container({ livenessProbe: { httpGet: { port: 80 } } })] }), C.handlerCount);
  expectIssue(pod({ containers: [container({ livenessProbe: { periodSeconds: 5 } })] }), C.handlerCount, "spec.containers[0].livenessProbe");
  expectIssue(pod({ containers: [container({ readinessProbe: { httpGet: { port: 80 }, tcpSocket: { port: 80 } } })] }), C.handlerCount, "spec.containers[0].readinessProbe.tcpSocket");
  expectIssue(pod({ containers: [container({ startupProbe: { exec: { command: [] } } })] }), C.handlerCount, "spec.containers[0].startupProbe.exec.command");
  expectIssue(pod({ containers: [container({ lifecycle: { preStop: {} } })] }), C.handlerCount, "spec.containers[0].lifecycle.preStop");
});

test("probe ports are valid numbers or port names", () => {
  expectNoIssue(pod({ containers: [container({ livenessProbe: { tcpSocket: { port: "http" } } })] }), C.portOutOfRange);
  expectIssue(pod({ containers: [container({ livenessProbe: { tcpSocket: { port: 0 } } })] }), C.portOutOfRange, "spec.containers[0].livenessProbe.tcpSocket.port");
});

test("successThreshold must be 1 for liveness and startup probes; timings not negative", () => {
  expectNoIssue(pod({ containers: [container({ readinessProbe: { exec: { command: ["true"] }, successThreshold: 3 } })] }), C.probeNumbers);
  expectIssue(pod({ containers: [container({ livenessProbe: { exec: { command: ["true"] }, successThreshold: 2 } })] }), C.probeNumbers, "spec.containers[0].livenessProbe.successThreshold");
  expectIssue(pod({ containers: [container({ startupProbe: { exec: { command: ["true"] }, successThreshold: 2 } })] }), C.probeNumbers, "spec.containers[0].startupProbe.successThreshold");
  expectIssue(pod({ containers: [container({ readinessProbe: { exec: { command: ["true"] }, initialDelaySeconds: -1 } })] }), C.probeNumbers, "spec.containers[0].readinessProbe.initialDelaySeconds");
});

test("plain init containers cannot be probed; sidecars (restartPolicy Always) can", () => {
  const probe = { exec: { command: ["true"] } };
  expectNoIssue(pod({ initContainers: [container({ name: "proxy", restartPolicy: "Always", readinessProbe: probe })] }), C.forbiddenInTemplate);
  expectIssue(pod({ initContainers: [container({ name: "init", readinessProbe: probe })] }), C.forbiddenInTemplate, "spec.initContainers[0].readinessProbe");
  expectIssue(pod({ initContainers: [container({ name: "init", restartPolicy: "OnFailure" })] }), C.restartPolicy, "spec.initContainers[0].restartPolicy");
});

test("ephemeral containers cannot be set on create", () => {
  expectIssue(pod({ ephemeralContainers: [container({ name: "debug" })] }), C.forbiddenInTemplate, "spec.ephemeralContainers");
});

test("a Pod's restartPolicy is Always, OnFailure or Never", () => {
  expectNoIssue(pod({ restartPolicy: "OnFailure" }), C.restartPolicy);
  expectIssue(pod({ restartPolicy: "Sometimes" }), C.restartPolicy, "spec.restartPolicy");
});

test("workload templates only allow restartPolicy Always", () => {
  expectNoIssue(deployment({ template: { spec: { restartPolicy: "Always" } } }), C.restartPolicy);
  const issue = expectIssue(deployment({ template: { spec: { restartPolicy: "OnFailure" } } }), C.restartPolicy, "spec.template.spec.restartPolicy");
  assert.match(issue.message, /Deployment pod template must use restartPolicy Always/);
});

test("Job templates need OnFailure or Never", () => {
  expectNoIssue(job(), C.restartPolicy);
  expectIssue(job({ template: { spec: { restartPolicy: "Always" } } }), C.restartPolicy, "spec.template.spec.restartPolicy");
  const unset = expectIssue(job({ template: { spec: { restartPolicy: undefined } } }), C.restartPolicy, "spec.template.spec.restartPolicy");
  assert.match(unset.message, /needs restartPolicy OnFailure or Never/);
});

test("activeDeadlineSeconds is not allowed in workload templates", () => {
  expectNoIssue(job({ template: { spec: { activeDeadlineSeconds: 60 } } }), C.forbiddenInTemplate);
  expectIssue(deployment({ template: { spec: { activeDeadlineSeconds: 60 } } }), C.forbiddenInTemplate, "spec.template.spec.activeDeadlineSeconds");
});

test("pod-level values: dnsPolicy, pull policy, activeDeadlineSeconds, tolerations", () => {
  expectNoIssue(pod({ dnsPolicy: "ClusterFirstWithHostNet" }), C.unsupportedPodValue);
  expectIssue(pod({ dnsPolicy: "Cluster" }), C.unsupportedPodValue, "spec.dnsPolicy");
  expectIssue(pod({ dnsPolicy: "None" }), C.unsupportedPodValue, "spec.dnsConfig");
  expectIssue(pod({ containers: [container({ imagePullPolicy: "Sometimes" })] }), C.unsupportedPodValue, "spec.containers[0].imagePullPolicy");
  expectNoIssue(pod({ activeDeadlineSeconds: 1 }), C.notPositive);
  expectIssue(pod({ activeDeadlineSeconds: 0 }), C.notPositive, "spec.activeDeadlineSeconds");
  expectNoIssue(pod({ tolerations: [{ key: "node-role.kubernetes.io/master", effect: "NoSchedule" }] }), C.unsupportedPodValue);
  expectIssue(pod({ tolerations: [{ key: "k", operator: "Exists", value: "v" }] }), C.unsupportedPodValue, "spec.tolerations[0].value");
  expectIssue(pod({ tolerations: [{ key: "k", effect: "NoSchedule", tolerationSeconds: 5 }] }), C.unsupportedPodValue, "spec.tolerations[0].tolerationSeconds");
});

test("environment variables: valid names, value or valueFrom with one source", () => {
  expectNoIssue(pod({ containers: [container({ env: [{ name: "MODE", value: "prod" }, { name: "POD", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } }] })] }), C.invalidEnv);
  expectIssue(pod({ containers: [container({ env: [{ name: "A=B", value: "x" }] })] }), C.invalidEnv, "spec.containers[0].env[0].name");
  expectIssue(pod({ containers: [container({ env: [{ name: "A", value: "x", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } }] })] }), C.invalidEnv, "spec.containers[0].env[0].valueFrom");
  expectIssue(pod({ containers: [container({ env: [{ name: "A", valueFrom: {} }] })] }), C.invalidEnv, "spec.containers[0].env[0].valueFrom");
});
