package dev.heliograph.live.bench.storm;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Sorts a process's socket descriptors by what is on the other end. The storm's crowds connect
 * from 127.0.0.2 and up; the canary, probes, the HTTP publisher and Redis talk over 127.0.0.1.
 * Joins the process's {@code fd} links ({@code socket:[inode]}) with {@code /proc/net/tcp} and
 * {@code tcp6} (IPv4-mapped addresses) read in the server's own network namespace.
 *
 * <p>A descriptor whose socket the kernel no longer lists is a connection that ended (reset,
 * closed by the peer) but that the server never closed: a leak the TCP table alone cannot show.
 *
 * <p>Stateless.
 */
final class PeerSockets {
    private static final int LOCALHOST = 0x7F00_0001;
    private static final String LISTEN = "0A";

    private PeerSockets() {}

    /**
     * @param descriptors socket descriptors the process holds
     * @param local connected to 127.0.0.1, or listening
     * @param crowd connected to another 127.0.0.0/8 address: what is left of the crowds
     * @param unlisted held but absent from the TCP tables: ended connections never closed (or non-TCP)
     */
    record Census(int descriptors, int local, int crowd, int unlisted) {
        /** Crowd connections plus descriptors of ended connections: zero once the storm has passed. */
        int leftOver() {
            return crowd + unlisted;
        }
    }

    static Census census(long pid) throws IOException {
        Set<Long> inodes = socketInodes(Path.of("/proc", Long.toString(pid), "fd"));
        Set<Long> listed = new HashSet<>();
        int local = 0;
        int crowd = 0;
        for (String table : List.of("tcp", "tcp6")) {
            Path file = Path.of("/proc", Long.toString(pid), "net", table);
            if (!Files.exists(file)) {
                continue;
            }
            for (String row : Files.readAllLines(file)) {
                Row r = Row.parse(row);
                if (r == null || !inodes.contains(r.inode) || !listed.add(r.inode)) {
                    continue;
                }
                boolean crowdPeer = (r.peer >>> 24) == 127 && r.peer != LOCALHOST;
                if (crowdPeer && !r.state.equals(LISTEN)) {
                    crowd++;
                } else {
                    local++;
                }
            }
        }
        return new Census(inodes.size(), local, crowd, inodes.size() - listed.size());
    }

    /** One {@code /proc/net/tcp[6]} row: {@code sl local rem st ... uid timeout inode ...}. */
    record Row(int peer, String state, long inode) {
        static Row parse(String row) {
            String[] f = row.trim().split("\\s+");
            if (f.length < 10 || !f[0].endsWith(":")) {
                return null; // the header
            }
            try {
                return new Row(ipv4(f[2]), f[3], Long.parseLong(f[9]));
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    /**
     * The IPv4 address of a {@code /proc/net/tcp} address field such as {@code 0100007F:1F90}
     * (host byte order, little-endian here) or its tcp6 IPv4-mapped form, whose last word is the
     * same; 0 when unreadable.
     */
    static int ipv4(String field) {
        int colon = field.indexOf(':');
        String hex = colon < 0 ? field : field.substring(0, colon);
        if (hex.length() < 8) {
            return 0;
        }
        long word;
        try {
            word = Long.parseLong(hex.substring(hex.length() - 8), 16);
        } catch (NumberFormatException e) {
            return 0;
        }
        return Integer.reverseBytes((int) word);
    }

    private static Set<Long> socketInodes(Path fdDir) throws IOException {
        Set<Long> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(fdDir)) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(Long.parseLong(target.substring(8, target.length() - 1)));
                    }
                } catch (IOException | NumberFormatException e) {
                    // closed meanwhile, or not a socket
                }
            }
        }
        return inodes;
    }
}
