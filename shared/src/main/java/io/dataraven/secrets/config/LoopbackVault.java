package io.dataraven.secrets.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * SnapStart priming's stand-in for a vault's HTTP API: a plain socket on the loopback interface that answers every
 * request with one small JSON success, so the real vault clients' request path (OutboundHttp, our provider
 * code) runs before the snapshot without leaving the machine. A raw socket, not com.sun.net.httpserver: that module
 * need not be in a runtime image. Never reached by anything but the priming's own clients.
 */
final class LoopbackVault implements AutoCloseable {

    /** What Doppler's and Infisical's checks read as success (extra fields are ignored by each). */
    private static final byte[] BODY = "{\"success\":true,\"names\":[],\"secrets\":{},\"accessToken\":\"priming\",\"expiresIn\":60}"
            .getBytes(StandardCharsets.US_ASCII);

    private static final int TLS_HANDSHAKE = 22;
    /** A TLS 1.2 record: alert (21), version 3.3, length 2, fatal (2), handshake_failure (40). */
    private static final byte[] TLS_HANDSHAKE_FAILURE = {21, 3, 3, 0, 2, 2, 40};

    private final ServerSocket server;
    private final Thread acceptor;

    LoopbackVault() throws IOException {
        server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::serve, "snapstart-priming-vault");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /**
     * The same socket as an https URL under a host name (as every real provider's): a client's TLS setup and
     * ClientHello run, and the answer is a TLS alert, so the handshake fails at once instead of waiting on a timeout.
     */
    String tlsUrl() {
        return "https://localhost:" + server.getLocalPort();
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                socket.setSoTimeout(2_000);
                answer(socket);
            } catch (IOException closedOrBroken) {
                // closed by close(), or a client that went away: either way nothing to answer
            }
        }
    }

    /**
     * Reads one request (headers, then a Content-Length body if any) and answers 200 with {@link #BODY}; a TLS
     * ClientHello (a handshake record, first byte 22) gets a fatal handshake_failure alert instead.
     */
    private static void answer(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        int b = in.read();
        if (b == TLS_HANDSHAKE) {
            // The rest of the record (version, length, body) is read first: closing over unread bytes would reset
            // the connection before the client reads the alert.
            byte[] header = in.readNBytes(4);
            if (header.length == 4) {
                in.readNBytes(((header[2] & 0xff) << 8) | (header[3] & 0xff));
            }
            socket.getOutputStream().write(TLS_HANDSHAKE_FAILURE);
            socket.getOutputStream().flush();
            return;
        }
        for (; b != -1; b = in.read()) {
            head.append((char) b);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        for (String line : head.toString().split("\r\n")) {
            if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
                in.readNBytes(Integer.parseInt(line.substring(15).strip()));
            }
        }
        OutputStream out = socket.getOutputStream();
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + BODY.length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(BODY);
        out.flush();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }
}
