/**
 * Whether a string is a Kubernetes resource quantity (`500m`, `1.5Gi`, `2e3`): the grammar of
 * k8s.io/apimachinery's resource.Quantity. The checker uses it to accept string literals where a
 * `quantity` is expected and to reject ones that can never parse.
 */
const quantityPattern = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[KMGTPE]i|[numkMGTPE]|[eE][+-]?\d+)?$/;

export function isQuantityText(text: string): boolean {
  return quantityPattern.test(text);
}
