import assert from "node:assert/strict";
import { test } from "node:test";
import { parseSelectorText } from "../../src/store/selector-text.js";
import { selectorMatches } from "../../src/store/selector.js";

test("kubectl selector syntax: equality, inequality, set membership, existence", () => {
  const r = parseSelectorText("app=web, tier!=db,env in (prod, staging),!legacy,canary");
  assert.ok(r.ok);
  assert.deepEqual(r.selector, {
    matchLabels: { app: "web" },
    matchExpressions: [
      { key: "tier", operator: "NotIn", values: ["db"] },
      { key: "env", operator: "In", values: ["prod", "staging"] },
      { key: "legacy", operator: "DoesNotExist" },
      { key: "canary", operator: "Exists" },
    ],
  });
  assert.ok(selectorMatches(r.selector, { app: "web", env: "prod", canary: "" }));
  assert.ok(!selectorMatches(r.selector, { app: "web", env: "dev", canary: "" }));
});

test("malformed selectors are refused with the part that failed", () => {
  const r = parseSelectorText("app=web,env in ()");
  assert.ok(!r.ok);
  assert.match(r.message, /env in \(\)/);
  const s = parseSelectorText("a=b=c");
  assert.ok(!s.ok);
});
