// A reason the mock cannot start that the user can fix: the CLI prints its one-line message and exits 2, no stack trace.

export class BootError extends Error {
  readonly code = 'boot_failed';
  constructor(message: string) {
    super(message);
    this.name = 'BootError';
  }
}
