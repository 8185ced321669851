/**
 * The live view on a terminal: the apply event stream folded into ApplyViewState and drawn by
 * ApplyView, redrawn on every event and ten times a second (spinner, elapsed), resized with the
 * terminal. Key `p` shows the pods of every workload (when standard input is a terminal).
 */
import { render, useApp, useInput, useStdin } from "ink";
import { useEffect, useState, useSyncExternalStore } from "react";
import type { ApplyEvent } from "../apply/events.js";
import { initialApplyViewState, reduceApplyView, type ApplyViewState } from "./apply-state.js";
import { ApplyView, type ApplyViewProps } from "./apply-view.js";
import type { ApplyRenderer } from "./renderer.js";

/** The folded state, for useSyncExternalStore. */
export class ApplyViewStore {
  private state: ApplyViewState = initialApplyViewState;
  private readonly listeners = new Set<() => void>();

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly snapshot = (): ApplyViewState => this.state;

  dispatch(event: ApplyEvent): void {
    this.state = reduceApplyView(this.state, event);
    for (const l of this.listeners) l();
  }
}

function useColumns(stream: NodeJS.WriteStream): number {
  const [columns, setColumns] = useState(stream.columns || 80);
  useEffect(() => {
    const onResize = () => setColumns(stream.columns || 80);
    stream.on("resize", onResize);
    return () => void stream.off("resize", onResize);
  }, [stream]);
  return columns;
}

function Keys(props: { onTogglePods: () => void }) {
  useInput((input, key) => {
    if (input === "p") props.onTogglePods();
    // In raw mode Ctrl-C is a key, not a signal: hand it to mkapply's SIGINT handler (a clean stop).
    if (key.ctrl && input === "c") process.kill(process.pid, "SIGINT");
  });
  return null;
}

export function LiveApply(props: { store: ApplyViewStore; out: NodeJS.WriteStream; color: boolean; tickMs?: number; summary?: ApplyViewProps["summary"] }) {
  const state = useSyncExternalStore(props.store.subscribe, props.store.snapshot);
  const columns = useColumns(props.out);
  const [now, setNow] = useState(Date.now());
  const [frame, setFrame] = useState(0);
  const [showAllPods, setShowAllPods] = useState(false);
  const { isRawModeSupported } = useStdin();
  const { exit } = useApp();
  const finished = state.finished !== undefined;
  useEffect(() => {
    if (finished) {
      setNow(Date.now());
      exit();
      return;
    }
    const timer = setInterval(() => {
      setNow(Date.now());
      setFrame((f) => f + 1);
    }, props.tickMs ?? 100);
    return () => clearInterval(timer);
  }, [finished, exit, props.tickMs]);
  return (
    <>
      {isRawModeSupported && !finished ? <Keys onTogglePods={() => setShowAllPods((v) => !v)} /> : null}
      <ApplyView state={state} now={now} columns={columns} color={props.color} frame={frame} showAllPods={showAllPods} {...(props.summary ? { summary: props.summary } : {})} />
    </>
  );
}

export function startLiveView(out: NodeJS.WriteStream, options: { color: boolean; summary?: ApplyViewProps["summary"] }): ApplyRenderer {
  const store = new ApplyViewStore();
  // Ctrl-C stays a signal for mkapply (a clean stop), not Ink's exit.
  const instance = render(<LiveApply store={store} out={out} color={options.color} {...(options.summary ? { summary: options.summary } : {})} />, { stdout: out, exitOnCtrlC: false, patchConsole: false });
  // Ink makes the exit promise on the first call: asked for only after the view exited, it never settles.
  const exited = instance.waitUntilExit();
  return {
    handle: (event) => store.dispatch(event),
    close: async () => {
      if (store.snapshot().finished === undefined) instance.unmount();
      await exited;
    },
  };
}
