/**
 * The error hierarchy of genrekit. Every error a user can cause is a `GenreKitError`
 * naming the file or parameter at fault and the reason.
 */

/** Base class of every error genrekit throws on purpose. `code` is stable for machines. */
export class GenreKitError extends Error {
  readonly code: string;
  constructor(message: string, code = 'GENREKIT_ERROR', options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** An audio file or byte buffer that cannot be read or decoded. `file` is the path or `<bytes>`. */
export class AudioDecodeError extends GenreKitError {
  readonly file: string;
  readonly reason: string;
  constructor(file: string, reason: string, options?: { cause?: unknown; code?: string }) {
    super(`${file}: ${reason}`, options?.code ?? 'AUDIO_DECODE', options);
    this.file = file;
    this.reason = reason;
  }
}

/** An option or argument outside its documented range. */
export class ParameterError extends GenreKitError {
  readonly parameter: string;
  constructor(parameter: string, reason: string) {
    super(`parameter '${parameter}': ${reason}`, 'PARAMETER');
    this.parameter = parameter;
  }
}

/** A saved model folder that is missing, corrupt or from an incompatible version. */
export class ModelFormatError extends GenreKitError {
  readonly path: string;
  constructor(path: string, reason: string) {
    super(`${path}: ${reason}`, 'MODEL_FORMAT');
    this.path = path;
  }
}

/** A dataset, CSV or split file whose content is wrong; names the file, row and column when known. */
export class DataFormatError extends GenreKitError {
  readonly file: string;
  readonly row?: number;
  readonly column?: string;
  constructor(file: string, reason: string, where: { row?: number; column?: string } = {}) {
    const at = [where.row !== undefined ? `row ${where.row}` : '', where.column !== undefined ? `column '${where.column}'` : '']
      .filter(Boolean)
      .join(', ');
    super(`${file}${at ? ` (${at})` : ''}: ${reason}`, 'DATA_FORMAT');
    this.file = file;
    this.row = where.row;
    this.column = where.column;
  }
}

/**
 * `err` as a typed error about `file`: a GenreKitError as it is; anything else (a parser reading
 * past a header cut short, say) an AudioDecodeError (CORRUPT) saying `what` went wrong.
 */
export function asDecodeError(file: string, err: unknown, what: string): GenreKitError {
  if (err instanceof GenreKitError) return err;
  return new AudioDecodeError(file, `${what}: ${err instanceof Error ? err.message : String(err)}`, { code: 'CORRUPT', cause: err });
}
