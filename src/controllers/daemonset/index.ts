export { createDaemonSetController, DAEMONSET_CONTROLLER } from "./controller.js";
export { decideDaemonSet, daemonPod, scaledValue, type DaemonSetDecision, type DaemonSetInput } from "./decide.js";
export { nodeFit, DAEMON_TOLERATIONS, type NodeFit } from "./eligibility.js";
