package io.dataraven.secrets.verify;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Which addresses a verification may call. A request names the endpoint and we sign a request to it, so it must
 * not reach what only the function can: Lambda's Runtime API (127.0.0.1:9001), the metadata service
 * (169.254.169.254), a VPC's private ranges.
 */
public final class Addresses {

    private Addresses() {
    }

    public static boolean isPublic(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            // 0/8 ("this network"), 100.64/10 (carrier-grade NAT), 192.0.0/24 (protocol assignments)
            return first != 0 && !(first == 100 && second >= 64 && second < 128)
                    && !(first == 192 && second == 0 && (b[2] & 0xff) == 0);
        }
        if (address instanceof Inet6Address) {
            // fc00::/7 unique-local; an IPv4-mapped address is judged as its IPv4 address by the JDK already
            return (b[0] & 0xfe) != 0xfc;
        }
        return false;
    }
}
