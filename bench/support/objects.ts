import type { JsonObject } from "../../src/schema/json.js";

/**
 * The objects the validation and planner benchmarks work on: a mix that looks like a real
 * service catalogue (half Deployments with resources, env and a config volume; Services;
 * ConfigMaps; a few Secrets). `changed` gives the variant a configuration change produces
 * (a new image tag and replica count, a new Service port, rotated data).
 */
export function makeObject(i: number, changed = false): JsonObject {
  const name = `app-${i}`;
  const labels = { app: name, tier: i % 2 === 0 ? "web" : "worker" };
  switch (i % 4) {
    case 0:
    case 1:
      return {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name, labels },
        spec: {
          replicas: (i % 5) + 1 + (changed && i % 8 === 0 ? 1 : 0),
          selector: { matchLabels: labels },
          template: {
            metadata: { labels },
            spec: {
              containers: [
                {
                  name: "main",
                  image: `registry.example.com/${name}:1.${i}.${changed ? 1 : 0}`,
                  ports: [{ containerPort: 8080 }],
                  env: ["A", "B", "C"].map((k) => ({ name: `VAR_${k}`, value: `${k}-${i}` })),
                  resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "512Mi" } },
                  volumeMounts: [{ name: "config", mountPath: "/etc/app" }],
                },
              ],
              volumes: [{ name: "config", configMap: { name: `app-${i + 3}` } }],
            },
          },
        },
      };
    case 2:
      return { apiVersion: "v1", kind: "Service", metadata: { name, labels }, spec: { selector: labels, ports: [{ name: "http", port: changed ? 8080 : 80, targetPort: 8080 }] } };
    default:
      return i % 8 === 7
        ? { apiVersion: "v1", kind: "Secret", metadata: { name, labels }, data: { token: Buffer.from(`token-${i}${changed ? "-rotated" : ""}`).toString("base64") } }
        : { apiVersion: "v1", kind: "ConfigMap", metadata: { name, labels }, data: { "app.properties": `name=${name}\nindex=${i}\nmode=${changed ? "fast" : "safe"}\n` } };
  }
}
