package dev.qwenimage.examples.server;

/** A request the service refuses, with the HTTP status and the offending parameter. */
final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    final int status;
    final String type;
    final String param;

    ApiException(int status, String type, String param, String message) {
        super(message);
        this.status = status;
        this.type = type;
        this.param = param;
    }

    static ApiException invalid(String param, String message) {
        return new ApiException(400, "invalid_request_error", param, message);
    }
}
