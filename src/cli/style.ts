/**
 * Bold and colour for the terminal, by hand: six SGR codes do not justify a dependency, and the rules for when to use
 * them (below) are this CLI's, not a library's guess.
 */

/** Decorations the CLI uses; each returns its text unchanged when colour is off. */
export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

const sgr = (open: number, close: number) => (text: string) => (text ? `\u001b[${open}m${text}\u001b[${close}m` : text);

/** ANSI bold and colours. */
export const ansi: Style = {
  bold: sgr(1, 22),
  dim: sgr(2, 22),
  red: sgr(31, 39),
  yellow: sgr(33, 39),
  cyan: sgr(36, 39),
};

/** No decoration at all. */
export const plain: Style = {
  bold: (t) => t,
  dim: (t) => t,
  red: (t) => t,
  yellow: (t) => t,
  cyan: (t) => t,
};

/**
 * Whether to decorate output, as Node itself decides: `FORCE_COLOR` set turns colour on even without a terminal, unless
 * it is `0` or `false`, which turn it off; otherwise a non-empty `NO_COLOR` turns it off (https://no-color.org);
 * otherwise colour goes to a terminal that is not `TERM=dumb`.
 */
export function wantsColor(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !/^(0|false)$/i.test(force.trim());
  if (env.NO_COLOR) return false;
  return isTTY && env.TERM !== 'dumb';
}
