package dev.dsv3viz.model;

/**
 * The one error type the engine raises for bad input: a broken checkpoint, a wrong config, a prompt the
 * model cannot take. Its message is written for the person who chose the file, in plain words, and names
 * the file and the problem; callers can show it as it is.
 */
public class ModelException extends RuntimeException {
    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
