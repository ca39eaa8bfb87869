// A file given on the command line that cannot be read. Its own module, so that the CLI can tell it apart without
// loading the modes that throw it.

/** A file given on the command line that cannot be read: exit code 2. */
export class InputError extends Error {
  readonly code = 'CLE_ERR_INPUT';
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}
