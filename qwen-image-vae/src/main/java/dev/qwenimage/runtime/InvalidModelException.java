package dev.qwenimage.runtime;

import java.nio.file.Path;

/**
 * A model folder, or one file in it, does not follow the model-folder contract: a file is missing, unreadable,
 * malformed, or a network's inputs and outputs are not the ones the pipeline feeds. The message names the file and
 * what is wrong with it.
 */
public class InvalidModelException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /**
     * @param file the offending file or folder
     * @param problem what is wrong, in words a user can act on
     */
    public InvalidModelException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    /**
     * @param file the offending file or folder
     * @param problem what is wrong
     * @param cause the underlying error
     */
    public InvalidModelException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** @return the file or folder the problem is in */
    public Path file() {
        return file;
    }
}
