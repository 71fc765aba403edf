package io.segstream.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The text encoding of a transaction file: UTF-8 when every byte sequence of the file is valid UTF-8 (with or without
 * a byte order mark), otherwise Windows-1252, the superset of ISO-8859-1 that spreadsheet exports on Windows write.
 * A Windows-1252 text with any accented letter or {@code £} is almost never valid UTF-8, so the test is safe; it
 * reads the whole file because one such byte may sit on the last line.
 */
public final class TextEncoding {

    /** The fallback for text that is not UTF-8. */
    public static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private TextEncoding() {
    }

    /**
     * The encoding of a plain or {@code .gz} text file.
     *
     * @throws IOException when the file cannot be read
     */
    public static Charset detect(Path file) throws IOException {
        try (InputStream in = RowSource.bytes(file)) {
            return isUtf8(in) ? StandardCharsets.UTF_8 : WINDOWS_1252;
        }
    }

    /** Whether the stream holds only well-formed UTF-8 (no overlong forms, surrogates or values past U+10FFFF). */
    static boolean isUtf8(InputStream in) throws IOException {
        byte[] buffer = new byte[1 << 16];
        int pending = 0;
        int lowest = 0x80;
        int highest = 0xBF;
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            for (int i = 0; i < n; i++) {
                int b = buffer[i] & 0xFF;
                if (pending > 0) {
                    if (b < lowest || b > highest) {
                        return false;
                    }
                    pending--;
                    lowest = 0x80;
                    highest = 0xBF;
                } else if (b >= 0x80) {
                    if (b >= 0xC2 && b <= 0xDF) {
                        pending = 1;
                    } else if (b >= 0xE0 && b <= 0xEF) {
                        pending = 2;
                        lowest = b == 0xE0 ? 0xA0 : 0x80;
                        highest = b == 0xED ? 0x9F : 0xBF;
                    } else if (b >= 0xF0 && b <= 0xF4) {
                        pending = 3;
                        lowest = b == 0xF0 ? 0x90 : 0x80;
                        highest = b == 0xF4 ? 0x8F : 0xBF;
                    } else {
                        return false;
                    }
                }
            }
        }
        return pending == 0;
    }
}
