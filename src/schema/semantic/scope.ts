/**
 * Kinds that are not namespaced. The list is small on purpose: the kinds mk manages plus the
 * well-known cluster-scoped kinds a manifest directory is likely to contain.
 */
const clusterScopedKinds = new Set([
  "Namespace",
  "Node",
  "PersistentVolume",
  "StorageClass",
  "ClusterRole",
  "ClusterRoleBinding",
  "CustomResourceDefinition",
  "PriorityClass",
  "IngressClass",
  "RuntimeClass",
  "CSIDriver",
  "CSINode",
  "VolumeAttachment",
  "APIService",
  "MutatingWebhookConfiguration",
  "ValidatingWebhookConfiguration",
  "ValidatingAdmissionPolicy",
  "ValidatingAdmissionPolicyBinding",
]);

export function isClusterScoped(kind: string): boolean {
  return clusterScopedKinds.has(kind);
}
