import { test } from "node:test";
import assert from "node:assert/strict";
import { containerCreateArgs } from "../../../src/runtime/container-spec.js";
import { maskEnvValues } from "../../../src/runtime/podman.js";

test("the podman trace shows environment names, never values (they may come from Secrets)", () => {
  const args = containerCreateArgs({ name: "c", pod: "p", labels: { a: "b" }, image: "i", env: [{ name: "PASSWORD", value: "hunter2=x" }, { name: "EMPTY", value: "" }], args: ["--env", "literal"] });
  const masked = maskEnvValues(args);
  assert.ok(args.includes("PASSWORD=hunter2=x"), "podman itself gets the value");
  assert.ok(masked.includes("PASSWORD=***") && masked.includes("EMPTY=***"));
  assert.ok(!masked.join(" ").includes("hunter2"));
  assert.deepEqual(masked.slice(-2), ["--env", "literal"], "an argument without = after --env is left alone");
});
