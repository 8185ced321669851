// mk describe's text as kubectl prints it: the fields in kubectl's order, aligned by its tabwriter
// (a column as wide as its widest cell plus two, per run of lines), reproduced against the seed's
// `kubectl describe rs/frontend` output; and each kind's own lines.
import { test } from "node:test";
import assert from "node:assert/strict";
import { describeObject } from "../../src/ui/describe/describe.js";
import { DescribeWriter } from "../../src/ui/describe/tab-writer.js";
import type { JsonObject } from "../../src/schema/json.js";

const now = new Date("2026-01-01T00:02:00Z");
const template = { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "web", image: "localhost/mk/web:1" }] } };

test("the tabwriter: a column per run of lines that have a cell there, as wide as its widest cell plus two", () => {
  const w = new DescribeWriter();
  w.write(0, "Name:\tweb\n");
  w.write(0, "RollingUpdateStrategy:\t1 max surge\n");
  w.write(0, "Pod Template:\n");
  w.write(1, "Labels:\tapp=web\n");
  w.write(0, "Events:\t<none>\n");
  assert.equal(w.toString(), ["Name:                   web", "RollingUpdateStrategy:  1 max surge", "Pod Template:", "  Labels:  app=web", "Events:    <none>", ""].join("\n"));
});

test("kubectl describe rs/frontend of seed 000 (lines 1473-1498), character for character", () => {
  const lastApplied = '{"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"annotations":{},"labels":{"app":"guestbook","tier":"frontend"},"name":"frontend","namespace":"default"},"spec":{"replicas":3}}\n';
  const frontendTemplate = { metadata: { labels: { tier: "frontend" } }, spec: { containers: [{ name: "php-redis", image: "gcr.io/google_samples/gb-frontend:v3" }] } };
  const rs: JsonObject = {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: { name: "frontend", namespace: "default", labels: { app: "guestbook", tier: "frontend" }, annotations: { "kubectl.kubernetes.io/last-applied-configuration": lastApplied } },
    spec: { replicas: 3, selector: { matchLabels: { tier: "frontend" } }, template: frontendTemplate },
    status: { replicas: 3 },
  };
  const pods = ["wtsmm", "b2zdv", "vcmts"].map((n): JsonObject => ({ kind: "Pod", metadata: { name: `frontend-${n}` }, status: { phase: "Running" } }));
  const created = (name: string, secondsAgo: number): JsonObject => {
    const at = new Date(now.getTime() - secondsAgo * 1000).toISOString();
    return { type: "Normal", reason: "SuccessfulCreate", message: `Created pod: ${name}`, source: { component: "replicaset-controller" }, firstTimestamp: at, lastTimestamp: at, count: 1 };
  };
  const events = [created("frontend-wtsmm", 117), created("frontend-b2zdv", 116), created("frontend-vcmts", 116)];
  const expected = `Name:         frontend
Namespace:    default
Selector:     tier=frontend
Labels:       app=guestbook
              tier=frontend
Annotations:  kubectl.kubernetes.io/last-applied-configuration:
                {"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"annotations":{},"labels":{"app":"guestbook","tier":"frontend"},"name":"frontend",...
Replicas:     3 current / 3 desired
Pods Status:  3 Running / 0 Waiting / 0 Succeeded / 0 Failed
Pod Template:
  Labels:  tier=frontend
  Containers:
   php-redis:
    Image:        gcr.io/google_samples/gb-frontend:v3
    Port:         <none>
    Host Port:    <none>
    Environment:  <none>
    Mounts:       <none>
  Volumes:        <none>
Events:
  Type    Reason            Age   From                   Message
  ----    ------            ----  ----                   -------
  Normal  SuccessfulCreate  117s  replicaset-controller  Created pod: frontend-wtsmm
  Normal  SuccessfulCreate  116s  replicaset-controller  Created pod: frontend-b2zdv
  Normal  SuccessfulCreate  116s  replicaset-controller  Created pod: frontend-vcmts
`;
  assert.equal(describeObject(rs, { events, pods, now }), expected);
});

test("a Deployment: its header aligned to RollingUpdateStrategy, the template, conditions and ReplicaSets", () => {
  const text = describeObject(
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", namespace: "default", creationTimestamp: "2026-01-01T00:00:00Z", annotations: { "deployment.kubernetes.io/revision": "2" } },
      spec: { replicas: 3, selector: { matchLabels: { app: "web" } }, strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: "25%", maxSurge: 1 } }, template },
      status: { replicas: 3, updatedReplicas: 3, availableReplicas: 3, conditions: [{ type: "Available", status: "True", reason: "MinimumReplicasAvailable" }] },
    },
    {
      events: [],
      replicaSets: [
        { kind: "ReplicaSet", metadata: { name: "web-new", annotations: { "deployment.kubernetes.io/revision": "2" } }, spec: { replicas: 3 }, status: { replicas: 3 } },
        { kind: "ReplicaSet", metadata: { name: "web-old", annotations: { "deployment.kubernetes.io/revision": "1" } }, spec: { replicas: 0 }, status: { replicas: 0 } },
      ],
      now,
    },
  );
  assert.match(text, /^Name: {19}web\nNamespace: {14}default\nCreationTimestamp: {6}Thu, 01 Jan 2026 00:00:00 \+0000\nLabels: {17}<none>\nAnnotations: {12}deployment\.kubernetes\.io\/revision: 2\n/);
  assert.match(text, /^RollingUpdateStrategy: {2}25% max unavailable, 1 max surge$/m);
  assert.match(text, /^Conditions:\n {2}Type {11}Status {2}Reason\n {2}---- {11}------ {2}------\n {2}Available {6}True {4}MinimumReplicasAvailable\n/m);
  assert.match(text, /^OldReplicaSets: {2}<none>\nNewReplicaSet: {3}web-new \(3\/3 replicas created\)\nEvents: {10}<none>\n$/m);
});

test("a StatefulSet: desired | total replicas, its update strategy, partition and volume claims", () => {
  const text = describeObject(
    {
      apiVersion: "apps/v1",
      kind: "StatefulSet",
      metadata: { name: "web", namespace: "default" },
      spec: {
        replicas: 3,
        serviceName: "web",
        selector: { matchLabels: { app: "web" } },
        updateStrategy: { type: "RollingUpdate", rollingUpdate: { partition: 1 } },
        template,
        volumeClaimTemplates: [{ metadata: { name: "www" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } }],
      },
      status: { replicas: 2 },
    },
    { events: [], pods: [], now },
  );
  assert.match(text, /^Replicas: {9}3 desired \| 2 total$/m);
  assert.match(text, /^Update Strategy: {2}RollingUpdate\n {2}Partition: {6}1\n/m);
  assert.match(text, /^Pods Status: {6}0 Running \/ 0 Waiting \/ 0 Succeeded \/ 0 Failed$/m);
  assert.match(text, /^Volume Claims:\n {2}Name: {10}www\n {2}StorageClass: {2}\n {2}Labels: {8}<none>\n {2}Annotations: {3}<none>\n {2}Capacity: {6}1Gi\n {2}Access Modes: {2}\[ReadWriteOnce\]\n/m);
});

test("a Pod: container state, probes, references in the environment, mounts and volumes in kubectl's words", () => {
  const pod: JsonObject = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "web-0", namespace: "default", ownerReferences: [{ kind: "StatefulSet", name: "web", controller: true }] },
    spec: {
      nodeName: "vm",
      containers: [
        {
          name: "web",
          image: "localhost/mk/web:1",
          ports: [{ containerPort: 80, protocol: "TCP" }],
          livenessProbe: { exec: { command: ["cat", "/tmp/healthy"] }, initialDelaySeconds: 5, periodSeconds: 5 },
          resources: { limits: { memory: "128Mi", cpu: "500m" } },
          env: [
            { name: "POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
            { name: "PASSWORD", valueFrom: { secretKeyRef: { name: "db", key: "password" } } },
          ],
          volumeMounts: [{ name: "www", mountPath: "/usr/share/nginx/html" }],
        },
      ],
      volumes: [{ name: "www", persistentVolumeClaim: { claimName: "www-web-0" } }],
    },
    status: {
      phase: "Running",
      hostIP: "192.0.2.2",
      podIP: "10.89.0.7",
      conditions: [{ type: "Ready", status: "True" }],
      containerStatuses: [
        {
          name: "web",
          ready: true,
          restartCount: 1,
          containerID: "podman://abc",
          state: { running: { startedAt: "2026-01-01T00:01:00Z" } },
          lastState: { terminated: { reason: "Error", exitCode: 137, startedAt: "2026-01-01T00:00:00Z", finishedAt: "2026-01-01T00:00:59Z" } },
        },
      ],
    },
  };
  const text = describeObject(pod, { events: [], now });
  assert.match(text, /^Node: {13}vm\/192\.0\.2\.2$/m);
  assert.match(text, /^IPs: {14}<none>\nControlled By: {4}StatefulSet\/web$/m);
  assert.match(text, /^ {4}State: {10}Running\n {6}Started: {6}Thu, 01 Jan 2026 00:01:00 \+0000\n {4}Last State: {5}Terminated\n {6}Reason: {7}Error\n {6}Exit Code: {4}137\n/m);
  assert.match(text, /^ {4}Ready: {10}True\n {4}Restart Count: {2}1\n {4}Limits:\n {6}cpu: {5}500m\n {6}memory: {2}128Mi\n/m);
  assert.match(text, /^ {4}Liveness: {2}exec \[cat \/tmp\/healthy\] delay=5s timeout=1s period=5s #success=1 #failure=3$/m);
  assert.match(text, /^ {6}POD_NAME: {2}web-0 \(v1:metadata\.name\)\n {6}PASSWORD: {2}<set to the key 'password' in secret 'db'> {2}Optional: false\n/m);
  assert.match(text, /^ {6}\/usr\/share\/nginx\/html from www \(rw\)$/m);
  assert.match(text, /^ {2}www:\n {4}Type: {8}PersistentVolumeClaim \(a reference to a PersistentVolumeClaim in the same namespace\)\n {4}ClaimName: {3}www-web-0\n {4}ReadOnly: {4}false\n/m);
  assert.match(text, /^QoS Class: {7}Guaranteed$/m);
});

test("a Service: each port with its target and endpoints; a Secret shows sizes, never values", () => {
  const service = describeObject(
    { apiVersion: "v1", kind: "Service", metadata: { name: "web", namespace: "default" }, spec: { selector: { app: "web" }, ports: [{ name: "http", port: 80, targetPort: "http" }] } },
    { events: [], endpoints: (port) => (port === "http" ? "10.89.0.2:80,10.89.0.3:80" : "<none>"), now },
  );
  assert.match(service, /^Port: {14}http {2}80\/TCP\nTargetPort: {8}http\/TCP\nEndpoints: {9}10\.89\.0\.2:80,10\.89\.0\.3:80\nSession Affinity: {2}None\n/m);
  const secret = describeObject({ apiVersion: "v1", kind: "Secret", metadata: { name: "db", namespace: "default" }, data: { password: Buffer.from("hunter2").toString("base64") } }, { events: [], now });
  assert.match(secret, /^Type: {2}Opaque\n\nData\n====\npassword: {2}7 bytes\n/m);
  assert.ok(!secret.includes("hunter2") && !secret.includes(Buffer.from("hunter2").toString("base64")));
});
