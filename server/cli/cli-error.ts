// An expected failure: its message is printed as it is (no stack) and the CLI exits with its code.
export const EXIT_USER_ERROR = 1;
export const EXIT_SERVER_ERROR = 2;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: typeof EXIT_USER_ERROR | typeof EXIT_SERVER_ERROR = EXIT_USER_ERROR,
    readonly details: string[] = [],
  ) {
    super(message);
    this.name = "CliError";
  }
}
