import { test } from "node:test";
import assert from "node:assert/strict";
import { render } from "ink-testing-library";
import type { ApplyEvent } from "../../src/apply/events.js";
import { initialApplyViewState, reduceApplyView, type ApplyViewState } from "../../src/ui/apply-state.js";
import { ApplyView, bar } from "../../src/ui/apply-view.js";
import { ApplyViewStore, LiveApply } from "../../src/ui/live-view.js";
import { assertGolden } from "../schema-model/golden.js";
import { pollUntil } from "../e2e-support/poll.js";
import { brokenImageStream, rolloutStream, T0_MS } from "./recorded-streams.js";

function fold(stream: ApplyEvent[], upTo = stream.length): ApplyViewState {
  return stream.slice(0, upTo).reduce(reduceApplyView, initialApplyViewState);
}

/** The frame for the stream up to an event, at that event's time. */
function frame(stream: ApplyEvent[], upTo: number, columns = 80): string {
  const state = fold(stream, upTo);
  const now = Date.parse(stream[upTo - 1].time);
  const { lastFrame, unmount } = render(<ApplyView state={state} now={now} columns={columns} color={false} frame={0} />);
  const out = lastFrame() ?? "";
  unmount();
  return out;
}

function assertFits(out: string, columns: number) {
  for (const line of out.split("\n")) assert.ok([...line].length < columns, `line longer than ${columns - 1} columns: ${JSON.stringify(line)}`);
}

test("mid-rollout frame: rows in plan order with symbols, the bar, both ReplicaSets, pods and Events", () => {
  const stream = rolloutStream();
  const upTo = stream.findIndex((e) => e.type === "object_progress" && e.message.includes("2 out of 3")) + 2;
  const out = frame(stream, upTo);
  assertGolden("apply/rollout-mid.frame.txt", `${out}\n`);
  const lines = out.split("\n");
  const rowOf = (address: string) => lines.findIndex((l) => l.includes(address));
  assert.ok(rowOf("ConfigMap/web-settings") < rowOf("Service/web") && rowOf("Service/web") < rowOf("Deployment/web") && rowOf("Deployment/web") < rowOf("ConfigMap/old-settings"), "plan order");
  assert.match(lines[rowOf("ConfigMap/web-settings")], /^\s+~ ConfigMap\/web-settings\s+✓ ready/);
  assert.match(lines[rowOf("ConfigMap/old-settings")], /^\s+- ConfigMap\/old-settings\s+✓ deleted/);
  assert.match(lines[rowOf("Deployment/web")], /⠋ progressing 8s$/);
  assert.match(out, /\[█+░+\] updated 2\/3 · ready 3\/3 · available 3\/3/);
  assert.match(out, /new web-6f467856db 2\/2 · old web-7df84d68cf 2→2/);
  assert.match(out, /^      ○ web-6f467856db-sr42d Pending \(ContainerCreating\) not ready, 0 restarts$/m);
  assert.match(out, /^      ● web-7df84d68cf-vcxpw Running ready, 0 restarts$/m);
  assert.match(out, /^Events$/m);
  assert.match(out, /Warning Unhealthy \(x2\) Pod\/web-6f467856db-p84cw: Readiness probe failed: /);
  assert.match(out, /^  Normal  ScalingReplicaSet Deployment\/web: Scaled down replica set web-7df84d…$/m, "cut at the width, marked");
  assert.equal(out.match(/Unhealthy/g)?.length, 1, "a counted repeat replaces its line");
  assert.match(out, /Elapsed 8s · 3\/4 done · Ctrl-C stops cleanly/);
  assertFits(out, 80);
});

test("final frame: the summary with the time taken; converged workloads fold their pods", () => {
  const stream = rolloutStream();
  const out = frame(stream, stream.length);
  assertGolden("apply/rollout-final.frame.txt", `${out}\n`);
  assert.match(out, /Apply complete! Resources: 0 added, 2 changed, 1 destroyed\. Converged in 22s\./);
  assert.match(out, /~ Deployment\/web\s+✓ ready 21s/);
  assert.doesNotMatch(out, /web-6f467856db-p84cw Running/, "pods folded once converged");
  assert.doesNotMatch(out, /Elapsed/);
  const { lastFrame, unmount } = render(<ApplyView state={fold(stream)} now={T0_MS + 30_000} columns={80} color={false} frame={0} showAllPods />);
  assert.match(lastFrame() ?? "", /● web-6f467856db-p84cw Running ready, 0 restarts/, "key p shows them");
  unmount();
});

test("a broken image: the row fails in red words naming the pod, ImagePullBackOff and the Event", () => {
  const stream = brokenImageStream();
  const out = frame(stream, stream.length);
  assertGolden("apply/broken-image.frame.txt", `${out}\n`);
  assert.match(out, /\+ Deployment\/web\s+✗ failed 12s/);
  assert.match(out, /pod web-5d8c7b9f4-x2k4f: ImagePullBackOff: Failed to pull/);
  assert.match(out, /○ web-5d8c7b9f4-x2k4f Pending \(ImagePullBackOff\) not ready, 0 restarts/);
  assert.match(out, /Apply failed after 13s/);
});

test("narrow and resized terminals: every line is cut to the width, none wraps", () => {
  const stream = rolloutStream();
  const upTo = stream.findIndex((e) => e.type === "object_progress" && e.message.includes("2 out of 3")) + 2;
  const state = fold(stream, upTo);
  const now = Date.parse(stream[upTo - 1].time);
  const view = render(<ApplyView state={state} now={now} columns={100} color={false} frame={3} />);
  const wide = view.lastFrame() ?? "";
  assert.match(wide, /Normal  ScalingReplicaSet Deployment\/web: Scaled down replica set web-7df84d68cf from 3 to 2$/m, "wide enough for the whole message");
  assertFits(wide, 100);
  const rowsWide = wide.split("\n").length;
  view.rerender(<ApplyView state={state} now={now} columns={50} color={false} frame={3} />);
  const narrow = view.lastFrame() ?? "";
  assertFits(narrow, 50);
  assert.equal(narrow.split("\n").length, rowsWide, "the same lines, cut rather than wrapped");
  assert.match(narrow, /⠸ progressing/, "the spinner moves with the frame");
  view.unmount();
});

test("colour only when asked (NO_COLOR): no escape codes without it", () => {
  const stream = rolloutStream();
  const state = fold(stream);
  const plain = render(<ApplyView state={state} now={T0_MS} columns={80} color={false} frame={0} />);
  assert.doesNotMatch(plain.lastFrame() ?? "", /\u001b\[3\dm/);
  plain.unmount();
});

test("the live view redraws from the event store and stops at the summary", async () => {
  const store = new ApplyViewStore();
  const out = { columns: 80, on() {}, off() {} } as unknown as NodeJS.WriteStream;
  const view = render(<LiveApply store={store} out={out} color={false} tickMs={5} />);
  const stream = rolloutStream();
  // The frames drawn, not lastFrame(): once the view exits, Ink under CI=1 writes one bare newline.
  const drawn = (pattern: RegExp) => async () => (view.frames.some((f) => pattern.test(f)) ? true : undefined);
  store.dispatch(stream[0]);
  await pollUntil(drawn(/· waiting/), { timeoutMs: 5000, what: "the waiting row", intervalMs: 5 });
  assert.doesNotMatch(view.frames.join("\n"), /Apply complete!/);
  for (const e of stream.slice(1)) store.dispatch(e);
  await pollUntil(drawn(/Apply complete! Resources: 0 added, 2 changed, 1 destroyed/), { timeoutMs: 5000, what: "the summary", intervalMs: 5 });
  view.unmount();
});

test("the progress bar: available full, updated half, the rest empty", () => {
  assert.equal(bar(1, 2, 4), `[${"█".repeat(5)}${"▒".repeat(5)}${"░".repeat(10)}]`);
  assert.equal(bar(3, 3, 3), `[${"█".repeat(20)}]`);
  assert.equal(bar(0, 0, 0), `[${"█".repeat(20)}]`);
});

test("startLiveView: close() settles after the view exited at the summary (mkapply then exits 0)", async () => {
  const { Writable } = await import("node:stream");
  const { startLiveView } = await import("../../src/ui/live-view.js");
  let written = "";
  const out = Object.assign(
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        written += chunk.toString();
        callback();
      },
    }),
    { columns: 80, rows: 40 },
  ) as unknown as NodeJS.WriteStream;
  const view = startLiveView(out, { color: false });
  for (const e of rolloutStream()) view.handle(e);
  // close() comes after the view has exited by itself, as in mkapply.
  await pollUntil(async () => (written.includes("Apply complete!") ? true : undefined), { timeoutMs: 5000, what: "the summary", intervalMs: 10 });
  await new Promise((resolve) => setImmediate(resolve));
  const settled = await Promise.race([view.close().then(() => "closed"), new Promise((resolve) => setTimeout(resolve, 5000, "still open")).then(String)]);
  assert.equal(settled, "closed");
  assert.match(written, /Apply complete! Resources: 0 added, 2 changed, 1 destroyed/);
});
