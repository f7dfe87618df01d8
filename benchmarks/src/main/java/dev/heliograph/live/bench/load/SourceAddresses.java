package dev.heliograph.live.bench.load;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Spreads client connections over loopback source addresses (127.0.0.2, 127.0.0.3, ...), a fixed
 * number per address, so one client machine can open more connections to one server port than the
 * ephemeral port range allows from a single source address (about 28,000 on Linux).
 *
 * <p>An immutable value; used by {@link LoadTool} on its main thread while it opens connections.
 */
public final class SourceAddresses {
    private static final int LOOPBACK_NET = 127 << 24;
    private static final int LOOPBACK_MASK = 0xFF00_0000;

    private final int first;
    private final int perAddress;

    private SourceAddresses(int first, int perAddress) {
        this.first = first;
        this.perAddress = perAddress;
    }

    /**
     * @param first the first source address, an IPv4 address in 127.0.0.0/8 such as {@code 127.0.0.2}
     * @param perAddress how many connections go to one address before moving to the next, 1 to 28,000
     */
    public static SourceAddresses startingAt(String first, int perAddress) {
        if (perAddress < 1 || perAddress > 28_000) {
            throw new IllegalArgumentException("connections per source address must be within 1..28000 "
                    + "(the Linux ephemeral port range holds about 28,000 ports), got " + perAddress);
        }
        return new SourceAddresses(loopbackIpv4(first, "source address"), perAddress);
    }

    /** The source address of the connection with this zero-based index. */
    public InetAddress addressFor(int connectionIndex) {
        if (connectionIndex < 0) {
            throw new IllegalArgumentException("connection index must be >= 0, got " + connectionIndex);
        }
        long address = (first & 0xFFFF_FFFFL) + connectionIndex / perAddress;
        if ((address & LOOPBACK_MASK) != LOOPBACK_NET || address == 0x7FFF_FFFFL) {
            throw new IllegalArgumentException("connection " + connectionIndex + " would need source address "
                    + toDotted((int) address) + ", outside 127.0.0.0/8 or its broadcast address: "
                    + "lower the connection count or raise the connections per source address");
        }
        return toInet((int) address);
    }

    /** The distinct source addresses the first {@code connections} connections use, in order. */
    public List<InetAddress> addressesFor(int connections) {
        List<InetAddress> addresses = new ArrayList<>();
        for (int i = 0; i < connections; i += perAddress) {
            addresses.add(addressFor(i));
        }
        return addresses;
    }

    /** How many connections share one source address. */
    public int perAddress() {
        return perAddress;
    }

    /** Parses a dotted IPv4 address and requires it to be in 127.0.0.0/8; the int is big-endian. */
    static int loopbackIpv4(String dotted, String what) {
        String[] parts = dotted.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException(what + " must be a dotted IPv4 address in 127.0.0.0/8, got '" + dotted + "'");
        }
        int value = 0;
        for (String part : parts) {
            int octet;
            try {
                octet = Integer.parseInt(part);
            } catch (NumberFormatException e) {
                octet = -1;
            }
            if (octet < 0 || octet > 255) {
                throw new IllegalArgumentException(what + " must be a dotted IPv4 address in 127.0.0.0/8, got '" + dotted + "'");
            }
            value = (value << 8) | octet;
        }
        if ((value & LOOPBACK_MASK) != LOOPBACK_NET) {
            throw new IllegalArgumentException(what + " must be in 127.0.0.0/8 (this tool only loads loopback), got '"
                    + dotted + "'");
        }
        return value;
    }

    private static String toDotted(int address) {
        return (address >>> 24 & 0xFF) + "." + (address >>> 16 & 0xFF) + "." + (address >>> 8 & 0xFF) + "." + (address & 0xFF);
    }

    private static InetAddress toInet(int address) {
        try {
            return InetAddress.getByAddress(new byte[] {
                (byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address
            });
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always a valid IPv4 address", e);
        }
    }
}
