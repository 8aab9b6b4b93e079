package dev.newt.report.render;

import dev.newt.report.table.Rerun;
import dev.newt.results.CampaignManifest;
import dev.newt.results.ExperimentResult;
import dev.newt.results.Outcome;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * {@code junit.xml}: the campaign as a test run for CI (Jenkins, GitLab, GitHub): one test suite,
 * one test case per experiment and one for the golden run. {@code failed}, {@code corrupted} and
 * {@code harness-error} are failures whose message is the result's detail; {@code not-activated}
 * is skipped (the fault was never exercised); every other outcome passes. Valid against the
 * JUnit XML schema that Jenkins reads (junit-10.xsd).
 */
public final class JunitXml {
    /** The outcomes a CI server shows as failed tests. */
    public static final Set<Outcome> FAILURES = Set.of(Outcome.FAILED, Outcome.CORRUPTED, Outcome.HARNESS_ERROR);

    private JunitXml() {
    }

    /** @param content the report @return the XML document */
    public static String render(final ReportContent content) {
        return write(content.name(), content.report().results().manifest().orElse(null),
            content.report().results().results());
    }

    private static String write(final String name, final CampaignManifest m, final List<ExperimentResult> results) {
        final StringWriter out = new StringWriter();
        try {
            final XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            x.writeStartDocument("UTF-8", "1.0");
            x.writeCharacters("\n");
            final long failures = results.stream().filter(r -> FAILURES.contains(r.outcome())).count();
            final long skipped = results.stream().filter(r -> r.outcome() == Outcome.NOT_ACTIVATED && !r.golden())
                .count();
            final String time = seconds(results.stream().mapToLong(ExperimentResult::wallMillis).sum());
            x.writeStartElement("testsuites");
            x.writeAttribute("name", "newt campaign " + name);
            x.writeAttribute("tests", Integer.toString(results.size()));
            x.writeAttribute("failures", Long.toString(failures));
            x.writeAttribute("errors", "0");
            x.writeAttribute("time", time);
            x.writeCharacters("\n  ");
            x.writeStartElement("testsuite");
            x.writeAttribute("name", name);
            x.writeAttribute("tests", Integer.toString(results.size()));
            x.writeAttribute("failures", Long.toString(failures));
            x.writeAttribute("errors", "0");
            x.writeAttribute("skipped", Long.toString(skipped));
            x.writeAttribute("time", time);
            if (m != null && m.startedAt() != null) {
                // The schema's timestamp is an xs:dateTime without a zone designator.
                x.writeAttribute("timestamp", m.startedAt().replaceFirst("(\\.\\d+)?Z$", ""));
            }
            if (m != null) {
                properties(x, m);
            }
            for (ExperimentResult r : results) {
                testcase(x, name, m, r);
            }
            x.writeCharacters("\n  ");
            x.writeEndElement();
            x.writeCharacters("\n");
            x.writeEndElement();
            x.writeCharacters("\n");
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write junit.xml", e);
        }
        return out.toString();
    }

    private static void properties(final XMLStreamWriter x, final CampaignManifest m) throws XMLStreamException {
        x.writeCharacters("\n    ");
        x.writeStartElement("properties");
        final List<String[]> p = new ArrayList<>();
        p.add(new String[] {"seed", Long.toString(m.seed())});
        p.add(new String[] {"executor", m.executor()});
        p.add(new String[] {"file", m.file()});
        p.add(new String[] {"command", m.command()});
        p.add(new String[] {"gitCommit", m.gitCommit()});
        for (String[] kv : p) {
            x.writeCharacters("\n      ");
            x.writeEmptyElement("property");
            x.writeAttribute("name", kv[0]);
            x.writeAttribute("value", clean(kv[1]));
        }
        x.writeCharacters("\n    ");
        x.writeEndElement();
    }

    private static void testcase(final XMLStreamWriter x, final String campaign, final CampaignManifest m,
                                 final ExperimentResult r) throws XMLStreamException {
        x.writeCharacters("\n    ");
        x.writeStartElement("testcase");
        x.writeAttribute("name", r.golden() ? "golden run" : r.id() + " " + r.faultType() + " in " + r.target()
            + (r.trigger() == null ? "" : " (" + r.trigger() + ")"));
        x.writeAttribute("classname", "newt." + campaign + (r.target() == null ? "" : "." + r.target()));
        x.writeAttribute("time", seconds(r.wallMillis()));
        final String detail = clean(r.outcome().label() + ": " + r.detail());
        if (FAILURES.contains(r.outcome())) {
            x.writeStartElement("failure");
            x.writeAttribute("message", detail);
            x.writeAttribute("type", r.outcome().label());
            x.writeCharacters(clean(body(m, r)));
            x.writeEndElement();
        } else if (r.outcome() == Outcome.NOT_ACTIVATED && !r.golden()) {
            x.writeEmptyElement("skipped");
            x.writeAttribute("message", detail);
        }
        x.writeStartElement("system-out");
        x.writeCharacters(clean(body(m, r)));
        x.writeEndElement();
        x.writeEndElement();
    }

    private static String body(final CampaignManifest m, final ExperimentResult r) {
        final StringBuilder b = new StringBuilder(r.outcome().label()).append(": ").append(r.detail());
        if (r.crash() != null) {
            b.append("\ncrash: ").append(r.crash());
        }
        if (r.eventLog() != null) {
            b.append("\nevent log: ").append(r.eventLog());
        }
        if (m != null && !r.golden()) {
            b.append("\nrun again: ").append(Rerun.command(m, r));
        }
        return b.toString();
    }

    private static String seconds(final long millis) {
        return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
    }

    /** XML 1.0 allows no control characters but tab, newline and carriage return. */
    private static String clean(final String s) {
        return s == null ? "" : s.replaceAll("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F]", "?");
    }
}
