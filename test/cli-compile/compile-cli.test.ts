import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse, parseAllDocuments } from "yaml";

const mk = fileURLToPath(new URL("../../src/cli/mk.js", import.meta.url));

function run(args: string[], input?: string) {
  const p = spawnSync(process.execPath, [mk, ...args], { encoding: "utf8", input, env: { ...process.env, NO_COLOR: "1" } });
  return { status: p.status, stdout: p.stdout, stderr: p.stderr };
}

function project(main: string, extra: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "mk-cli-compile-"));
  writeFileSync(join(dir, "main.mkl"), main);
  for (const [name, text] of Object.entries(extra)) writeFileSync(join(dir, name), text);
  return dir;
}

const program = `import "k8s/core/v1" as core
param env: "dev" | "prod" = "dev"
param replicas: int = 1
emit [for i in range(replicas): core.ConfigMap { metadata: { name: "cfg-\${env}-\${i}" }, data: { port: "8080" } }]
`;

test("mk compile prints YAML documents on stdout, nothing on stderr, exit 0", () => {
  const dir = project(program);
  const r = run(["compile", dir, "-p", "env=prod", "--param", "replicas=2"]);
  assert.equal(r.stderr, "");
  assert.equal(r.status, 0);
  const docs = parseAllDocuments(r.stdout).map((d) => d.toJS());
  assert.deepEqual(docs.map((d) => d.metadata.name), ["cfg-prod-0", "cfg-prod-1"]);
  assert.equal(docs[0].data.port, "8080");
  assert.match(r.stdout, /^apiVersion: v1\nkind: ConfigMap\n/);
});

test("mk compile -o json prints a kind: List", () => {
  const dir = project(program);
  const r = run(["compile", join(dir, "main.mkl"), "-o", "json"]);
  assert.equal(r.status, 0, r.stderr);
  const list = JSON.parse(r.stdout);
  assert.equal(list.kind, "List");
  assert.deepEqual(list.items.map((o: { metadata: { name: string } }) => o.metadata.name), ["cfg-dev-0"]);
});

test("errors go to stderr (human or JSON), nothing to stdout, exit 1", () => {
  const dir = project(program);
  const human = run(["compile", dir, "-p", "replics=2"]);
  assert.equal(human.status, 1);
  assert.equal(human.stdout, "");
  assert.match(human.stderr, /error\[MK3015\]: unknown parameter `replics`/);
  assert.match(human.stderr, /did you mean `replicas`\?/);
  const json = run(["compile", dir, "-p", "replicas=many", "--error-format", "json"]);
  assert.equal(json.status, 1);
  const d = JSON.parse(json.stderr.trim().split("\n")[0]);
  assert.equal(d.code, "MK3016");
  assert.equal(d.span.start.line, 3);
  const malformed = run(["compile", dir, "-p", "replicas"]);
  assert.equal(malformed.status, 1);
  assert.match(malformed.stderr, /NAME=VALUE/);
});

test("schema problems found after evaluation are reported at the MKL source; --no-validate skips them", () => {
  const dir = project('import "k8s/core/v1" as core\nlet name = "Not_A_Name"\nemit core.ConfigMap { metadata: { name: name } }\n');
  const r = run(["compile", dir]);
  assert.equal(r.status, 1);
  assert.equal(r.stdout, "");
  assert.match(r.stderr, /--> .*main\.mkl:2:12/);
  const skipped = run(["compile", dir, "--no-validate"]);
  assert.equal(skipped.status, 0);
  assert.equal(parse(skipped.stdout).metadata.name, "Not_A_Name");
});

test("mk import prints MKL that mk compile turns back into the same objects", () => {
  const yaml = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web, "app.kubernetes.io/part-of": shop}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: nginx:1.25
          args: ["--port", "8080"]
          resources: {limits: {cpu: 500m, memory: 256Mi}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data:
  script: |
    #!/bin/sh
    echo "\${HOME}"
`;
  const imported = run(["import", "-"], yaml);
  assert.equal(imported.status, 0, imported.stderr);
  assert.match(imported.stdout, /import "k8s\/apps\/v1" as apps/);
  assert.match(imported.stdout, /emit apps\.Deployment \{/);
  const dir = project(imported.stdout);
  const compiled = run(["compile", dir]);
  assert.equal(compiled.status, 0, `${compiled.stderr}\n${imported.stdout}`);
  assert.deepEqual(parseAllDocuments(compiled.stdout).map((d) => d.toJS()), parseAllDocuments(yaml).map((d) => d.toJS()));
  const missing = run(["import", join(dir, "nope.yaml")]);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /MK6007/);
});
