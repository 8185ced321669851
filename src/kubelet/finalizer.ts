/**
 * The kubelet's finalizer on every Pod it runs: added before anything is created in podman, so a
 * deleted Pod stays (Terminating) until its containers are stopped and removed, as on a node.
 */
export const FINALIZER = "mk.io/kubelet";
