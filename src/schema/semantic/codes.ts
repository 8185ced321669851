/**
 * The stable codes of the apiserver's semantic rules. docs/diagnostics.md lists them (a test checks
 * that every code here is documented there).
 */
export const SemanticCode = {
  // metadata
  invalidName: "MK5001",
  missingName: "MK5002",
  invalidGenerateName: "MK5003",
  invalidNamespace: "MK5004",
  namespaceOnClusterScoped: "MK5005",
  invalidLabelKey: "MK5006",
  invalidLabelValue: "MK5007",
  invalidAnnotations: "MK5008",
  nameTooLongForChildren: "MK5009",
  // selectors
  selectorRequired: "MK5010",
  invalidSelector: "MK5011",
  selectorMismatch: "MK5012",
  jobSelector: "MK5013",
  // pod spec and containers
  missingContainerPart: "MK5020",
  invalidContainerName: "MK5021",
  duplicateContainerName: "MK5022",
  portOutOfRange: "MK5023",
  invalidPortName: "MK5024",
  unsupportedProtocol: "MK5025",
  hostPortConflict: "MK5026",
  invalidVolumeName: "MK5027",
  volumeSourceCount: "MK5028",
  undeclaredVolume: "MK5029",
  invalidMountPath: "MK5030",
  handlerCount: "MK5031",
  probeNumbers: "MK5032",
  restartPolicy: "MK5033",
  invalidEnv: "MK5034",
  unsupportedPodValue: "MK5035",
  forbiddenInTemplate: "MK5036",
  invalidVolumeSource: "MK5037",
  // resources and quantities
  invalidQuantity: "MK5040",
  requestAboveLimit: "MK5041",
  invalidResourceName: "MK5042",
  negativeQuantity: "MK5043",
  // workload numbers and strategies
  negativeValue: "MK5050",
  unsupportedValue: "MK5051",
  surgeAndUnavailable: "MK5052",
  invalidIntOrPercent: "MK5053",
  rollingUpdateWithoutType: "MK5054",
  progressDeadline: "MK5055",
  completionMode: "MK5056",
  notPositive: "MK5057",
  // StatefulSet
  claimTemplate: "MK5060",
  noServiceName: "MK5061",
  // CronJob
  invalidSchedule: "MK5070",
  invalidTimeZone: "MK5071",
  // Service
  servicePortsRequired: "MK5080",
  servicePortName: "MK5081",
  servicePortNumber: "MK5082",
  nodePort: "MK5083",
  clusterIP: "MK5084",
  duplicateServicePort: "MK5085",
  serviceTraffic: "MK5086",
  // PersistentVolumeClaim
  accessModes: "MK5090",
  storageRequest: "MK5091",
  claimSpec: "MK5092",
  // HorizontalPodAutoscaler
  hpaReplicas: "MK5100",
  hpaTarget: "MK5101",
  hpaMetric: "MK5102",
  hpaBehavior: "MK5103",
  // ConfigMap and Secret
  notBase64: "MK5110",
  invalidDataKey: "MK5111",
  duplicateDataKey: "MK5112",
  dataTooLarge: "MK5113",
  secretType: "MK5114",
  // other kinds
  controllerRevision: "MK5120",
  nodeTaint: "MK5121",
} as const;

export type SemanticCodeName = keyof typeof SemanticCode;
