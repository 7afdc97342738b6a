// "(did you mean …?)" for what a user mistyped on the command line: the server's options, the commands, receive's options.

/** Edit distance (insertions, deletions, substitutions), for finding what a typo meant. */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}

/** The name in `names` closest to `typed`, when it is close enough to be what was meant (a third of it, at least 2). */
function closest(typed: string, names: readonly string[]): string | undefined {
  const [best] = names.map((n) => [n, distance(typed, n)] as const).sort((x, y) => x[1] - y[1]);
  return best && best[1] <= Math.max(2, Math.floor(typed.length / 3)) ? best[0] : undefined;
}

/**
 * For node:util parseArgs' errors: " (did you mean --port?)" after `Unknown option '--prot'`, and for a word where none
 * is taken (`Unexpected argument 'recieve'`), the command it was close to. '' when nothing is close.
 */
export function suggestion(message: string, options: readonly string[], commands: readonly string[] = []): string {
  const option = /Unknown option '--?([^']+)'/.exec(message)?.[1];
  if (option !== undefined) {
    const meant = closest(option, options);
    return meant === undefined ? '' : ` (did you mean --${meant}?)`;
  }
  const word = /Unexpected argument '([^']+)'/.exec(message)?.[1];
  const meant = word === undefined ? undefined : closest(word, commands);
  return meant === undefined ? '' : ` (did you mean snapengage-mock ${meant}?)`;
}
