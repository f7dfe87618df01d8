package dev.heliograph.live.bench.metrics;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;

/**
 * Scrapes a node's Prometheus {@code /metrics} once a second for a while, then draws the key
 * series of the Grafana dashboard ({@code docs/grafana/heliograph-live-dashboard.json}) into one
 * PNG with Java2D: connections, publications in/s by source, deliveries/s, bytes out/s, messages
 * per frame, 3008 closes, command errors/s, command duration p99 (from the histogram buckets),
 * engine up. It stands in for a Grafana screenshot where Grafana cannot be installed: the same
 * queries, computed here from consecutive scrapes.
 *
 * <p>{@code MetricsScrapePlot <metrics url> <user:password> <seconds> <out.png>}; run by
 * {@code benchmarks/scripts/metrics-load.sh}. Single-use, main thread only.
 */
public final class MetricsScrapePlot {
    private static final Color[] COLORS = {new Color(0x1F77B4), new Color(0xD62728), new Color(0x2CA02C),
            new Color(0x9467BD), new Color(0xFF7F0E), new Color(0x8C564B)};

    private MetricsScrapePlot() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: MetricsScrapePlot <metrics url> <user:password> <seconds> <out.png>");
            System.exit(2);
        }
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(args[0]))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(args[1].getBytes(StandardCharsets.UTF_8)))
                .build();
        int seconds = Integer.parseInt(args[2]);
        List<Map<String, Double>> scrapes = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i <= seconds; i++) {
            long due = start + i * 1_000_000_000L;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            try {
                HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                scrapes.add(r.statusCode() == 200 ? parse(r.body()) : Map.of());
            } catch (java.io.IOException e) {
                scrapes.add(Map.of()); // the server is busy or gone: a gap
            }
        }
        draw(scrapes, Path.of(args[3]));
        System.out.println("wrote " + args[3] + " from " + scrapes.size() + " scrapes");
    }

    /** Sample lines {@code name{labels} value} keyed by {@code name{labels}}. */
    static Map<String, Double> parse(String text) {
        Map<String, Double> out = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            try {
                out.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
                // not a sample line
            }
        }
        return out;
    }

    /** Sum of the samples of {@code name} whose labels contain {@code labelPart} (empty: all). */
    private static double sum(Map<String, Double> scrape, String name, String labelPart) {
        double s = 0;
        boolean any = false;
        for (Map.Entry<String, Double> e : scrape.entrySet()) {
            String k = e.getKey();
            if ((k.equals(name) || k.startsWith(name + "{")) && k.contains(labelPart)) {
                s += e.getValue();
                any = true;
            }
        }
        return any ? s : Double.NaN;
    }

    private static double rate(List<Map<String, Double>> s, int i, String name, String labels) {
        return i == 0 ? Double.NaN : sum(s.get(i), name, labels) - sum(s.get(i - 1), name, labels);
    }

    /** p99 of the command duration over the last second, from the bucket increases (all methods). */
    private static double p99(Map<String, Double> now, Map<String, Double> before) {
        TreeMap<Double, Double> buckets = new TreeMap<>();
        String name = "heliograph_live_client_command_duration_seconds_bucket{";
        for (Map.Entry<String, Double> e : now.entrySet()) {
            if (!e.getKey().startsWith(name)) {
                continue;
            }
            int le = e.getKey().indexOf("le=\"");
            String bound = e.getKey().substring(le + 4, e.getKey().indexOf('"', le + 4));
            double upper = bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound);
            double delta = e.getValue() - before.getOrDefault(e.getKey(), 0.0);
            buckets.merge(upper, delta, Double::sum);
        }
        double total = buckets.isEmpty() ? 0 : buckets.lastEntry().getValue();
        if (total <= 0) {
            return Double.NaN;
        }
        for (Map.Entry<Double, Double> b : buckets.entrySet()) {
            if (b.getValue() >= 0.99 * total) {
                return b.getKey().isInfinite() ? Double.NaN : b.getKey() * 1000; // ms, the bucket's upper bound
            }
        }
        return Double.NaN;
    }

    private static void draw(List<Map<String, Double>> s, Path out) throws java.io.IOException {
        int n = s.size();
        Map<String, Map<String, double[]>> panels = new LinkedHashMap<>();
        panels.put("Client connections", series(n, Map.of("open", i -> sum(s.get(i), "heliograph_live_client_connections", ""))));
        Map<String, java.util.function.IntToDoubleFunction> sources = new LinkedHashMap<>();
        for (String source : List.of("client", "http", "server", "push", "stream")) {
            sources.put(source, i -> rate(s, i, "heliograph_live_node_publications_total", "source=\"" + source + "\""));
        }
        panels.put("Publications in / s by source", series(n, sources));
        panels.put("Deliveries / s (messages sent)", series(n, Map.of("messages",
                i -> rate(s, i, "heliograph_live_transport_messages_sent_total", ""))));
        panels.put("Bytes out / s (MB)", series(n, Map.of("MB/s",
                i -> rate(s, i, "heliograph_live_transport_sent_bytes_total", "") / 1e6)));
        panels.put("Messages per frame (batching)", series(n, Map.of("messages / frame",
                i -> rate(s, i, "heliograph_live_transport_messages_sent_total", "")
                        / rate(s, i, "heliograph_live_transport_frames_sent_total", ""))));
        panels.put("Slow clients closed (3008), total", series(n, Map.of("3008",
                i -> sum(s.get(i), "heliograph_live_client_slow_closed_total", ""))));
        panels.put("Command errors / s", series(n, Map.of("all codes",
                i -> rate(s, i, "heliograph_live_client_command_errors_total", ""))));
        panels.put("Command duration p99 (ms, bucket bound)", series(n, Map.of("p99",
                i -> i == 0 ? Double.NaN : p99(s.get(i), s.get(i - 1)))));
        panels.put("Engine (Redis) up", series(n, Map.of("up", i -> sum(s.get(i), "heliograph_live_engine_up", ""))));

        int cols = 3;
        int pw = 520;
        int ph = 260;
        int rows = (panels.size() + cols - 1) / cols;
        BufferedImage img = new BufferedImage(cols * pw, rows * ph + 30, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(0x181B1F));
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.WHITE);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString("Heliograph Live /metrics during a load run (rendered from Prometheus scrapes, not a Grafana screenshot)",
                12, 20);
        int k = 0;
        for (Map.Entry<String, Map<String, double[]>> p : panels.entrySet()) {
            panel(g, p.getKey(), p.getValue(), (k % cols) * pw, 30 + (k / cols) * ph, pw, ph, n);
            k++;
        }
        g.dispose();
        ImageIO.write(img, "png", out.toFile());
    }

    private static Map<String, double[]> series(int n, Map<String, java.util.function.IntToDoubleFunction> f) {
        Map<String, double[]> out = new LinkedHashMap<>();
        f.forEach((name, fn) -> {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = fn.applyAsDouble(i);
            }
            out.put(name, v);
        });
        return out;
    }

    private static void panel(Graphics2D g, String title, Map<String, double[]> lines, int x, int y, int w, int h, int n) {
        int left = x + 56;
        int top = y + 28;
        int right = x + w - 12;
        int bottom = y + h - 40;
        g.setColor(new Color(0x22252B));
        g.fillRect(x + 4, y + 4, w - 8, h - 8);
        g.setColor(new Color(0xD8D9DA));
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.drawString(title, x + 12, y + 20);
        double max = 0;
        for (double[] v : lines.values()) {
            for (double d : v) {
                if (!Double.isNaN(d) && !Double.isInfinite(d)) {
                    max = Math.max(max, d);
                }
            }
        }
        max = max <= 0 ? 1 : max * 1.1;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.setColor(new Color(0x3A3D44));
        for (int t = 0; t <= 4; t++) {
            int ty = bottom - (bottom - top) * t / 4;
            g.drawLine(left, ty, right, ty);
            g.setColor(new Color(0x9FA1A6));
            g.drawString(label(max * t / 4), x + 8, ty + 4);
            g.setColor(new Color(0x3A3D44));
        }
        g.setColor(new Color(0x9FA1A6));
        g.drawString("0 s", left, bottom + 14);
        g.drawString((n - 1) + " s", right - 30, bottom + 14);
        int c = 0;
        int legendX = left;
        for (Map.Entry<String, double[]> line : lines.entrySet()) {
            Color color = COLORS[c++ % COLORS.length];
            g.setColor(color);
            g.setStroke(new BasicStroke(2f));
            double[] v = line.getValue();
            int px = -1;
            int py = -1;
            for (int i = 0; i < v.length; i++) {
                if (Double.isNaN(v[i]) || Double.isInfinite(v[i])) {
                    px = -1;
                    continue;
                }
                int cx = left + (right - left) * i / Math.max(1, n - 1);
                int cy = bottom - (int) ((bottom - top) * v[i] / max);
                if (px >= 0) {
                    g.drawLine(px, py, cx, cy);
                }
                px = cx;
                py = cy;
            }
            g.fillRect(legendX, bottom + 22, 10, 4);
            g.drawString(line.getKey(), legendX + 14, bottom + 28);
            legendX += 18 + g.getFontMetrics().stringWidth(line.getKey()) + 12;
        }
        g.setStroke(new BasicStroke(1f));
    }

    private static String label(double v) {
        if (v >= 1e6) {
            return String.format(Locale.ROOT, "%.1fM", v / 1e6);
        }
        if (v >= 1e3) {
            return String.format(Locale.ROOT, "%.1fk", v / 1e3);
        }
        return v >= 10 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }
}
