package dev.newt.report;

import static dev.newt.report.ResultsFixture.experiment;
import static org.assertj.core.api.Assertions.assertThat;

import dev.newt.results.CampaignManifest;
import dev.newt.results.ExperimentResult;
import dev.newt.results.Outcome;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** The HTML page is well formed, self-contained, and shows hostile names as text. */
@ExtendWith(CraftedReport.Shared.class)
class HtmlReportTest {
    private static final String EVIL = "<script>alert('x')</script>&\"";
    private static final Pattern EXTERNAL = Pattern.compile(
        "(?i)(?:src|href)\\s*=\\s*[\"']?\\s*(?:https?:|//|file:|ftp:)|@import|url\\(\\s*[\"']?\\s*(?:https?:|//)");

    static Path crafted;
    @TempDir
    static Path hostile;
    static String craftedHtml;
    static String hostileHtml;

    @BeforeAll
    static void writeReports(final CraftedReport report) throws IOException {
        crafted = report.dir;
        craftedHtml = Files.readString(report.files.html());
        final CampaignManifest m = ResultsFixture.manifest(EVIL, 2);
        final List<ExperimentResult> results = new ArrayList<>(List.of(ResultsFixture.golden(),
            experiment(0, "a.tcp" + EVIL, "crash" + EVIL, Outcome.RECOVERED, 1.0, 2.0),
            experiment(1, "b|ip", "hang\nnext", Outcome.FAILED, 1.0, null)));
        new ResultsFixture(hostile).manifest(m).results(results);
        hostileHtml = Files.readString(Reports.write(hostile).html());
    }

    @Test
    void pageParsesAsXml() throws Exception {
        for (String html : List.of(craftedHtml, hostileHtml)) {
            final Document doc = parse(html);
            assertThat(doc.getDocumentElement().getLocalName()).isEqualTo("html");
        }
    }

    @Test
    void pageReferencesNoExternalResourceAndRunsNoScript() throws Exception {
        for (String html : List.of(craftedHtml, hostileHtml)) {
            assertThat(EXTERNAL.matcher(html).find()).as("external reference").isFalse();
            assertThat(html).doesNotContainIgnoringCase("<script").doesNotContainIgnoringCase("<link")
                .doesNotContainIgnoringCase("<iframe").doesNotContain("<!DOCTYPE svg");
            final Document doc = parse(html);
            for (String tag : List.of("a", "img", "image", "use")) {
                final NodeList nodes = doc.getElementsByTagNameNS("*", tag);
                for (int i = 0; i < nodes.getLength(); i++) {
                    final Element e = (Element) nodes.item(i);
                    final String href = e.hasAttribute("href") ? e.getAttribute("href")
                        : e.getAttributeNS("http://www.w3.org/1999/xlink", "href");
                    assertThat(href).as(tag + " link").doesNotContain(":").doesNotStartWith("//");
                }
            }
        }
    }

    @Test
    void hostileNamesAppearAsTextNotMarkup() throws Exception {
        assertThat(hostileHtml).doesNotContain("<script>alert").contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
        final Document doc = parse(hostileHtml);
        assertThat(doc.getElementsByTagNameNS("*", "title").item(0).getTextContent()).isEqualTo("Newt report: " + EVIL);
    }

    @Test
    void craftedPageHoldsChartsTimelinesAndLinksToEventLogs() throws Exception {
        final Document doc = parse(craftedHtml);
        // two distributions and six timelines
        assertThat(doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "svg").getLength()).isEqualTo(8);
        assertThat(doc.getElementById("timeline-e0000")).isNotNull();
        assertThat(craftedHtml).contains("<a href=\"events/e0005.jsonl\">e0005.jsonl</a>")
            .contains("Timelines are drawn for the golden run");
        final NodeList links = doc.getElementsByTagNameNS("*", "a");
        int logs = 0;
        for (int i = 0; i < links.getLength(); i++) {
            final String href = ((Element) links.item(i)).getAttribute("href");
            if (href.startsWith("events/")) {
                assertThat(crafted.resolve(href)).isRegularFile();
                logs++;
            }
        }
        assertThat(logs).as("experiment table and timeline table links").isEqualTo(11 + 6);
    }

    @Test
    void svgIdsAreUniqueInThePage() throws Exception {
        final List<String> ids = new ArrayList<>();
        final java.util.regex.Matcher m = Pattern.compile(" id=\"([^\"]+)\"").matcher(craftedHtml);
        while (m.find()) {
            ids.add(m.group(1));
        }
        assertThat(ids).doesNotHaveDuplicates();
    }

    static Document parse(final String html) throws Exception {
        final DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.setExpandEntityReferences(false);
        final Document doc = f.newDocumentBuilder().parse(new InputSource(new StringReader(html)));
        // getElementById needs id attributes declared; the page's are plain attributes named id.
        final NodeList all = doc.getElementsByTagNameNS("*", "*");
        for (int i = 0; i < all.getLength(); i++) {
            final Element e = (Element) all.item(i);
            if (e.hasAttribute("id")) {
                e.setIdAttribute("id", true);
            }
        }
        return doc;
    }
}
