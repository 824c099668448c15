package dev.lever.testing;

import io.restassured.RestAssured;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Requests written byte for byte, for what an HTTP client library would refuse to send or would repair: a path
 * with bad percent-encoding, a request line or header block over the limits, a chunked body. Loopback only.
 */
public final class RawHttp {

    /** A response: its status, its headers (names in lower case) and its body. */
    public record Response(int status, Map<String, String> headers, String body) {

        public String contentType() {
            return headers.getOrDefault("content-type", "");
        }
    }

    private RawHttp() {
    }

    /** Sends the request head (CRLF line ends added) and then the body, and reads the answer. */
    public static Response send(String head, byte[] body) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), RestAssured.port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((head.replace("\n", "\r\n") + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            try {
                if (body != null) {
                    out.write(body);
                }
                out.flush();
            } catch (IOException e) {
                // The server may answer and close before it has read the whole body; the answer is still there.
            }
            return read(socket.getInputStream());
        }
    }

    /** A chunked body of the given size, in chunks of 64 KiB. */
    public static byte[] chunked(int size, char fill) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int left = size;
        while (left > 0) {
            int chunk = Math.min(left, 65_536);
            out.writeBytes((Integer.toHexString(chunk) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(String.valueOf(fill).repeat(chunk).getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            left -= chunk;
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    private static Response read(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int headEnd = -1;
        int contentLength = -1;
        int status = 0;
        Map<String, String> headers = new LinkedHashMap<>();
        try {
            int n;
            while ((n = in.read(buffer)) > 0) {
                all.write(buffer, 0, n);
                String text = all.toString(StandardCharsets.ISO_8859_1);
                if (headEnd < 0 && (headEnd = text.indexOf("\r\n\r\n")) >= 0) {
                    String[] lines = text.substring(0, headEnd).split("\r\n");
                    status = Integer.parseInt(lines[0].split(" ")[1]);
                    for (int i = 1; i < lines.length; i++) {
                        int colon = lines[i].indexOf(':');
                        headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                                lines[i].substring(colon + 1).trim());
                    }
                    contentLength = Integer.parseInt(headers.getOrDefault("content-length", "-1"));
                }
                if (headEnd >= 0 && contentLength >= 0 && all.size() >= headEnd + 4 + contentLength) {
                    break;
                }
            }
        } catch (SocketTimeoutException | java.net.SocketException e) {
            // Whatever arrived before the connection went quiet or was reset is the answer.
        }
        if (headEnd < 0) {
            throw new IOException("no HTTP answer: " + all.toString(StandardCharsets.ISO_8859_1));
        }
        String body = all.toString(StandardCharsets.UTF_8).substring(headEnd + 4);
        return new Response(status, headers, contentLength >= 0 ? body.substring(0, Math.min(body.length(),
                contentLength)) : body);
    }
}
