package io.segstream.analysis;

import java.nio.file.Path;

/** An analysis input that cannot be used at all; the message names the file, the line and the problem. */
public final class InputFileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param file the file
     * @param line 1-based line of the problem, 0 when the file could not be opened
     * @param message what is wrong
     */
    public InputFileException(Path file, long line, String message) {
        super(file + (line > 0 ? ":" + line : "") + ": " + message);
    }
}
