// Makes the compiled command entry points executable (tsc does not preserve file modes).
import { chmodSync, existsSync } from "node:fs";

for (const bin of ["mk", "mkplan", "mkapply"]) {
  const file = new URL(`../dist/src/cli/${bin}.js`, import.meta.url);
  if (existsSync(file)) chmodSync(file, 0o755);
}
