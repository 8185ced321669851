/**
 * CronJob schedules and time zones, checked the way the apiserver checks them: the schedule with
 * robfig/cron's standard parser (five fields or a descriptor such as `@hourly`), the time zone by
 * name against the IANA database (here: the one built into Node's Intl).
 *
 * The parsed form is exported so that a CronJob controller can compute run times from it.
 */

export interface CronFields {
  kind: "fields";
  minutes: number[];
  hours: number[];
  daysOfMonth: number[];
  months: number[];
  daysOfWeek: number[];
  /**
   * robfig/cron semantics: when day-of-month or day-of-week was written as `*` (or `?`), only the
   * other one restricts the day; when both are restricted, a day matching either one runs.
   */
  daysOfMonthStar: boolean;
  daysOfWeekStar: boolean;
}

/** `@every 1h30m`: a fixed interval (robfig/cron accepts it through ParseStandard). */
export interface CronEvery {
  kind: "every";
  seconds: number;
}

export type CronSchedule = CronFields | CronEvery;
export type CronParse = { ok: true; schedule: CronSchedule } | { ok: false; error: string };

interface FieldBounds {
  name: string;
  min: number;
  max: number;
  names?: Record<string, number>;
}

const months: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
const weekdays: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

const bounds: FieldBounds[] = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12, names: months },
  { name: "day of week", min: 0, max: 6, names: weekdays },
];

/** robfig/cron's descriptors and the five fields each stands for. */
export const CRON_DESCRIPTORS: Readonly<Record<string, string>> = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
};

/** Parses a CronJob `spec.schedule`. Errors are sentences for people, close to robfig/cron's. */
export function parseCronSchedule(schedule: string): CronParse {
  if (schedule.length === 0) return { ok: false, error: "empty schedule" };
  // The apiserver rejects any "TZ" in a new schedule (TZ=... and CRON_TZ=... prefixes) since 1.27.
  if (schedule.includes("TZ")) return { ok: false, error: "cannot use TZ or CRON_TZ in schedule, use the timeZone field instead" };
  const trimmed = schedule.trim();
  if (trimmed.startsWith("@")) return parseDescriptor(trimmed);
  const fields = trimmed.split(/\s+/).filter((f) => f !== "");
  if (fields.length !== 5) {
    return { ok: false, error: `expected exactly 5 fields (minute hour day-of-month month day-of-week), found ${fields.length}` };
  }
  const sets: number[][] = [];
  const stars: boolean[] = [];
  for (let i = 0; i < 5; i++) {
    const parsed = parseField(fields[i], bounds[i]);
    if (typeof parsed === "string") return { ok: false, error: parsed };
    sets.push(parsed.values);
    stars.push(parsed.star);
  }
  return {
    ok: true,
    schedule: {
      kind: "fields",
      minutes: sets[0],
      hours: sets[1],
      daysOfMonth: sets[2],
      months: sets[3],
      daysOfWeek: sets[4],
      daysOfMonthStar: stars[2],
      daysOfWeekStar: stars[4],
    },
  };
}

function parseDescriptor(text: string): CronParse {
  const every = /^@every\s+(.*)$/.exec(text);
  if (every) {
    const seconds = parseGoDuration(every[1].trim());
    if (seconds === undefined) return { ok: false, error: `failed to parse duration \`${every[1].trim()}\` in \`${text}\` (use Go durations like 90s, 15m or 1h30m)` };
    return { ok: true, schedule: { kind: "every", seconds } };
  }
  const expansion = CRON_DESCRIPTORS[text];
  if (expansion === undefined) {
    return { ok: false, error: `unrecognized descriptor \`${text}\`; known ones are ${Object.keys(CRON_DESCRIPTORS).join(", ")} and @every <duration>` };
  }
  return parseCronSchedule(expansion);
}

function parseField(field: string, b: FieldBounds): { values: number[]; star: boolean } | string {
  const values = new Set<number>();
  let star = false;
  for (const part of field.split(",")) {
    const range = parseRange(part, b);
    if (typeof range === "string") return range;
    for (let v = range.start; v <= range.end; v += range.step) values.add(v);
    // robfig/cron: a bare `*` or `?` (step 1) marks the field as unrestricted for the day rule.
    if (range.star && range.step === 1) star = true;
  }
  return { values: [...values].sort((x, y) => x - y), star };
}

function parseRange(expr: string, b: FieldBounds): { start: number; end: number; step: number; star: boolean } | string {
  const rangeAndStep = expr.split("/");
  if (rangeAndStep.length > 2) return `too many slashes in ${b.name} field: \`${expr}\``;
  const lowAndHigh = rangeAndStep[0].split("-");
  if (lowAndHigh.length > 2) return `too many hyphens in ${b.name} field: \`${expr}\``;
  let start: number;
  let end: number;
  let star = false;
  if (lowAndHigh[0] === "*" || lowAndHigh[0] === "?") {
    if (lowAndHigh.length > 1) return `a range cannot start with \`*\` in ${b.name} field: \`${expr}\``;
    start = b.min;
    end = b.max;
    star = true;
  } else {
    const low = parseValue(lowAndHigh[0], b, expr);
    if (typeof low === "string") return low;
    start = low;
    if (lowAndHigh.length === 2) {
      const high = parseValue(lowAndHigh[1], b, expr);
      if (typeof high === "string") return high;
      end = high;
    } else {
      end = start;
    }
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    const parsed = parseNonNegativeInt(rangeAndStep[1]);
    if (parsed === undefined) return `the step in \`${expr}\` (${b.name} field) is not a number`;
    step = parsed;
    // `N/step` means `N-max/step`.
    if (lowAndHigh.length === 1 && !star) end = b.max;
  }
  if (start < b.min) return `${b.name} ${start} is below the minimum ${b.min} in \`${expr}\``;
  if (end > b.max) return `${b.name} ${end} is above the maximum ${b.max} in \`${expr}\``;
  if (start > end) return `the range \`${expr}\` in the ${b.name} field starts after it ends`;
  if (step === 0) return `the step in \`${expr}\` (${b.name} field) must be a positive number`;
  return { start, end, step, star };
}

function parseValue(text: string, b: FieldBounds, expr: string): number | string {
  if (b.names) {
    const named = b.names[text.toLowerCase()];
    if (named !== undefined) return named;
  }
  const n = parseNonNegativeInt(text);
  if (n === undefined) {
    const known = b.names ? ` (or one of ${Object.keys(b.names).join(", ")})` : "";
    return `\`${text}\` is not a valid ${b.name}${known} in \`${expr}\``;
  }
  return n;
}

function parseNonNegativeInt(text: string): number | undefined {
  if (!/^\+?[0-9]+$/.test(text)) return undefined;
  return Number(text);
}

const durationUnits: Record<string, number> = { ns: 1e-9, us: 1e-6, "µs": 1e-6, "μs": 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

/** Go's time.ParseDuration, in seconds: `1h30m`, `90s`, `1.5h`, `0`. */
export function parseGoDuration(text: string): number | undefined {
  let rest = text;
  let sign = 1;
  if (rest.startsWith("-") || rest.startsWith("+")) {
    sign = rest.startsWith("-") ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === "0") return 0;
  if (rest === "") return undefined;
  let total = 0;
  const part = /^([0-9]*(?:\.[0-9]*)?)(ns|us|µs|μs|ms|s|m|h)/;
  while (rest !== "") {
    const m = part.exec(rest);
    if (!m || m[1] === "" || m[1] === ".") return undefined;
    total += Number(m[1]) * durationUnits[m[2]];
    rest = rest.slice(m[0].length);
  }
  return sign * total;
}

const timeZonePart = /^[A-Za-z.\-_0-9+]{1,14}$/;

/**
 * Checks a CronJob `spec.timeZone`. Returns a problem or undefined. Names are looked up in the
 * IANA database that Node's Intl carries; like Go's time.LoadLocation on Linux the lookup is
 * case-sensitive, so `america/new_york` is rejected with the right spelling as help.
 */
export function timeZoneProblem(timeZone: string): { message: string; suggestion?: string } | undefined {
  if (timeZone.length === 0) return { message: "timeZone must be omitted or a non-empty IANA time zone name" };
  for (const part of timeZone.split("/")) {
    if (part === "." || part === ".." || part.startsWith("-") || !timeZonePart.test(part)) return { message: `unknown time zone \`${timeZone}\`` };
  }
  if (timeZone.toLowerCase() === "local") return { message: "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones, not `Local`" };
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat("en-US", { timeZone }).resolvedOptions().timeZone;
  } catch {
    return { message: `unknown time zone \`${timeZone}\`` };
  }
  if (resolved !== timeZone && resolved.toLowerCase() === timeZone.toLowerCase()) {
    return { message: `unknown time zone \`${timeZone}\` (time zone names are case-sensitive)`, suggestion: resolved };
  }
  return undefined;
}
