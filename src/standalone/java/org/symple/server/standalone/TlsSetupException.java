package org.symple.server.standalone;

/** The runner cannot serve TLS with its settings or files; the message names the setting and the file. */
final class TlsSetupException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    TlsSetupException(String message) {
        super(message);
    }
}
