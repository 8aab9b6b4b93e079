package dev.newt.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.newt.results.ExperimentResult;
import dev.newt.results.Outcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report is readable in a 1,200 px wide window: the page never scrolls sideways, the outcome
 * matrix of a campaign as wide as the default one (13 servers, 9 fault types) fits without
 * scrolling, and a table too wide for the page scrolls inside a box no taller than the window, so
 * that its horizontal scroll bar is on screen. Measured by headless Chromium with a script added
 * to a copy of the page; skipped when Chromium is not installed.
 */
class ReadableAt1200Test {
    static final int WIDTH = 1200;
    static final int HEIGHT = 900;
    static final String[] SERVERS = {"wire", "a.nic", "a.ip", "a.pf", "a.udp", "a.tcp", "a.sock", "b.nic", "b.ip",
        "b.pf", "b.udp", "b.tcp", "b.sock"};
    static final String[] FAULTS = {"crash", "hang", "delay(delay=5ms)", "corrupt-state", "corrupt-message",
        "drop-message", "duplicate-message", "wrong-return(mode=default)", "leak"};

    /** Measures the page after it has laid out: what sticks out, and every box that scrolls sideways. */
    private static final String MEASURE = """
        <script>
        window.addEventListener('load', function () {
          var vw = document.documentElement.clientWidth, vh = window.innerHeight, lines = [];
          lines.push('page ' + document.documentElement.scrollWidth + ' ' + vw);
          document.querySelectorAll('.scroll').forEach(function (box) {
            var t = box.querySelector('table');
            lines.push('box ' + (t ? t.className : '-') + ' ' + box.scrollWidth + ' ' + box.clientWidth + ' '
              + box.getBoundingClientRect().height + ' ' + vh);
          });
          var pre = document.createElement('pre');
          pre.id = 'measured';
          pre.textContent = lines.join('\\n');
          document.body.appendChild(pre);
        });
        </script>
        """;

    @TempDir
    Path dir;

    @Test
    void aCampaignAsWideAsTheDefaultOneIsReadableAt1200Pixels() throws Exception {
        final Optional<String> chromium = Chromium.find();
        assumeTrue(chromium.isPresent(), "chromium is not installed: skipping");
        final Path results = Files.createDirectories(dir.resolve("results"));
        write(results);
        final Path html = Reports.write(results).html();
        final Path page = dir.resolve("measured.html");
        Files.writeString(page, Files.readString(html).replace("</body>", MEASURE + "</body>"), StandardCharsets.UTF_8);

        final String dom = Chromium.dumpDom(chromium.get(), page, dir, WIDTH, HEIGHT);
        final Matcher m = Pattern.compile("<pre id=\"measured\">(.*?)</pre>", Pattern.DOTALL).matcher(dom);
        assertThat(m.find()).as("the measuring script ran").isTrue();
        final List<String> lines = List.of(m.group(1).split("\n"));
        System.out.println("at " + WIDTH + " px: " + lines);
        final String[] pageLine = lines.get(0).split(" ");
        assertThat(Integer.parseInt(pageLine[1])).as("the page's width").isLessThanOrEqualTo(WIDTH);
        int grids = 0;
        for (String line : lines.subList(1, lines.size())) {
            final String[] f = line.split(" ");
            final int content = Integer.parseInt(f[2]);
            final int box = Integer.parseInt(f[3]);
            final double height = Double.parseDouble(f[4]);
            final int window = Integer.parseInt(f[5]);
            if (f[1].equals("grid")) {
                grids++;
                assertThat(content).as("the outcome matrix fits: " + line).isLessThanOrEqualTo(box + 1);
            } else if (content > box + 1) {
                assertThat(height).as("a wide table scrolls in a box no taller than the window: " + line)
                    .isLessThanOrEqualTo(window);
            }
        }
        assertThat(grids).isEqualTo(1);
    }

    /** 117 experiments, a fault of each type in each server, with long details and crash frames. */
    private static void write(final Path dir) {
        final List<ExperimentResult> all = new ArrayList<>();
        all.add(ResultsFixture.golden());
        int i = 0;
        for (String server : SERVERS) {
            for (String fault : FAULTS) {
                final Outcome o = Outcome.values()[i % 6];
                final ExperimentResult r = ResultsFixture.experiment(i, server, fault, o, 1.0, 10.0);
                all.add(new ExperimentResult(r.id(), r.index(), r.target(), r.faultType(), r.trigger(), r.repetition(),
                    r.seed(), r.outcome(), "crashed " + server + ", restarted; service lost: 3 connections lost "
                    + "(golden run 0), 40 requests failed (golden run 1), 65536 bytes lost (golden run 0)",
                    r.activatedAt(), r.detectionLatencyNanos(), r.recoveryNanos(), r.restarts(), r.connectionsLost(),
                    r.bytesLost(), r.bytesDuplicated(), r.bytesCorrupted(), r.requestsFailed(), r.workload(),
                    r.updates(), r.wallMillis(), r.runtimeNanos(), r.eventLog(), "checkpoint+replay", 100,
                    480_000_000L, "IllegalStateException: injected at dev.newt.net.tcp.TcpServer.handle(TcpServer.java:120)"
                    + " < dev.newt.net.tcp.Connection.onSegment(Connection.java:88)"));
                i++;
            }
        }
        new ResultsFixture(dir).manifest(ResultsFixture.manifest("wide", all.size() - 1)).results(all);
    }
}
