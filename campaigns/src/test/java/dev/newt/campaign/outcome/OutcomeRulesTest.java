package dev.newt.campaign.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.core.event.CustomEvent;
import dev.newt.core.event.Event;
import dev.newt.core.event.EventKinds;
import dev.newt.core.event.GaveUp;
import dev.newt.core.event.HangDetected;
import dev.newt.core.event.ServerCrashed;
import dev.newt.core.event.ServerRestarted;
import dev.newt.results.Outcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The outcome rules of docs/OUTCOMES.md on crafted event logs and workload summaries. */
class OutcomeRulesTest {
    private static final String RX = "b.app.bulk-receiver";
    private static final String RPC = "a.app.rpc-client";
    private static final Integrity GOLDEN = Integrity.of(summaries(bulk(1000, 0, 0, 10_000_000), rpc(0, 0, 0, 0)));

    private static Map<String, Object> bulk(final long received, final long corrupted, final long errors,
                                            final long elapsed) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("workload", "bulk-receiver");
        m.put("bytesExpected", 1000L);
        m.put("bytesReceived", received);
        m.put("bytesCorrupted", corrupted);
        m.put("eof", true);
        m.put("complete", received == 1000);
        m.put("errorCount", errors);
        m.put("elapsedNanos", elapsed);
        return m;
    }

    private static Map<String, Object> rpc(final long failed, final long unfinished, final long corrupted,
                                           final long errors) {
        return Map.of("workload", "rpc-client", "failed", failed, "unfinished", unfinished, "corrupted", corrupted,
            "errorCount", errors, "elapsedNanos", 5_000_000L);
    }

    private static Map<String, Map<String, Object>> summaries(final Map<String, Object> bulk,
                                                              final Map<String, Object> rpc) {
        final Map<String, Map<String, Object>> m = new LinkedHashMap<>();
        if (bulk != null) {
            m.put(RX, bulk);
        }
        if (rpc != null) {
            m.put(RPC, rpc);
        }
        return m;
    }

    private static CustomEvent activated(final long t) {
        return new CustomEvent(t, "b.tcp", EventKinds.FAULT_ACTIVATED, Map.of("fault", "e0000"));
    }

    private static Classification classify(final List<Event> events, final Map<String, Map<String, Object>> s) {
        return OutcomeRules.classify(new RunObservation(events, s, List.of(RX, RPC), List.of(), 1_000_000_000L,
            List.of(), null, false), GOLDEN);
    }

    private static final Map<String, Map<String, Object>> INTACT = summaries(bulk(1000, 0, 0, 11_000_000),
        rpc(0, 0, 0, 0));

    @Test
    void aFaultThatNeverFiredIsNotActivated() {
        assertThat(classify(List.of(), INTACT).outcome()).isEqualTo(Outcome.NOT_ACTIVATED);
    }

    @Test
    void anActivationWithNothingDetectedAndTheWorkloadIntactIsMasked() {
        final Classification c = classify(List.of(activated(100)), INTACT);
        assertThat(c.outcome()).isEqualTo(Outcome.MASKED);
        assertThat(c.timeline().activatedAt()).isEqualTo(100);
        assertThat(c.timeline().detectionLatency()).isNull();
    }

    @Test
    void aCrashRestartedWithTheWorkloadIntactIsRecoveredWithItsLatencies() {
        final Classification c = classify(List.of(activated(100),
            new ServerCrashed(150, "b.tcp", 1, "InjectedFault", "boom", "handle"),
            new ServerRestarted(1150, "b.tcp", 1, 2, "checkpoint", 1000, 0, 0)), INTACT);
        assertThat(c.outcome()).isEqualTo(Outcome.RECOVERED);
        assertThat(c.timeline().detectionLatency()).isEqualTo(50);
        assertThat(c.timeline().recoveryTime()).isEqualTo(1000);
        assertThat(c.timeline().restarts()).isEqualTo(1);
        assertThat(c.detail()).isEqualTo("crashed b.tcp, restarted, workload intact");
    }

    @Test
    void aDetectionBeforeTheActivationIsNotTheFaultsDetection() {
        final Classification c = classify(List.of(new HangDetected(50, "b.ip", 1, 10), activated(100)), INTACT);
        assertThat(c.outcome()).isEqualTo(Outcome.MASKED);
    }

    @Test
    void aRecoveryThatLostAConnectionOrRequestsIsDegraded() {
        final List<Event> crash = List.of(activated(100), new ServerCrashed(100, "b.tcp", 1, "E", "m", "handle"),
            new ServerRestarted(200, "b.tcp", 1, 2, "fresh", 100, 0, 0));
        final Classification reset = classify(crash, summaries(bulk(400, 0, 1, 9_000_000), rpc(0, 0, 0, 0)));
        assertThat(reset.outcome()).isEqualTo(Outcome.DEGRADED);
        assertThat(reset.integrity().connectionsLost()).isEqualTo(1);
        assertThat(reset.integrity().bytesLost()).isEqualTo(600);
        final Classification failed = classify(crash, summaries(bulk(1000, 0, 0, 9_000_000), rpc(2, 1, 0, 0)));
        assertThat(failed.outcome()).isEqualTo(Outcome.DEGRADED);
        assertThat(failed.integrity().requestsFailed()).isEqualTo(3);
    }

    @Test
    void aWorkloadThatTookMoreThanTwiceTheGoldenRunsTimeIsDegraded() {
        final Classification c = classify(List.of(activated(100)), summaries(bulk(1000, 0, 0, 21_000_000),
            rpc(0, 0, 0, 0)));
        assertThat(c.outcome()).isEqualTo(Outcome.DEGRADED);
        assertThat(c.detail()).contains("undetected").contains("b.app.bulk-receiver took 21.0 ms (golden run 10.0 ms)");
    }

    @Test
    void anHttpFetchThatTookMoreThanTwiceTheGoldenRunsTimeIsDegraded() {
        final Map<String, Object> fast = Map.of("workload", "http-fetch", "fetches", 3L, "ok", 3L, "elapsedNanos",
            44_000_000L);
        final Map<String, Object> slow = Map.of("workload", "http-fetch", "fetches", 3L, "ok", 3L, "elapsedNanos",
            812_000_000L);
        final Integrity golden = Integrity.of(Map.of("a.app.http-fetch", fast));
        final Classification c = OutcomeRules.classify(new RunObservation(List.of(activated(100)),
            Map.of("a.app.http-fetch", slow), List.of("a.app.http-fetch"), List.of(), 1_000_000_000L, List.of(), null,
            false), golden);
        assertThat(c.outcome()).isEqualTo(Outcome.DEGRADED);
        assertThat(c.detail()).contains("a.app.http-fetch took 812.0 ms (golden run 44.0 ms)");
    }

    @Test
    void wrongDataIsCorruptedEvenWhenTheServerRecovered() {
        final List<Event> crash = List.of(activated(100), new ServerCrashed(100, "b.tcp", 1, "E", "m", "handle"),
            new ServerRestarted(200, "b.tcp", 1, 2, "fresh", 100, 0, 0));
        assertThat(classify(crash, summaries(bulk(1000, 16, 0, 9_000_000), rpc(0, 0, 0, 0))).outcome())
            .isEqualTo(Outcome.CORRUPTED);
        // Bytes missing from a stream that ended with no error: lost silently.
        final Classification silent = classify(List.of(activated(100)), summaries(bulk(900, 0, 0, 9_000_000),
            rpc(0, 0, 0, 0)));
        assertThat(silent.outcome()).isEqualTo(Outcome.CORRUPTED);
        assertThat(silent.detail()).contains("100 bytes lost from a stream that ended without an error");
    }

    @Test
    void givingUpAnUnfinishedWorkloadOrANeverRestartedServerIsFailed() {
        final List<Event> gaveUp = new ArrayList<>(List.of(activated(100),
            new ServerCrashed(100, "b.tcp", 1, "E", "m", "handle"), new GaveUp(300, "b.tcp", 3, 5, "intensity")));
        assertThat(classify(gaveUp, INTACT).detail()).isEqualTo("the supervisor gave up on b.tcp");
        final Classification unfinished = classify(List.of(activated(100)), summaries(null, rpc(0, 0, 0, 0)));
        assertThat(unfinished.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(unfinished.detail()).startsWith("workload b.app.bulk-receiver did not finish");
        final Classification hung = classify(List.of(activated(100), new HangDetected(200, "b.ip", 1, 100)), INTACT);
        assertThat(hung.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(hung.detail()).isEqualTo("hang-detected b.ip and was never restarted");
    }

    @Test
    void theHarnessFailingOrTheDeadlineComeFirst() {
        assertThat(OutcomeRules.classify(RunObservation.harnessError("boom"), GOLDEN).outcome())
            .isEqualTo(Outcome.HARNESS_ERROR);
        assertThat(OutcomeRules.classify(RunObservation.deadlineExceeded(List.of(activated(1))), GOLDEN).outcome())
            .isEqualTo(Outcome.FAILED);
    }

    @Test
    void aDuplicatedDatagramAnswerIsDegradedNotCorrupted() {
        final RunObservation run = new RunObservation(List.of(activated(1)), Map.of("a.app.echo-client",
            Map.of("workload", "udp-echo", "lost", 0L, "duplicated", 1L, "corrupted", 0L)),
            List.of("a.app.echo-client"), List.of(), 1, List.of(), null, false);
        final Classification c = OutcomeRules.classify(run, Integrity.of(Map.of()));
        assertThat(c.outcome()).isEqualTo(Outcome.DEGRADED);
        assertThat(c.detail()).contains("1 answers duplicated (golden run 0)");
    }

    @Test
    void lossesTheGoldenRunAlsoHadAreNotCountedAgainstTheFault() {
        final Integrity lossyGolden = Integrity.of(Map.of("a.app.echo-client", Map.of("workload", "udp-echo", "lost",
            5L, "duplicated", 0L, "corrupted", 0L)));
        final RunObservation run = new RunObservation(List.of(activated(1)), Map.of("a.app.echo-client",
            Map.of("workload", "udp-echo", "lost", 9L, "duplicated", 0L, "corrupted", 0L)),
            List.of("a.app.echo-client"), List.of(), 1, List.of(), null, false);
        assertThat(OutcomeRules.classify(run, lossyGolden).outcome()).isEqualTo(Outcome.MASKED);
        final RunObservation worse = new RunObservation(List.of(activated(1)), Map.of("a.app.echo-client",
            Map.of("workload", "udp-echo", "lost", 11L, "duplicated", 0L, "corrupted", 0L)),
            List.of("a.app.echo-client"), List.of(), 1, List.of(), null, false);
        assertThat(OutcomeRules.classify(worse, lossyGolden).outcome()).isEqualTo(Outcome.DEGRADED);
    }

    @Test
    void aRunWhoseFaultDidNotFireButWhoseServerHungFalselyIsNotNotActivated() {
        // Threaded executor: a false hang detection and a restart, the fault never fired.
        final Classification c = classify(List.of(new HangDetected(50, "b.tcp", 1, 20_000_000),
            new ServerRestarted(60, "b.tcp", 1, 2, "checkpoint", 10, 0, 1)), INTACT);
        assertThat(c.outcome()).isEqualTo(Outcome.RECOVERED);
        assertThat(c.detail()).startsWith("the fault did not fire").contains("hang-detected b.tcp");
        assertThat(c.timeline().activatedAt()).isNull();
    }

    @Test
    void aRunWhoseFaultDidNotFireButWhoseWorkloadNeverFinishedFails() {
        final Classification c = classify(List.of(), summaries(bulk(1000, 0, 0, 11_000_000), null));
        assertThat(c.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(c.detail()).startsWith("the fault did not fire").contains(RPC + " did not finish");
    }

    @Test
    void aRunWhoseFaultDidNotFireButWhoseCrashWasNeverRestartedFailsAndSaysWhere() {
        final Classification c = classify(List.of(new ServerCrashed(50, "b.tcp", 1, "java.lang.IllegalStateException",
            "boom", "Segment", List.of("dev.newt.net.tcp.TcpServer.handle(TcpServer.java:1)"))), INTACT);
        assertThat(c.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(c.detail()).startsWith("the fault did not fire").contains("crashed b.tcp and was never restarted");
        assertThat(c.crash()).isEqualTo("IllegalStateException: boom at dev.newt.net.tcp.TcpServer.handle(TcpServer.java:1)");
    }

    @Test
    void aRunWhoseFaultDidNotFireAndWhoseWorkloadLostServiceIsDegraded() {
        final Classification c = classify(List.of(), summaries(bulk(1000, 0, 1, 11_000_000), rpc(0, 0, 0, 0)));
        assertThat(c.outcome()).isEqualTo(Outcome.DEGRADED);
        assertThat(c.detail()).startsWith("the fault did not fire").contains("connections lost");
    }

    @Test
    void slowWorkloadsAreListedInServerOrderSoThatTheDetailIsTheSameInEveryJvm() {
        final Map<String, Map<String, Object>> s = new LinkedHashMap<>();
        for (String server : List.of("f.app", "b.app", "e.app", "a.app", "d.app", "c.app", "h.app", "g.app")) {
            s.put(server, Map.of("workload", "bulk-sender", "elapsedNanos", 7L));
        }
        assertThat(Integrity.of(s).elapsedNanos().keySet())
            .containsExactly("a.app", "b.app", "c.app", "d.app", "e.app", "f.app", "g.app", "h.app");
    }
}
