/**
 * Terraform's single-dash spellings (`-out=FILE`, `-detailed-exitcode`, `-auto-approve`) are
 * accepted as aliases of the GNU long options, for people's habits. Only the listed names are
 * rewritten, so short option clusters such as `-o json` keep their meaning.
 */
export function normalizeSingleDashLongOptions(argv: readonly string[], longNames: readonly string[]): string[] {
  const names = new Set(longNames);
  return argv.map((arg) => {
    const m = /^-([a-z][a-z-]+)(=.*)?$/.exec(arg);
    if (!m || !names.has(m[1])) return arg;
    return `-${arg}`;
  });
}
