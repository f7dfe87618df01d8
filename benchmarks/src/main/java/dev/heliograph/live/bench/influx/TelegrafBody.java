package dev.heliograph.live.bench.influx;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;

/**
 * A realistic Telegraf push body, built in code: the cpu, mem and disk input plugins as Telegraf
 * writes them (tags sorted, integers with {@code i}, floats in shortest form, one timestamp per
 * interval), repeated over intervals of 10 s until the wanted number of lines. Deterministic
 * (fixed seed).
 */
final class TelegrafBody {
    private TelegrafBody() {
    }

    static byte[] build(int lines) {
        Random random = new Random(20261122);
        StringBuilder sb = new StringBuilder(lines * 260);
        long time = 1_763_769_600_000_000_000L;
        int written = 0;
        String host = "web-prod-eu-west-1a-07";
        while (written < lines) {
            for (int cpu = -1; cpu < 8 && written < lines; cpu++, written++) {
                String name = cpu < 0 ? "cpu-total" : "cpu" + cpu;
                double user = random.nextDouble() * 30;
                double system = random.nextDouble() * 10;
                double iowait = random.nextInt(4) == 0 ? random.nextDouble() : 0;
                double idle = 100 - user - system - iowait;
                sb.append("cpu,cpu=").append(name).append(",host=").append(host)
                    .append(" usage_guest=0,usage_guest_nice=0,usage_idle=").append(shortest(idle))
                    .append(",usage_iowait=").append(shortest(iowait))
                    .append(",usage_irq=0,usage_nice=0,usage_softirq=").append(shortest(random.nextDouble() * 0.5))
                    .append(",usage_steal=0,usage_system=").append(shortest(system))
                    .append(",usage_user=").append(shortest(user))
                    .append(' ').append(time).append('\n');
            }
            if (written < lines) {
                long total = 16_729_509_888L;
                long used = 4_000_000_000L + random.nextInt(1_000_000_000);
                long available = total - used;
                sb.append("mem,host=").append(host)
                    .append(" active=").append(used - 100_000_000).append("i,available=").append(available)
                    .append("i,available_percent=").append(shortest(available * 100.0 / total))
                    .append(",buffered=1141792768i,cached=").append(5_000_000_000L + random.nextInt(100_000))
                    .append("i,free=").append(available - 5_000_000_000L)
                    .append("i,inactive=3254185984i,total=").append(total).append("i,used=").append(used)
                    .append("i,used_percent=").append(shortest(used * 100.0 / total))
                    .append(' ').append(time).append('\n');
                written++;
            }
            String[][] disks = {{"/", "nvme0n1p2", "ext4"}, {"/boot", "nvme0n1p1", "vfat"}, {"/var/lib/docker", "sdb1", "xfs"}};
            for (int d = 0; d < disks.length && written < lines; d++, written++) {
                long total = 250_790_436_864L >> d;
                long used = (long) (total * (0.2 + random.nextDouble() * 0.6));
                sb.append("disk,device=").append(disks[d][1]).append(",fstype=").append(disks[d][2])
                    .append(",host=").append(host).append(",mode=rw,path=").append(disks[d][0])
                    .append(" free=").append(total - used).append("i,inodes_free=").append(15_000_000 - random.nextInt(1_000_000))
                    .append("i,inodes_total=15597568i,inodes_used=").append(random.nextInt(1_000_000))
                    .append("i,total=").append(total).append("i,used=").append(used)
                    .append("i,used_percent=").append(shortest(used * 100.0 / total))
                    .append(' ').append(time).append('\n');
            }
            time += 10_000_000_000L;
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Go's strconv.FormatFloat(v, 'f', -1, 64), which Telegraf uses: shortest digits, no exponent. */
    private static String shortest(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        String s = new java.math.BigDecimal(Double.toString(v)).toPlainString();
        return s.toLowerCase(Locale.ROOT);
    }
}
