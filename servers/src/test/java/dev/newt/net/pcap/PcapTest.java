package dev.newt.net.pcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.newt.net.wire.EtherType;
import dev.newt.net.wire.EthernetFrame;
import dev.newt.net.wire.IcmpEcho;
import dev.newt.net.wire.IpProtocol;
import dev.newt.net.wire.Ipv4Address;
import dev.newt.net.wire.Ipv4Packet;
import dev.newt.net.wire.MacAddress;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

class PcapTest {
    /** 00:00:00 on 14 Nov 2023 plus 123456 microseconds: a plausible, exactly representable capture time. */
    private static final long T0 = 1_699_920_000_123_456_000L;

    private Path file;

    @BeforeEach
    void pathPerTest(final TestInfo info) throws IOException {
        // relative to the module directory, where Maven runs the tests
        final Path dir = Path.of("target", "pcap");
        Files.createDirectories(dir);
        file = dir.resolve(info.getTestMethod().orElseThrow().getName() + ".pcap");
    }

    private static byte[] hex(final String spaced) {
        return HexFormat.of().parseHex(spaced.replaceAll("\\s+", ""));
    }

    private static List<PcapRecord> sampleFrames() {
        final MacAddress a = MacAddress.parse("02:00:00:00:00:01");
        final MacAddress b = MacAddress.parse("02:00:00:00:00:02");
        final Ipv4Address ipA = Ipv4Address.parse("10.0.0.1");
        final Ipv4Address ipB = Ipv4Address.parse("10.0.0.2");
        final byte[] ping = EthernetFrame.of(b, a, EtherType.IPV4, Ipv4Packet.of(ipA, ipB, IpProtocol.ICMP, 1, 64,
                ByteBuffer.wrap(IcmpEcho.request(7, 1, "newt".getBytes(StandardCharsets.US_ASCII)).encode())).encode())
                .encode();
        final byte[] big = new byte[1514];
        Arrays.fill(big, (byte) 0x5a);
        final List<PcapRecord> records = new ArrayList<>();
        records.add(new PcapRecord(T0, ping));
        records.add(new PcapRecord(T0 + 1_000, big)); // one microsecond later
        records.add(new PcapRecord(T0 + 999_999_000L, new byte[60])); // just before the second rolls over
        records.add(new PcapRecord(T0 + 1_000_000_000L, new byte[14]));
        records.add(new PcapRecord(0, new byte[0])); // the epoch, and an empty record
        return records;
    }

    private void writeAll(final List<PcapRecord> records) throws IOException {
        try (PcapWriter w = new PcapWriter(file)) {
            for (final PcapRecord r : records) {
                w.write(r.timestampNanos(), r.frame());
            }
        }
    }

    @Test
    void framesAndTimestampsRoundTripThroughAFile() throws IOException {
        final List<PcapRecord> records = sampleFrames();
        writeAll(records);
        assertThat(PcapReader.readAll(file)).containsExactlyElementsOf(records);
        try (PcapReader r = new PcapReader(file)) {
            assertThat(r.linkType()).isEqualTo(1);
            assertThat(r.snapLength()).isEqualTo(65535);
            assertThat(r.version()).isEqualTo("2.4");
            assertThat(r.byteOrder()).isEqualTo(ByteOrder.BIG_ENDIAN);
            assertThat(r.nanosecondResolution()).isFalse();
        }
    }

    @Test
    void globalAndRecordHeadersAreExactlyTheClassicLayout() throws IOException {
        try (PcapWriter w = new PcapWriter(file)) {
            w.write(1_500_007_000L, new byte[] {1, 2, 3}); // 1 s + 500007 us
        }
        final byte[] bytes = Files.readAllBytes(file);
        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(HexFormat.of().formatHex(hex(
                "a1 b2 c3 d4" // magic, big-endian
                + " 00 02 00 04" // version 2.4
                + " 00 00 00 00" // thiszone
                + " 00 00 00 00" // sigfigs
                + " 00 00 ff ff" // snaplen 65535
                + " 00 00 00 01" // LINKTYPE_ETHERNET
                + " 00 00 00 01 00 07 a1 27" // 1 s, 500007 us = 0x7a127
                + " 00 00 00 03 00 00 00 03" // captured 3, original 3
                + " 01 02 03")));
    }

    @Test
    void subMicrosecondPartOfATimestampIsCutOff() throws IOException {
        try (PcapWriter w = new PcapWriter(file)) {
            w.write(1_234_567_891L, new byte[] {9});
        }
        assertThat(PcapReader.readAll(file)).extracting(PcapRecord::timestampNanos).containsExactly(1_234_567_000L);
    }

    @Test
    void frameLongerThanTheSnaplenIsCutAndKeepsItsOriginalLength() throws IOException {
        final byte[] jumbo = new byte[70_000];
        jumbo[65_534] = 42;
        try (PcapWriter w = new PcapWriter(file)) {
            w.write(T0, jumbo);
        }
        final PcapRecord r = PcapReader.readAll(file).get(0);
        assertThat(r.frame()).hasSize(65_535);
        assertThat(r.frame()[65_534]).isEqualTo((byte) 42);
        assertThat(r.originalLength()).isEqualTo(70_000);
        assertThat(r.truncated()).isTrue();
    }

    @Test
    void closeFlushesAndFlushShowsRecordsWhileOpen() throws IOException {
        final PcapWriter w = new PcapWriter(file);
        w.write(T0, new byte[60]);
        w.flush();
        assertThat(Files.size(file)).isEqualTo(24 + 16 + 60);
        w.write(T0, new byte[61]);
        w.close();
        w.close(); // twice is harmless
        assertThat(Files.size(file)).isEqualTo(24 + 16 + 60 + 16 + 61);
        assertThatThrownBy(() -> w.write(T0, new byte[1])).isInstanceOf(IOException.class);
    }

    @Test
    void timestampsOutsidePcapRangeAreRefused() throws IOException {
        try (PcapWriter w = new PcapWriter(file)) {
            assertThatThrownBy(() -> w.write(-1, new byte[1])).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> w.write((1L << 32) * 1_000_000_000L, new byte[1]))
                    .isInstanceOf(IllegalArgumentException.class);
            w.write(((1L << 32) - 1) * 1_000_000_000L, new byte[1]); // the last second still fits
        }
        assertThat(PcapReader.readAll(file).get(0).timestampNanos()).isEqualTo(((1L << 32) - 1) * 1_000_000_000L);
    }

    @Test
    void readsLittleEndianMicrosecondFilesAsLibpcapOnX86WritesThem() throws IOException {
        final byte[] le = hex("d4 c3 b2 a1 02 00 04 00 00 00 00 00 00 00 00 00 ff ff 00 00 01 00 00 00"
                + " 02 00 00 00 0a 00 00 00 02 00 00 00 04 00 00 00 ab cd");
        try (PcapReader r = new PcapReader(new ByteArrayInputStream(le), "le.pcap")) {
            assertThat(r.byteOrder()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
            final PcapRecord rec = r.next().orElseThrow();
            assertThat(rec.timestampNanos()).isEqualTo(2_000_010_000L);
            assertThat(rec.frame()).containsExactly(0xab, 0xcd);
            assertThat(rec.originalLength()).isEqualTo(4);
            assertThat(r.next()).isEmpty();
        }
    }

    @Test
    void readsNanosecondResolutionFiles() throws IOException {
        final byte[] ns = hex("a1 b2 3c 4d 00 02 00 04 00 00 00 00 00 00 00 00 00 00 ff ff 00 00 00 01"
                + " 00 00 00 03 3b 9a c9 ff 00 00 00 01 00 00 00 01 ee");
        try (PcapReader r = new PcapReader(new ByteArrayInputStream(ns), "ns.pcap")) {
            assertThat(r.nanosecondResolution()).isTrue();
            assertThat(r.next().orElseThrow().timestampNanos()).isEqualTo(3_999_999_999L);
        }
    }

    @Test
    void malformedFilesNameTheFileAndTheByteOffset() throws IOException {
        writeAll(sampleFrames());
        final byte[] good = Files.readAllBytes(file);
        final String name = file.toString();

        expectMalformed(new byte[0], name, 0, "global header");
        expectMalformed(Arrays.copyOf(good, 10), name, 10, "global header");
        final byte[] badMagic = good.clone();
        badMagic[0] = 0x0a; // pcapng starts 0a 0d 0d 0a
        expectMalformed(badMagic, name, 0, "magic");
        final byte[] badVersion = good.clone();
        badVersion[5] = 1;
        expectMalformed(badVersion, name, 4, "version");

        // first record header starts at 24, its data at 40
        expectMalformed(Arrays.copyOf(good, 30), name, 24, "record header");
        expectMalformed(Arrays.copyOf(good, 45), name, 40, "record data");
        final byte[] badMicros = good.clone();
        ByteBuffer.wrap(badMicros).putInt(28, 1_000_000);
        expectMalformed(badMicros, name, 28, "sub-second");
        final byte[] hugeLength = good.clone();
        ByteBuffer.wrap(hugeLength).putInt(32, 0x7fff_ffff);
        expectMalformed(hugeLength, name, 32, "captured length");
        final byte[] shortOriginal = good.clone();
        ByteBuffer.wrap(shortOriginal).putInt(36, 1);
        expectMalformed(shortOriginal, name, 36, "original length");
    }

    private static void expectMalformed(final byte[] bytes, final String name, final long offset, final String what) {
        assertThatThrownBy(() -> {
            try (PcapReader r = new PcapReader(new ByteArrayInputStream(bytes), name)) {
                r.readAll();
            }
        }).isInstanceOfSatisfying(PcapFormatException.class, e -> {
            assertThat(e.source()).isEqualTo(name);
            assertThat(e.offset()).isEqualTo(offset);
            assertThat(e.getMessage()).contains(name).contains("byte offset " + offset).contains(what);
        });
    }

    @Test
    void malformedFileOnDiskIsReportedWithItsPath() throws IOException {
        Files.write(file, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> PcapReader.readAll(file))
                .isInstanceOf(PcapFormatException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("byte offset 3");
    }

    @Test
    void mutatedFilesEitherReadOrFailWithAFormatError() throws IOException {
        writeAll(sampleFrames());
        final byte[] good = Files.readAllBytes(file);
        final java.util.SplittableRandom rng = new java.util.SplittableRandom(20_240_601L);
        for (int i = 0; i < 2_000; i++) {
            byte[] m = good.clone();
            if (rng.nextBoolean()) {
                m = Arrays.copyOf(m, rng.nextInt(m.length));
            }
            for (int flips = rng.nextInt(4); flips > 0 && m.length > 0; flips--) {
                final int at = rng.nextInt(Math.min(m.length, 200)); // headers live near the start
                m[at] ^= (byte) (1 << rng.nextInt(8));
            }
            try (PcapReader r = new PcapReader(new ByteArrayInputStream(m), "fuzz-" + i)) {
                r.readAll();
            } catch (PcapFormatException expected) {
                assertThat(expected.getMessage()).startsWith("fuzz-" + i + ": ");
            }
        }
    }

    @Test
    void capinfosAgreesWhenInstalled() throws Exception {
        final Optional<Path> capinfos = onPath("capinfos");
        assumeTrue(capinfos.isPresent(), "capinfos (Wireshark) not installed; the file format is checked above");
        final List<PcapRecord> records = sampleFrames();
        writeAll(records);
        final Process p = new ProcessBuilder(capinfos.get().toString(), "-c", "-M", file.toString())
                .redirectErrorStream(true).start();
        final boolean done = p.waitFor(30, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(done).as("capinfos finished").isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).containsPattern("Number of packets:\\s+" + records.size());
    }

    private static Optional<Path> onPath(final String program) {
        final String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Arrays.stream(path.split(File.pathSeparator))
                .map(dir -> Path.of(dir, program))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
