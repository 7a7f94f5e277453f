package dev.qwenimage.io;

import java.io.IOException;

/** Bytes that are not a float32 {@code .npy} array the SDK can read; the message says what is wrong. */
public final class NpyFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    /** @param message what is wrong with the file */
    public NpyFormatException(String message) {
        super(message);
    }
}
