import { test } from "node:test";
import assert from "node:assert/strict";
import { parseByteSize, parsePercent, parseStats } from "../../../src/runtime/stats.js";

test("podman stats JSON (4.3 shape, values as text) is read defensively", () => {
  const sample = [
    { id: "41fcf6f7d076", name: "p_default_web-infra", cpu_time: "47.9ms", cpu_percent: "0.30%", avg_cpu: "0.30%", mem_usage: "266.2kB / 25.28GB", mem_percent: "0.00%", pids: "1" },
    { id: "86abdcd8dda0", name: "p_default_web_app", cpu_percent: "152.5%", mem_usage: "12.5MB / 25.28GB" },
    { ID: "aa11", Name: "newer", CPUPerc: "2.10%", MemUsage: "1.5MiB / 8GiB" },
    { id: "bad", cpu_percent: "n/a", mem_usage: "?" },
    "not a row",
  ];
  assert.deepEqual(parseStats(sample), [
    { id: "41fcf6f7d076", name: "p_default_web-infra", cpuMillis: 3, memoryBytes: 266200 },
    { id: "86abdcd8dda0", name: "p_default_web_app", cpuMillis: 1525, memoryBytes: 12_500_000 },
    { id: "aa11", name: "newer", cpuMillis: 21, memoryBytes: 1572864 },
  ]);
  assert.deepEqual(parseStats({ not: "a list" }), []);
  assert.deepEqual([parsePercent("2.10%"), parsePercent(3), parsePercent("x")], [2.1, 3, undefined]);
  assert.deepEqual([parseByteSize("0B"), parseByteSize("1GB"), parseByteSize("2KiB"), parseByteSize("5 parsecs")], [0, 1e9, 2048, undefined]);
});
