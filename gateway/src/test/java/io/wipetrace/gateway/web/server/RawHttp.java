package io.wipetrace.gateway.web.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sends a request exactly as written, for what {@code java.net.http.HttpClient} refuses to send (control
 * characters, malformed escapes, TRACE, oversized headers), and reads the whole answer.
 */
public final class RawHttp {

    /**
     * An answer.
     *
     * @param status the status code
     * @param headers the headers, names in lower case
     * @param body the body (chunked bodies decoded)
     */
    public record Answer(int status, Map<String, String> headers, String body) {}

    private RawHttp() {}

    /**
     * @param port the server's port on loopback
     * @param requestLine e.g. {@code GET /x HTTP/1.1}
     * @param headers extra header lines, each without its CRLF
     * @return the answer
     * @throws IOException if the connection fails
     */
    public static Answer send(final int port, final String requestLine, final String... headers) throws IOException {
        final StringBuilder request = new StringBuilder(requestLine).append("\r\nHost: localhost\r\n");
        for (final String header : headers) {
            request.append(header).append("\r\n");
        }
        request.append("Connection: close\r\n\r\n");
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return parse(readAll(socket.getInputStream()));
        }
    }

    private static String readAll(final InputStream in) throws IOException {
        final ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        return all.toString(StandardCharsets.UTF_8);
    }

    private static Answer parse(final String raw) {
        final int end = raw.indexOf("\r\n\r\n");
        final String[] head = raw.substring(0, end < 0 ? raw.length() : end).split("\r\n");
        final int status = Integer.parseInt(head[0].split(" ")[1]);
        final Map<String, String> headers = new TreeMap<>();
        for (int i = 1; i < head.length; i++) {
            final int colon = head[i].indexOf(':');
            headers.put(head[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), head[i].substring(colon + 1).strip());
        }
        String body = end < 0 ? "" : raw.substring(end + 4);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = unchunk(body);
        }
        return new Answer(status, headers, body);
    }

    private static String unchunk(final String chunked) {
        final StringBuilder body = new StringBuilder();
        int at = 0;
        while (true) {
            final int lineEnd = chunked.indexOf("\r\n", at);
            final int size = Integer.parseInt(chunked.substring(at, lineEnd).split(";")[0].strip(), 16);
            if (size == 0) {
                return body.toString();
            }
            body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
    }
}
