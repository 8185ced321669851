/**
 * Picks how an apply is shown: the live Ink view on a terminal, the plain line log when standard
 * output is not a terminal or CI=true, one JSON event per line with --json. All three render the
 * same event stream (src/apply/events.ts).
 */
import { eventToJsonLine, type ApplyEvent } from "../apply/events.js";
import { PlainLog } from "./plain-log.js";

export type RenderMode = "live" | "plain" | "json";

export interface ApplyRenderer {
  handle(event: ApplyEvent): void;
  /** Flushes and stops timers; the live view leaves its final frame on screen. */
  close(): Promise<void>;
}

export function chooseRenderMode(options: { json: boolean; stdout: NodeJS.WriteStream; env: NodeJS.ProcessEnv }): RenderMode {
  if (options.json) return "json";
  const ci = options.env.CI !== undefined && options.env.CI !== "" && options.env.CI !== "false" && options.env.CI !== "0";
  return options.stdout.isTTY && !ci && options.env.TERM !== "dumb" ? "live" : "plain";
}

export async function createRenderer(mode: RenderMode, out: NodeJS.WriteStream, options: { color: boolean; tickMs?: number }): Promise<ApplyRenderer> {
  if (mode === "json") return { handle: (e) => void out.write(eventToJsonLine(e)), close: async () => {} };
  if (mode === "live") {
    const { startLiveView } = await import("./live-view.js");
    return startLiveView(out, { color: options.color });
  }
  const log = new PlainLog((text) => void out.write(text));
  const timer = setInterval(() => log.tick(new Date()), options.tickMs ?? 1000);
  timer.unref();
  return {
    handle: (e) => log.handle(e),
    close: async () => clearInterval(timer),
  };
}
