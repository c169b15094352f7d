package io.dataraven.secrets.config;

import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * A TLS socket factory that remembers the sockets it made, so that SnapStart priming can close every connection it
 * opened before the snapshot. A connection kept for reuse in the snapshot holds its TLS keys and record counters: a
 * copy restored soon enough (the JDK keeps an idle connection 60 s here) would reuse it, and every copy would then
 * encrypt its own request under the same key and nonce. Sockets are held weakly: one the JDK dropped is forgotten.
 */
final class TrackedSockets extends SSLSocketFactory {

    private final SSLSocketFactory delegate;
    private final Set<Socket> sockets = Collections.newSetFromMap(new WeakHashMap<>());

    TrackedSockets(SSLSocketFactory delegate) {
        this.delegate = delegate;
    }

    /** Closes every socket made so far that is still open; returns how many. */
    int closeAll() {
        List<Socket> open;
        synchronized (sockets) {
            open = new ArrayList<>(sockets);
            sockets.clear();
        }
        int closed = 0;
        for (Socket socket : open) {
            if (!socket.isClosed()) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // closing is best effort: a socket that fails to close is dead already
                }
                closed++;
            }
        }
        return closed;
    }

    private <S extends Socket> S track(S socket) {
        synchronized (sockets) {
            sockets.add(socket);
        }
        return socket;
    }

    @Override
    public Socket createSocket() throws IOException {
        return track(delegate.createSocket());
    }

    @Override
    public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
        return track(delegate.createSocket(socket, host, port, autoClose));
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return track(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return track(delegate.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return track(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return track(delegate.createSocket(address, port, localAddress, localPort));
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return delegate.getSupportedCipherSuites();
    }
}
