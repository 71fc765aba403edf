package io.segstream.ingest;

import java.nio.file.Path;

/** A transaction file that cannot be read at all: missing, empty, unreadable or of an unknown layout. */
public final class TransactionFileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param file the file
     * @param line 1-based line the problem was found on, 0 when the file could not be opened
     * @param message what is wrong
     * @param cause underlying error, may be {@code null}
     */
    public TransactionFileException(Path file, long line, String message, Throwable cause) {
        super(file + (line > 0 ? ":" + line : "") + ": " + message, cause);
    }
}
