package dev.heliograph.live.bench.storm;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Counts a process's TCP sockets by peer address: the storm's crowds connect from 127.0.0.2 and
 * up, the canary, probes and the HTTP publisher from 127.0.0.1, so "sockets of the server whose
 * peer is not 127.0.0.1" is exactly what is left of the crowds on the server side. Joins the
 * process's {@code fd} links ({@code socket:[inode]}) with {@code /proc/net/tcp} and
 * {@code tcp6} (IPv4-mapped addresses), both read from the server's own network namespace.
 *
 * <p>Stateless.
 */
final class PeerSockets {
    private static final int LOCALHOST = 0x7F00_0001;

    private PeerSockets() {}

    /** The server's established TCP sockets whose peer is in 127.0.0.0/8 but not 127.0.0.1. */
    static int crowd(long pid) throws IOException {
        Set<Long> inodes = socketInodes(Path.of("/proc", Long.toString(pid), "fd"));
        int count = 0;
        for (String table : List.of("tcp", "tcp6")) {
            Path file = Path.of("/proc", Long.toString(pid), "net", table);
            if (!Files.exists(file)) {
                continue;
            }
            for (String line : Files.readAllLines(file)) {
                if (isCrowdPeer(line, inodes)) {
                    count++;
                }
            }
        }
        return count;
    }

    /**
     * Whether one {@code /proc/net/tcp[6]} row is a socket of {@code inodes} whose peer is a
     * loopback address other than 127.0.0.1. Rows read {@code sl local rem st ... uid timeout inode}.
     */
    static boolean isCrowdPeer(String row, Set<Long> inodes) {
        String[] f = row.trim().split("\\s+");
        if (f.length < 10 || !f[0].endsWith(":")) {
            return false; // the header
        }
        long inode;
        try {
            inode = Long.parseLong(f[9]);
        } catch (NumberFormatException e) {
            return false;
        }
        if (!inodes.contains(inode)) {
            return false;
        }
        int peer = ipv4(f[2]);
        return (peer >>> 24) == 127 && peer != LOCALHOST;
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
