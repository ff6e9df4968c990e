package io.wipetrace.gateway.web.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
        return exchange(port, requestLine, "", headers);
    }

    /**
     * @param port the server's port on loopback
     * @param path the path to POST to
     * @param json the body, sent as {@code application/json} in UTF-8
     * @param headers extra header lines, each without its CRLF, sent in ISO-8859-1 as HTTP/1.1 defines
     * @return the answer
     * @throws IOException if the connection fails
     */
    public static Answer postJson(final int port, final String path, final String json, final String... headers)
            throws IOException {
        final String[] all = new String[headers.length + 2];
        all[0] = "Content-Type: application/json";
        all[1] = "Content-Length: " + json.getBytes(StandardCharsets.UTF_8).length;
        System.arraycopy(headers, 0, all, 2, headers.length);
        return exchange(port, "POST " + path + " HTTP/1.1", json, all);
    }

    private static Answer exchange(final int port, final String requestLine, final String body,
            final String... headers) throws IOException {
        final StringBuilder request = new StringBuilder(requestLine).append("\r\nHost: localhost\r\n");
        for (final String header : headers) {
            request.append(header).append("\r\n");
        }
        request.append("Connection: close\r\n\r\n");
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            return parse(readAll(socket.getInputStream()));
        }
    }

    private static byte[] readAll(final InputStream in) throws IOException {
        final ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        return all.toByteArray();
    }

    /** Chunk sizes count bytes, so the body is taken apart as bytes and only then read as UTF-8. */
    private static Answer parse(final byte[] raw) {
        final String text = new String(raw, StandardCharsets.ISO_8859_1);
        final int end = text.indexOf("\r\n\r\n");
        final String[] head = text.substring(0, end < 0 ? text.length() : end).split("\r\n");
        final int status = Integer.parseInt(head[0].split(" ")[1]);
        final Map<String, String> headers = new TreeMap<>();
        for (int i = 1; i < head.length; i++) {
            final int colon = head[i].indexOf(':');
            headers.put(head[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), head[i].substring(colon + 1).strip());
        }
        byte[] body = end < 0 ? new byte[0] : Arrays.copyOfRange(raw, end + 4, raw.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = unchunk(body);
        }
        return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] unchunk(final byte[] chunked) {
        final String text = new String(chunked, StandardCharsets.ISO_8859_1);
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        int at = 0;
        while (true) {
            final int lineEnd = text.indexOf("\r\n", at);
            final int size = Integer.parseInt(text.substring(at, lineEnd).split(";")[0].strip(), 16);
            if (size == 0) {
                return body.toByteArray();
            }
            body.write(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }
}
