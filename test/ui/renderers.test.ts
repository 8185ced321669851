import { test } from "node:test";
import assert from "node:assert/strict";
import { eventToJsonLine, type ApplyEvent } from "../../src/apply/events.js";
import { PlainLog } from "../../src/ui/plain-log.js";
import { assertGolden } from "../schema-model/golden.js";
import { brokenImageStream, rolloutStream } from "./recorded-streams.js";

/** The plain log of a recorded stream, ticked once a second as mkapply's timer does. */
function replayPlain(stream: ApplyEvent[]): string {
  let out = "";
  const log = new PlainLog((text) => (out += text));
  let clock = Date.parse(stream[0].time);
  for (const event of stream) {
    const t = Date.parse(event.time);
    for (let tick = clock + 1000; tick <= t; tick += 1000) log.tick(new Date(tick));
    clock = Math.max(clock, t - ((t - clock) % 1000));
    log.handle(event);
  }
  return out;
}

test("plain log of a rollout: Terraform's words, Still... every 10 s, a summary; no ANSI codes", () => {
  const out = replayPlain(rolloutStream());
  assertGolden("apply/rollout.plain.txt", out);
  assert.doesNotMatch(out, /\u001b\[/, "no escape codes");
  assert.match(out, /^Deployment\/web: Modifying\.\.\.$/m);
  assert.match(out, /^Deployment\/web: Still modifying\.\.\. \[10s elapsed\]$/m);
  assert.match(out, /^Deployment\/web: Still modifying\.\.\. \[20s elapsed\]$/m);
  assert.match(out, /^Deployment\/web: Modifications complete after 21s$/m);
  assert.match(out, /^ConfigMap\/old-settings: Destruction complete after 0s$/m);
  assert.match(out, /^Apply complete! Resources: 0 added, 2 changed, 1 destroyed\. Converged in 22s\.$/m);
  assert.doesNotMatch(out, /Service\/web/, "an unchanged object that was already converged says nothing");
  assert.equal(out.match(/Warning Unhealthy/g)?.length, 1, "a repeated Warning is printed once (until x10)");
});

test("plain log of a broken image: the failure names the pod, the reason and the Event", () => {
  const out = replayPlain(brokenImageStream());
  assertGolden("apply/broken-image.plain.txt", out);
  assert.match(out, /^Deployment\/web: Creation failed after 12s: pod web-5d8c7b9f4-x2k4f: ImagePullBackOff: Failed to pull image "localhost\/mk\/nope:1": image not known$/m);
  assert.match(out, /^Apply failed after 13s/m);
});

test("--json: one event per line, each a JSON object with the schema version on the plan", () => {
  for (const [name, stream] of [["rollout", rolloutStream()], ["broken-image", brokenImageStream()]] as const) {
    const text = stream.map(eventToJsonLine).join("");
    assertGolden(`apply/${name}.jsonl`, text);
    const lines = text.trimEnd().split("\n");
    assert.equal(lines.length, stream.length);
    const parsed = lines.map((l) => JSON.parse(l) as { type: string; time: string; version?: number });
    assert.equal(parsed[0].type, "plan");
    assert.equal(parsed[0].version, 1);
    assert.equal(parsed.at(-1)?.type, "apply_finished");
    for (const p of parsed) assert.match(p.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  }
});
