export { createEndpointsController, type EndpointsControllerOptions } from "./endpoints-controller.js";
export { BridgePinner } from "./bridge-pin.js";
export { serviceEndpoints, hasEndpoints, formatEndpoints, type EndpointSet, type EndpointAddress, type EndpointPort } from "./endpoints.js";
export { readServiceEndpoints } from "./read-endpoints.js";
export { dnsNames, CLUSTER_DOMAIN } from "./dns-names.js";
export { syncNamespaceDns, type DnsSyncReport } from "./dns-sync.js";
export { NodePortProxy } from "./tcp-proxy.js";
export { NODE_PORT_RANGE, allocateNodePorts } from "./node-ports.js";
