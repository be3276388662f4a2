/** Where the CLI writes; passed in so tests read what a user would see. */
export interface Io {
  out(line: string): void;
  err(line: string): void;
}

/** The process's own stdout and stderr. */
export const processIo: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};
