package dev.heliograph.live.bench.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The cost-curve plot and table")
class CostCurvePlotTest {

    @Test
    @DisplayName("turns the harness's CSV into one Markdown row per run and a PNG of two panels")
    void plotsTheCsv(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("runs.csv");
        Files.writeString(csv, FanoutRun.CSV_HEADER + "\n"
                + "2026-11-30T01:00:00Z,raw,1000,1,20,5,1000,100,100000,100000,800,8.000,1.001,1.000,12.0,74.9,84.4,19.1,83.8,84.4,20.5,85.7,111.6,\"1.00 1.00 1.00\"\n"
                + "2026-11-30T01:01:00Z,raw,5000,1,20,5,5000,100,500000,499000,3000,6.012,1.000,1.000,12.0,74.9,84.4,19.1,83.8,84.4,20.5,85.7,111.6,\"1.00 1.00 1.00\"\n"
                + "2026-11-30T01:02:00Z,raw,1000,100,20,5,1000,100,1000,1000,30,30.000,1.000,1.000,1.0,2.0,3.0,1.0,2.0,3.0,1.0,2.0,3.0,\"1.00 1.00 1.00\"\n");
        Path png = dir.resolve("curves.png");
        Path md = dir.resolve("curves.md");

        CostCurvePlot.main(new String[] {"--csv", csv.toString(), "--png", png.toString(), "--md", md.toString()});

        assertThat(Files.readAllLines(md)).hasSize(2 + 3)
                .anySatisfy(line -> assertThat(line).startsWith("| raw | 5000 | 1 | 20 | 499000 / 500000 | **6.012** |"));
        assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(1280);
    }
}
