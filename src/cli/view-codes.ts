/** Diagnostic codes of the kubectl-like views (docs/diagnostics.md, MK9xxx). */
export const VIEW_CODES = {
  unknownResourceType: "MK9001",
  notFound: "MK9002",
  badSelector: "MK9003",
  badArgument: "MK9004",
  runtime: "MK9005",
} as const;
