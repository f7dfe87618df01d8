package dev.heliograph.live.bench.fanout;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;

/**
 * Draws the fan-out cost curves from {@link FanoutRun}'s CSV into a PNG (no plotting library:
 * Java2D, headless) and writes the same rows as a Markdown table. Left panel: server CPU per
 * delivery against subscribers on one channel (both axes log), one line per server and rate, the
 * wide shape (many channels) as open squares; right panel: publish-to-last-receipt p99.
 *
 * <p>Run by {@code benchmarks/scripts/fanout-curves.sh}; single-use, main thread only.
 */
public final class CostCurvePlot {
    private static final Color[] COLORS = {new Color(0xD62728), new Color(0x1F77B4), new Color(0x2CA02C),
            new Color(0x9467BD), new Color(0xFF7F0E), new Color(0x8C564B), new Color(0xE377C2), new Color(0x7F7F7F),
            new Color(0xBCBD22), new Color(0x17BECF)};
    private static final int PANEL_W = 640;
    private static final int H = 480;
    private static final int MARGIN = 64;

    private record Row(Map<String, String> f) {
        String s(String key) {
            return f.getOrDefault(key, "");
        }

        double d(String key) {
            String v = s(key);
            return v.isEmpty() ? Double.NaN : Double.parseDouble(v);
        }

        int connections() {
            return Integer.parseInt(s("connections"));
        }

        boolean oneChannel() {
            return "1".equals(s("channels"));
        }

        String series() {
            return s("server") + " " + s("rate") + "/s";
        }
    }

    private CostCurvePlot() {}

    public static void main(String[] argv) throws IOException {
        Map<String, String> args = FanoutArgs.parse(argv);
        List<Row> rows = read(Path.of(FanoutArgs.required(args, "csv")));
        if (args.containsKey("md")) {
            Files.writeString(Path.of(args.get("md")), markdown(rows));
        }
        if (args.containsKey("png")) {
            BufferedImage image = new BufferedImage(2 * PANEL_W, H, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = image.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), H);
            panel(g, 0, rows, "cpu_us_per_delivery", "server CPU per delivery (us)");
            panel(g, PANEL_W, rows, "last_p99_ms", "publish -> last receipt p99 (ms)");
            g.dispose();
            ImageIO.write(image, "png", Path.of(args.get("png")).toFile());
        }
    }

    static List<Row> read(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        String[] header = lines.get(0).split(",");
        List<Row> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] values = line.split(",", -1);
            Map<String, String> f = new LinkedHashMap<>();
            for (int i = 0; i < header.length && i < values.length; i++) {
                f.put(header[i], values[i].replace("\"", ""));
            }
            rows.add(new Row(f));
        }
        return rows;
    }

    static String markdown(List<Row> rows) {
        StringBuilder md = new StringBuilder();
        md.append("| server | subscribers | channels | pubs/s | delivered / expected | CPU us/delivery | writes/delivery"
                + " | frames/delivery | latency p50 / p99 / max ms | pub->last p50 / p99 ms | HTTP p50 / p99 ms | load avg |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (Row r : rows) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s / %s | **%s** | %s | %s | %s / %s / %s | %s / %s | %s / %s | %s |%n",
                    r.s("server"), r.s("connections"), r.s("channels"), r.s("rate"), r.s("delivered"), r.s("expected"),
                    r.s("cpu_us_per_delivery"), r.s("writes_per_delivery"), r.s("frames_per_delivery"), r.s("lat_p50_ms"),
                    r.s("lat_p99_ms"), r.s("lat_max_ms"), r.s("last_p50_ms"), r.s("last_p99_ms"), r.s("http_p50_ms"),
                    r.s("http_p99_ms"), r.s("load_avg")));
        }
        return md.toString();
    }

    private static void panel(Graphics2D g, int x0, List<Row> rows, String metric, String title) {
        Map<String, TreeMap<Integer, Double>> lines = new TreeMap<>();
        List<Row> wide = new ArrayList<>();
        double maxY = 0;
        double minY = Double.MAX_VALUE;
        int minX = Integer.MAX_VALUE;
        int maxX = 1;
        for (Row r : rows) {
            double y = r.d(metric);
            if (Double.isNaN(y)) {
                continue;
            }
            maxY = Math.max(maxY, y);
            minY = Math.min(minY, Math.max(y, 1e-3));
            minX = Math.min(minX, r.connections());
            maxX = Math.max(maxX, r.connections());
            if (r.oneChannel()) {
                lines.computeIfAbsent(r.series(), k -> new TreeMap<>()).put(r.connections(), y);
            } else {
                wide.add(r);
            }
        }
        if (minX == Integer.MAX_VALUE) {
            return;
        }
        double logMin = Math.log10(Math.max(1, minX)) - 0.1;
        double logMax = Math.log10(maxX) + 0.1;
        double yLow = Math.floor(Math.log10(minY));
        double yHigh = Math.max(yLow + 1, Math.ceil(Math.log10(maxY)));
        int left = x0 + MARGIN;
        int right = x0 + PANEL_W - 20;
        int top = 40;
        int bottom = H - MARGIN;
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title + ", log scale", left, 24);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.drawLine(left, bottom, right, bottom);
        g.drawLine(left, top, left, bottom);
        for (int decade = (int) yLow; decade <= yHigh; decade++) {
            for (int m : new int[] {1, 2, 5}) {
                double ly = decade + Math.log10(m);
                if (ly > yHigh) {
                    continue;
                }
                int y = yPixel(ly, yLow, yHigh, top, bottom);
                g.setColor(new Color(m == 1 ? 0xC8C8C8 : 0xECECEC));
                g.drawLine(left + 1, y, right, y);
                g.setColor(Color.BLACK);
                double v = Math.pow(10, ly);
                g.drawString(v < 1 ? String.format(Locale.ROOT, "%.2f", v) : String.format(Locale.ROOT, "%,d", Math.round(v)), x0 + 8, y + 4);
            }
        }
        for (int decade = (int) Math.ceil(logMin); decade <= logMax; decade++) {
            for (int m : new int[] {1, 2, 5}) {
                double lx = decade + Math.log10(m);
                if (lx < logMin || lx > logMax) {
                    continue;
                }
                int x = left + (int) ((right - left) * (lx - logMin) / (logMax - logMin));
                g.drawLine(x, bottom, x, bottom + 4);
                g.drawString(String.format(Locale.ROOT, "%,d", Math.round(Math.pow(10, lx))), x - 12, bottom + 16);
            }
        }
        g.drawString("subscribers (log scale); open marks: many channels", left + 120, bottom + 36);
        int colour = 0;
        int legendY = top + 8;
        Map<String, Color> colours = new LinkedHashMap<>();
        for (Map.Entry<String, TreeMap<Integer, Double>> line : lines.entrySet()) {
            Color c = COLORS[colour++ % COLORS.length];
            colours.put(line.getKey(), c);
            g.setColor(c);
            g.setStroke(new BasicStroke(2f));
            int px = -1;
            int py = -1;
            for (Map.Entry<Integer, Double> point : line.getValue().entrySet()) {
                int x = left + (int) ((right - left) * (Math.log10(point.getKey()) - logMin) / (logMax - logMin));
                int y = yPixel(Math.log10(Math.max(point.getValue(), 1e-3)), yLow, yHigh, top, bottom);
                g.fillOval(x - 3, y - 3, 7, 7);
                if (px >= 0) {
                    g.drawLine(px, py, x, y);
                }
                px = x;
                py = y;
            }
            g.drawLine(right - 150, legendY - 4, right - 130, legendY - 4);
            g.setColor(Color.BLACK);
            g.drawString(line.getKey(), right - 124, legendY);
            legendY += 15;
        }
        for (Row r : wide) {
            Color c = colours.getOrDefault(r.series(), Color.GRAY);
            g.setColor(c);
            int x = left + (int) ((right - left) * (Math.log10(r.connections()) - logMin) / (logMax - logMin));
            int y = yPixel(Math.log10(Math.max(r.d(metric), 1e-3)), yLow, yHigh, top, bottom);
            g.drawRect(x - 4, y - 4, 8, 8);
        }
        g.setStroke(new BasicStroke(1f));
    }

    private static int yPixel(double logValue, double yLow, double yHigh, int top, int bottom) {
        return bottom - (int) ((bottom - top) * (logValue - yLow) / (yHigh - yLow));
    }
}
